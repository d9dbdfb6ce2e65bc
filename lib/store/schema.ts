// The store's tables (Drizzle, PostgreSQL dialect; PGlite runs the same SQL). Migrations in
// ./migrations are generated from this file with `npx drizzle-kit generate`.
import { bigint, bigserial, customType, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

export const namespaces = pgTable("namespaces", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().unique(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const brokers = pgTable(
  "brokers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    namespaceId: uuid("namespace_id")
      .notNull()
      .references(() => namespaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** Overrides of lib/broker/limits.ts defaults. */
    limits: jsonb("limits").$type<Record<string, number>>().notNull().default({}),
    /** Default lifetime of issued device credentials in seconds; null: they do not expire. */
    credentialExpiration: integer("credential_expiration"),
    /** Host names a script hook's fetch() may reach (`api.example.com`, `*.example.com`). */
    fetchAllowList: jsonb("fetch_allow_list").$type<string[]>().notNull().default([]),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("brokers_namespace_name").on(t.namespaceId, t.name)],
);

export const retainedMessages = pgTable(
  "retained_messages",
  {
    brokerId: uuid("broker_id")
      .notNull()
      .references(() => brokers.id, { onDelete: "cascade" }),
    topic: text("topic").notNull(),
    payload: bytea("payload").notNull(),
    qos: smallint("qos").notNull(),
    /** MQTT 5 properties and publisher metadata, JSON-safe (lib/broker/persistence.ts). */
    properties: jsonb("properties").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.brokerId, t.topic] })],
);

export const sessions = pgTable(
  "sessions",
  {
    brokerId: uuid("broker_id")
      .notNull()
      .references(() => brokers.id, { onDelete: "cascade" }),
    clientId: text("client_id").notNull(),
    /** Seconds (MQTT's four-byte interval fits a PostgreSQL bigint, not an integer). */
    expiryInterval: bigint("expiry_interval", { mode: "number" }).notNull(),
    disconnectedAt: timestamp("disconnected_at", { withTimezone: true }),
    /** Subscriptions, in-flight and queued messages, will (lib/broker/persistence.ts). */
    state: jsonb("state").notNull(),
  },
  (t) => [primaryKey({ columns: [t.brokerId, t.clientId] })],
);

/** Each broker's Ed25519 signing keys (current, next, retired), private JWKs (lib/auth/broker-keys.ts). */
export const brokerKeys = pgTable("broker_keys", {
  brokerId: uuid("broker_id")
    .primaryKey()
    .references(() => brokers.id, { onDelete: "cascade" }),
  keySet: jsonb("key_set").notNull(),
  rotatedAt: timestamp("rotated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Device credentials issued (the token itself is never stored), for listing and support. */
export const credentials = pgTable(
  "credentials",
  {
    brokerId: uuid("broker_id")
      .notNull()
      .references(() => brokers.id, { onDelete: "cascade" }),
    jti: text("jti").notNull(),
    clientId: text("client_id").notNull(),
    acl: jsonb("acl").$type<{ pub: string[]; sub: string[] }>().notNull(),
    issuedAt: timestamp("issued_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    lastConnectedAt: timestamp("last_connected_at", { withTimezone: true }),
    lastFailure: text("last_failure"),
  },
  (t) => [primaryKey({ columns: [t.brokerId, t.jti] }), index("credentials_client").on(t.brokerId, t.clientId)],
);

export const revocations = pgTable(
  "revocations",
  {
    brokerId: uuid("broker_id")
      .notNull()
      .references(() => brokers.id, { onDelete: "cascade" }),
    jti: text("jti").notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.brokerId, t.jti] })],
);

/** Console users (lib/auth/passwords.ts hashes the password; roles in lib/auth/roles.ts). */
export const users = pgTable("users", {
  id: uuid("id").primaryKey().defaultRandom(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  role: text("role").$type<"admin" | "developer" | "support">().notNull(),
  passwordHash: text("password_hash").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** API tokens: the id is the lookup key, only a hash of the whole token is kept (lib/auth/api-tokens.ts). */
export const apiTokens = pgTable("api_tokens", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  scope: text("scope").$type<"admin" | "developer" | "support" | "console">().notNull(),
  hash: text("hash").notNull(),
  createdBy: text("created_by").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
});

/** Every change made through the API, with its actor. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    target: text("target").notNull(),
    /** "ok", or the refusal: "<status> <error code>". */
    outcome: text("outcome").notNull().default("ok"),
    details: jsonb("details"),
  },
  (t) => [index("audit_log_at").on(t.at)],
);

/** Every deployment of a broker's on-publish hook: immutable, numbered from 1 (lib/control/hooks.ts). */
export const hookVersions = pgTable(
  "hook_versions",
  {
    brokerId: uuid("broker_id")
      .notNull()
      .references(() => brokers.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    kind: text("kind").$type<"script" | "webhook">().notNull(),
    /** The script's source (kind script) or the endpoint (kind webhook). */
    source: text("source"),
    url: text("url"),
    topics: jsonb("topics").$type<string[]>().notNull(),
    timeoutMs: integer("timeout_ms").notNull(),
    onError: text("on_error").$type<"drop" | "deliver">().notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.brokerId, t.version] })],
);

/** Which version of a broker's hook is live; no row or a null version: no hook. */
export const liveHooks = pgTable("live_hooks", {
  brokerId: uuid("broker_id")
    .primaryKey()
    .references(() => brokers.id, { onDelete: "cascade" }),
  version: integer("version"),
});

/** The `kv` binding of script hooks: a small key-value store per broker (limits in repositories/kv.ts). */
export const hookKv = pgTable(
  "hook_kv",
  {
    brokerId: uuid("broker_id")
      .notNull()
      .references(() => brokers.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    value: text("value").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.brokerId, t.key] })],
);

/**
 * Data points written by script hooks (`metrics.writeDataPoint`), read with SQL through the view
 * analytics.telemetry, which the migration defines by hand with its read-only role (lib/control/analytics.ts).
 */
export const analyticsPoints = pgTable(
  "analytics_points",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    brokerId: uuid("broker_id")
      .notNull()
      .references(() => brokers.id, { onDelete: "cascade" }),
    namespace: text("namespace").notNull(),
    broker: text("broker").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    labels: jsonb("labels").$type<string[]>().notNull(),
    metrics: jsonb("metrics").$type<number[]>().notNull(),
  },
  (t) => [index("analytics_points_at").on(t.at)],
);

// The store's tables (Drizzle, PostgreSQL dialect; PGlite runs the same SQL). Migrations in
// ./migrations are generated from this file with `npx drizzle-kit generate`.
import { bigint, customType, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

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

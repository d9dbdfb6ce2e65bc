// The store's contract, run against both backends: PGlite (the default) and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "./index.ts";
import { AnalyticsCostError } from "./repositories/analytics.ts";
import { databaseError } from "./repositories/errors.ts";
import { KvLimitError, kvLimits } from "./repositories/kv.ts";
import { hookKv } from "./schema.ts";
import { testDatabases, type TestDatabase } from "./test/databases.ts";

describe.each(["pglite", "postgres"] as const)("store on %s", (kind) => {
  let database: TestDatabase;
  let store: Store;

  beforeAll(async () => {
    database = await testDatabases[kind]();
    store = await openStore(database.options);
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it("opens the right backend and runs migrations", () => {
    expect(store.kind).toBe(kind);
  });

  it("ensures a broker once and lists it with its namespace", async () => {
    const first = await store.brokers.ensure("acme", "plant-1");
    const again = await store.brokers.ensure("acme", "plant-1");
    await store.brokers.ensure("acme", "plant-2");
    expect(again.id).toBe(first.id);
    const listed = await store.brokers.list();
    expect(listed.map((b) => `${b.namespace}/${b.name}`)).toEqual(["acme/plant-1", "acme/plant-2"]);
    expect(listed[0]).toMatchObject({ id: first.id, namespace: "acme", name: "plant-1", limits: {}, credentialExpiration: null, fetchAllowList: [] });
  });

  it("writes, replaces and deletes retained messages, binary payloads intact", async () => {
    const broker = await store.brokers.ensure("acme", "retained");
    const payload = Buffer.from([0, 1, 2, 255, 254]);
    const expiresAt = new Date(Date.now() + 60_000);
    await store.retained.write({
      upserts: [
        { brokerId: broker.id, topic: "a/b", payload, qos: 1, properties: { contentType: "x" }, expiresAt },
        { brokerId: broker.id, topic: "a/c", payload: Buffer.from("old"), qos: 0, properties: {}, expiresAt: null },
      ],
      deletes: [],
    });
    await store.retained.write({
      upserts: [{ brokerId: broker.id, topic: "a/c", payload: Buffer.from("new"), qos: 2, properties: {}, expiresAt: null }],
      deletes: [{ brokerId: broker.id, topic: "a/b" }],
    });
    await store.retained.write({ upserts: [{ brokerId: broker.id, topic: "a/d", payload, qos: 1, properties: { contentType: "x" }, expiresAt }], deletes: [] });
    const rows = (await store.retained.loadAll()).filter((r) => r.brokerId === broker.id).sort((x, y) => x.topic.localeCompare(y.topic));
    expect(rows.map((r) => [r.topic, r.payload.toString("hex"), r.qos])).toEqual([
      ["a/c", Buffer.from("new").toString("hex"), 2],
      ["a/d", payload.toString("hex"), 1],
    ]);
    expect(Buffer.isBuffer(rows[1].payload)).toBe(true);
    expect(rows[1].properties).toEqual({ contentType: "x" });
    expect(rows[1].expiresAt?.getTime()).toBe(expiresAt.getTime());
  });

  it("writes batches larger than one statement's parameter budget", async () => {
    const broker = await store.brokers.ensure("acme", "many");
    const upserts = Array.from({ length: 1200 }, (_, i) => ({ brokerId: broker.id, topic: `t/${i}`, payload: Buffer.from(String(i)), qos: 0 as const, properties: {}, expiresAt: null }));
    await store.retained.write({ upserts, deletes: [] });
    await store.retained.write({ upserts: [], deletes: upserts.slice(0, 700).map((u) => ({ brokerId: broker.id, topic: u.topic })) });
    const rows = (await store.retained.loadAll()).filter((r) => r.brokerId === broker.id);
    expect(rows).toHaveLength(500);
  });

  it("upserts and deletes sessions with their state", async () => {
    const broker = await store.brokers.ensure("acme", "sessions");
    const disconnectedAt = new Date(1_700_000_000_000);
    const state = { subscriptions: [{ filter: "a/#", qos: 1 }], queue: [] };
    await store.sessions.write({ upserts: [{ brokerId: broker.id, clientId: "c1", expiryInterval: 4_294_967_295, disconnectedAt: null, state }], deletes: [] });
    await store.sessions.write({
      upserts: [
        { brokerId: broker.id, clientId: "c1", expiryInterval: 60, disconnectedAt, state: { ...state, queue: [1] } },
        { brokerId: broker.id, clientId: "c2", expiryInterval: 4_294_967_295, disconnectedAt: null, state },
      ],
      deletes: [],
    });
    let rows = (await store.sessions.loadAll()).filter((r) => r.brokerId === broker.id).sort((x, y) => x.clientId.localeCompare(y.clientId));
    expect(rows).toEqual([
      { brokerId: broker.id, clientId: "c1", expiryInterval: 60, disconnectedAt, state: { ...state, queue: [1] } },
      { brokerId: broker.id, clientId: "c2", expiryInterval: 4_294_967_295, disconnectedAt: null, state },
    ]);
    await store.sessions.write({ upserts: [], deletes: [{ brokerId: broker.id, clientId: "c1" }] });
    rows = (await store.sessions.loadAll()).filter((r) => r.brokerId === broker.id);
    expect(rows.map((r) => r.clientId)).toEqual(["c2"]);
  });

  it("keeps data across reopening", async () => {
    const broker = await store.brokers.ensure("acme", "durable");
    await store.retained.write({ upserts: [{ brokerId: broker.id, topic: "keep", payload: Buffer.from("me"), qos: 0, properties: {}, expiresAt: null }], deletes: [] });
    await store.close();
    store = await openStore(database.options);
    const rows = (await store.retained.loadAll()).filter((r) => r.brokerId === broker.id);
    expect(rows.map((r) => r.payload.toString())).toEqual(["me"]);
  });

  it("creates namespaces once, lists and deletes them with their brokers", async () => {
    expect(await store.namespaces.create("tenant-a")).toMatchObject({ name: "tenant-a" });
    expect(await store.namespaces.create("tenant-a")).toBeNull();
    const ns = (await store.namespaces.get("tenant-a"))!;
    expect(await store.brokers.create(ns.id, { name: "b1", limits: { maxConnections: 5 }, credentialExpiration: 60 })).toHaveProperty("id");
    expect(await store.brokers.create(ns.id, { name: "b1" })).toBe("taken");
    await store.brokers.update((await store.brokers.get("tenant-a", "b1"))!.id, { limits: { maxConnections: 7 }, fetchAllowList: ["api.example.com", "*.example.org"] });
    expect(await store.brokers.get("tenant-a", "b1")).toMatchObject({ limits: { maxConnections: 7 }, credentialExpiration: 60, fetchAllowList: ["api.example.com", "*.example.org"] });
    expect(await store.namespaces.delete("tenant-a")).toBe(true);
    expect(await store.brokers.get("tenant-a", "b1")).toBeUndefined();
    expect(await store.namespaces.delete("tenant-a")).toBe(false);
  });

  it("keeps users unique by email, updates and deletes them", async () => {
    const user = await store.users.create({ email: "ops@example.com", name: "Ops", role: "support", passwordHash: "h" });
    expect(user).toMatchObject({ email: "ops@example.com", role: "support" });
    expect(await store.users.create({ email: "ops@example.com", name: "Again", role: "admin", passwordHash: "h" })).toBe("taken");
    const id = (user as { id: string }).id;
    expect(await store.users.update(id, { role: "developer" })).toMatchObject({ role: "developer" });
    expect((await store.users.getByEmail("OPS@example.com"))?.id).toBe(id);
    expect(await store.users.delete(id)).toBe(true);
    expect(await store.users.get(id)).toBeUndefined();
  });

  it("always keeps an admin, even when two admins demote or remove each other at once", async () => {
    const admin = async (email: string) => (await store.users.create({ email, name: email, role: "admin", passwordHash: "h" })) as { id: string };
    const [a, b] = [await admin("a1@example.com"), await admin("a2@example.com")];
    const removed = await Promise.all([store.users.delete(a.id), store.users.delete(b.id)]);
    expect(removed.filter((r) => r === "last_admin")).toHaveLength(1);
    const [left] = [a, b].filter((_, i) => removed[i] === "last_admin");

    const c = await admin("a3@example.com");
    const demoted = await Promise.all([store.users.update(left.id, { role: "support" }), store.users.update(c.id, { role: "developer" })]);
    expect(demoted.filter((r) => r === "last_admin")).toHaveLength(1);
    const admins = [left, c].filter((_, i) => demoted[i] === "last_admin");
    expect((await store.users.list()).filter((u) => u.role === "admin").map((u) => u.id)).toEqual(admins.map((u) => u.id));
    expect(await store.users.update(admins[0].id, { name: "renamed" })).toMatchObject({ role: "admin", name: "renamed" });
    expect(await store.users.update("00000000-0000-4000-8000-000000000000", { role: "support" })).toBeUndefined();
    expect(await store.users.delete("00000000-0000-4000-8000-000000000000")).toBe(false);
  });

  it("stores API tokens by id, records use and revokes once", async () => {
    await store.apiTokens.create({ id: "tok123456789", name: "ci", scope: "developer", hash: "ab".repeat(32), createdBy: "admin" });
    await store.apiTokens.touch("tok123456789", new Date(1_700_000_000_000));
    expect(await store.apiTokens.get("tok123456789")).toMatchObject({ scope: "developer", lastUsedAt: new Date(1_700_000_000_000), revokedAt: null });
    expect(await store.apiTokens.revoke("tok123456789")).toBe(true);
    expect(await store.apiTokens.revoke("tok123456789")).toBe(false);
    expect((await store.apiTokens.get("tok123456789"))?.revokedAt).toBeInstanceOf(Date);
  });

  it("keeps key sets, issued credentials and revocations per broker", async () => {
    const broker = await store.brokers.ensure("acme", "keys");
    await store.credentials.putKeySet(broker.id, { current: "k1" });
    await store.credentials.putKeySet(broker.id, { current: "k2" });
    expect((await store.credentials.allKeySets()).find((k) => k.brokerId === broker.id)?.keySet).toEqual({ current: "k2" });
    await store.credentials.recordIssued([{ brokerId: broker.id, jti: "j1", clientId: "c1", acl: { pub: ["#"], sub: [] }, expiresAt: null }]);
    expect((await store.credentials.listIssued(broker.id)).map((c) => [c.jti, c.clientId])).toEqual([["j1", "c1"]]);
    expect(await store.credentials.revoke(broker.id, ["j1", "j2"])).toEqual(["j1", "j2"]);
    expect(await store.credentials.revoke(broker.id, ["j1"])).toEqual([]);
    expect(await store.credentials.unrevoke(broker.id, "j2")).toBe(true);
    expect(await store.credentials.unrevoke(broker.id, "j2")).toBe(false);
    expect((await store.credentials.listRevoked(broker.id)).map((r) => r.jti)).toEqual(["j1"]);
  });

  it("appends audit entries and filters them newest first", async () => {
    const since = new Date(Date.now() - 1000);
    await store.audit.append({ actor: "alice", action: "x.create", target: "t1" });
    await store.audit.append({ actor: "bob", action: "x.delete", target: "t1", details: { why: "test" } });
    const byTarget = await store.audit.list({ target: "t1", limit: 10, since });
    expect(byTarget.map((e) => e.actor)).toEqual(["bob", "alice"]);
    expect(byTarget[0].details).toEqual({ why: "test" });
    expect((await store.audit.list({ actor: "alice", limit: 10 })).map((e) => e.action)).toEqual(["x.create"]);
    expect((await store.audit.list({ target: "t1", before: byTarget[0].id, limit: 10 })).map((e) => e.actor)).toEqual(["alice"]);
    expect(await store.audit.list({ target: "t1", until: since, limit: 10 })).toEqual([]);
  });

  describe("hook KV", () => {
    it("gets, puts, replaces and deletes values per broker", async () => {
      const [a, b] = [await store.brokers.ensure("kv", "a"), await store.brokers.ensure("kv", "b")];
      expect(await store.kv.get(a.id, "k")).toBeUndefined();
      await store.kv.put(a.id, "k", "one");
      await store.kv.put(a.id, "k", "two");
      await store.kv.put(b.id, "k", "other broker");
      expect(await store.kv.get(a.id, "k")).toBe("two");
      expect(await store.kv.get(b.id, "k")).toBe("other broker");
      expect(await store.kv.count(a.id)).toBe(1);
      expect(await store.kv.delete(a.id, "k")).toBe(true);
      expect(await store.kv.delete(a.id, "k")).toBe(false);
      expect(await store.kv.get(a.id, "k")).toBeUndefined();
      expect(await store.kv.get(b.id, "k")).toBe("other broker");
    });

    it("lists keys in byte order, by prefix, a page at a time", async () => {
      const broker = await store.brokers.ensure("kv", "list");
      for (const key of ["user:b", "user:a", "User:c", "user:é", "device:1", "user:aa"]) await store.kv.put(broker.id, key, "v");
      expect((await store.kv.list(broker.id)).keys).toEqual(["User:c", "device:1", "user:a", "user:aa", "user:b", "user:é"]);
      const first = await store.kv.list(broker.id, { prefix: "user:", limit: 2 });
      expect(first).toEqual({ keys: ["user:a", "user:aa"], cursor: "user:aa" });
      // No cursor on the last page.
      expect(await store.kv.list(broker.id, { prefix: "user:", limit: 2, cursor: first.cursor })).toEqual({ keys: ["user:b", "user:é"] });
      expect(await store.kv.list(broker.id, { prefix: "user:", limit: 1, cursor: "user:b" })).toEqual({ keys: ["user:é"] });
      expect(await store.kv.list(broker.id, { prefix: "%" })).toEqual({ keys: [] }); // a prefix, not a LIKE pattern
    });

    it("refuses keys and values beyond the limits", async () => {
      const broker = await store.brokers.ensure("kv", "limits");
      await store.kv.put(broker.id, "k".repeat(kvLimits.maxKeyLength), "é".repeat(kvLimits.maxValueBytes / 2));
      await expect(store.kv.put(broker.id, "k".repeat(kvLimits.maxKeyLength + 1), "v")).rejects.toThrow(KvLimitError);
      await expect(store.kv.put(broker.id, "", "v")).rejects.toThrow(KvLimitError);
      await expect(store.kv.put(broker.id, "k", "a\u0000b")).rejects.toThrow("keys and values must not contain NUL characters or unpaired surrogates");
      await expect(store.kv.put(broker.id, "\udc00", "v")).rejects.toThrow(KvLimitError);
      await store.kv.put(broker.id, "😀", "😀");
      // Bytes, not characters: 32,769 two-byte characters are one byte too many.
      await expect(store.kv.put(broker.id, "k", "é".repeat(kvLimits.maxValueBytes / 2) + "x")).rejects.toThrow("a value must be at most 65536 bytes");
    });

    it("keeps at most 10,000 keys per broker, even with puts racing for the last ones", async () => {
      const broker = await store.brokers.ensure("kv", "full");
      const rows = Array.from({ length: kvLimits.maxKeysPerBroker - 2 }, (_, i) => ({ brokerId: broker.id, key: `k${i}`, value: "v" }));
      for (let i = 0; i < rows.length; i += 1000) await store.db.insert(hookKv).values(rows.slice(i, i + 1000));
      const racing = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => store.kv.put(broker.id, `new${i}`, "v")));
      expect(racing.filter((r) => r.status === "fulfilled")).toHaveLength(2);
      expect(racing.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.message)).toEqual(Array(3).fill("a broker may keep at most 10000 keys; delete some first"));
      expect(await store.kv.count(broker.id)).toBe(kvLimits.maxKeysPerBroker);
      await store.kv.put(broker.id, "k0", "replacing is fine");
      expect(await store.kv.get(broker.id, "k0")).toBe("replacing is fine");
      await store.kv.delete(broker.id, "k1");
      await store.kv.put(broker.id, "room again", "v");
      expect(await store.kv.count(broker.id)).toBe(kvLimits.maxKeysPerBroker);
    });
  });

  describe("analytics", () => {
    const week = 7 * 24 * 3600_000;
    let brokerId: string;
    const point = (labels: string[], metrics: number[], agoMs = 0) => ({ brokerId, namespace: "shop", broker: "pay", at: new Date(Date.now() - agoMs), labels, metrics });
    const query = (sql: string, maxRows = 1000, maxBytes = 1 << 20) => store.analytics.query(sql, { timeoutMs: 5000, maxRows, maxBytes, maxCost: 1_000_000 });
    /** The SQLSTATE a query fails with. */
    const refusal = (sql: string) => query(sql).then(() => "ran", (error) => databaseError(error)?.code ?? String(error));

    beforeAll(async () => {
      brokerId = (await store.brokers.ensure("shop", "pay")).id;
      await store.analytics.append([
        point(["pay.shop", "eu", "m1"], [3]),
        point(["pay.shop", "eu", "m1"], [4]),
        point(["pay.shop", "us", "m1"], [10]),
        point(["pay.shop", "eu", "m2"], [1, 99]),
        point(["pay.shop", "eu", "m2"], [0]), // no transactions: filtered out
        point(["pay.shop", "eu", "m1"], [500], week + 60_000), // older than a week
      ]);
    });

    it("runs the Analytics Engine example as written: now() - 604800 is a week ago", async () => {
      const result = await query(`SELECT label_2 as region, label_3 as merchantId, sum(metric_1) as total_transactions
FROM TELEMETRY WHERE metric_1 > 0 AND timestamp >= now() - 604800
GROUP BY region, merchantId ORDER BY total_transactions DESC LIMIT 10`);
      expect(result).toEqual({
        columns: ["region", "merchantid", "total_transactions"],
        rows: [["us", "m1", 10], ["eu", "m1", 7], ["eu", "m2", 1]],
        truncated: false,
      });
    });

    it("returns values in column order, repeated names kept, timestamps in UTC, and columns when no row matches", async () => {
      const [row] = (await query("select namespace, broker, broker, metric_2, labels, timestamp from telemetry where metric_2 is not null")).rows;
      expect(row.slice(0, 5)).toEqual(["shop", "pay", "pay", 99, ["pay.shop", "eu", "m2"]]);
      expect(row[5]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00$/);
      expect(await query("select label_1 as a, metric_1 as b from telemetry where false")).toEqual({ columns: ["a", "b"], rows: [], truncated: false });
    });

    it("caps the rows and says so", async () => {
      expect(await query("select metric_1 from telemetry order by metric_1", 3)).toEqual({ columns: ["metric_1"], rows: [[0], [1], [3]], truncated: true });
      expect((await query("select metric_1 from telemetry", 6)).truncated).toBe(false);
      // Bytes too: the header ["n"] and [1] fit in 10 bytes of JSON, [1] twice does not.
      expect(await query("select 1 as n from generate_series(1, 3)", 10, 10)).toEqual({ columns: ["n"], rows: [[1]], truncated: true });
      expect(await query("select repeat('x', 100) as big", 10, 10)).toEqual({ columns: ["big"], rows: [], truncated: true });
    });

    it("reaches nothing but the view, even by schema-qualified names", async () => {
      expect(await refusal("select * from users")).toBe("42P01"); // not on the search path
      expect(await refusal("select * from public.users")).toBe("42501"); // permission denied
      expect(await refusal("select * from public.analytics_points")).toBe("42501");
      expect(await refusal("select * from public.api_tokens")).toBe("42501");
      expect(await refusal("select pg_read_file('/etc/passwd')")).toBe("42501");
      expect(await refusal("select * from pg_catalog.pg_authid")).toBe("42501");
    });

    it("cannot switch back to the server's own role to read other tables", async () => {
      // Outside a SECURITY DEFINER function this would work: set_config resets the role, and
      // query_to_xml runs SQL given as text with the server's own privileges.
      expect(await refusal("select set_config('role', 'none', true), query_to_xml('select * from public.users', true, false, '')")).toBe("42501");
      expect(await refusal("select set_config('session_authorization', current_setting('is_superuser'), true)")).toBe("42501");
    });

    it("writes nothing, not even through a data-modifying WITH or a sequence", async () => {
      expect(await refusal("with gone as (delete from analytics.telemetry returning *) select * from gone")).toMatch(/^(0A000|25006|42601|42501)$/);
      expect(await refusal("select nextval('public.analytics_points_id_seq')")).toMatch(/^(25006|42501)$/);
      expect((await query("select count(*) as n from telemetry")).rows).toEqual([[6]]);
    });

    it.runIf(kind === "postgres")("stops a query at the statement timeout (PostgreSQL; PGlite cannot interrupt a query)", async () => {
      const error = await store.analytics.query("select pg_sleep(5)", { timeoutMs: 100, maxRows: 10, maxBytes: 1000, maxCost: 1_000_000 }).catch((e: unknown) => e);
      expect(databaseError(error)).toEqual({ code: "57014", message: "canceling statement due to statement timeout" });
    });

    it("refuses, without running it, a query the planner expects to be expensive", async () => {
      const error = await query("select count(*) from generate_series(1, 1000000000) a").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AnalyticsCostError);
      expect((error as Error).message).toMatch(/^the query's estimated cost \(\d+\) exceeds the limit of 1000000/);
    });

    it.runIf(kind === "pglite")("cannot sleep on PGlite, where nothing could interrupt it", async () => {
      expect(await refusal("select pg_sleep(5)")).toBe("42501");
    });

    it("skips points of a deleted broker, and a broker's deletion takes its points and keys along", async () => {
      const doomed = await store.brokers.ensure("shop", "doomed");
      await store.kv.put(doomed.id, "k", "v");
      await store.brokers.delete(doomed.id);
      await store.analytics.append([{ ...point(["x"], [1]), brokerId: doomed.id, broker: "doomed" }, point(["kept"], [1])]);
      expect((await query("select label_1 from telemetry where broker = 'doomed' or label_1 = 'kept'")).rows).toEqual([["kept"]]);
      expect(await store.kv.count(doomed.id)).toBe(0);
    });
  });
});

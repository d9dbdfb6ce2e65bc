// The store's contract, run against both backends: PGlite (the default) and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "./index.ts";
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
    expect(listed[0]).toMatchObject({ id: first.id, namespace: "acme", name: "plant-1", limits: {}, credentialExpiration: null });
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
    await store.brokers.update((await store.brokers.get("tenant-a", "b1"))!.id, { limits: { maxConnections: 7 } });
    expect(await store.brokers.get("tenant-a", "b1")).toMatchObject({ limits: { maxConnections: 7 }, credentialExpiration: 60 });
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
  });
});

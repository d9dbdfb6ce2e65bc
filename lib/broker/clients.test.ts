// The broker's view of its clients (clients.ts) and how their connections ended (disconnect-log.ts):
// paging and filters, a client's detail, per-connection counters, the administrative disconnect.
import { afterEach, describe, expect, it } from "vitest";
import { describeClient, disconnectClient, listClients } from "./clients.ts";
import type { Connection } from "./connection.ts";
import { DisconnectLog, MAX_DISCONNECTS_PER_CLIENT } from "./disconnect-log.ts";
import { ReasonCode } from "./protocol/reason-codes.ts";
import { ClientPool, createTestHost } from "./test/harness.ts";

const pool = new ClientPool();
afterEach(() => pool.endAll());

const persistent = { clean: false, properties: { sessionExpiryInterval: 3600 } };

describe("listing clients", () => {
  it("pages by client ID with a cursor, filters by prefix and state, and counts every match", async () => {
    const { host, broker } = createTestHost();
    for (const id of ["s-3", "s-1", "t-1", "s-2"]) await pool.connect(host, id, persistent);
    const gone = await pool.connect(host, "s-0", persistent);
    gone.send({ cmd: "disconnect", reasonCode: 0 });
    await gone.closed;

    const first = listClients(broker, { prefix: "s-", limit: 2 });
    expect(first.clients.map((c) => c.clientId)).toEqual(["s-0", "s-1"]);
    expect(first).toMatchObject({ nextCursor: "s-1", total: 4 });
    const second = listClients(broker, { prefix: "s-", after: first.nextCursor!, limit: 2 });
    expect(second.clients.map((c) => c.clientId)).toEqual(["s-2", "s-3"]);
    expect(second.nextCursor).toBeNull();

    expect(listClients(broker, { state: "offline", limit: 10 }).clients.map((c) => [c.clientId, c.state])).toEqual([["s-0", "offline"]]);
    expect(listClients(broker, { state: "connected", limit: 10 }).clients.map((c) => c.clientId)).toEqual(["s-1", "s-2", "s-3", "t-1"]);
    expect(listClients(broker, { prefix: "x", limit: 10 })).toEqual({ clients: [], nextCursor: null, total: 0 });
  });

  it("keeps the smallest IDs whatever order the sessions were made in", async () => {
    const { host, broker } = createTestHost();
    const ids = Array.from({ length: 30 }, (_, i) => `c-${String(i).padStart(2, "0")}`);
    for (const id of [...ids].reverse()) await pool.connect(host, id);
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = listClients(broker, { after, limit: 7 });
      seen.push(...page.clients.map((c) => c.clientId));
      after = page.nextCursor ?? undefined;
    } while (after);
    expect(seen).toEqual(ids);
  });

  it("counts PUBLISH packets in and out per connection; an offline client keeps its last connection's", async () => {
    const { host, broker } = createTestHost();
    const sub = await pool.connect(host, "sub", persistent);
    await sub.subscribe("t/#", { qos: 0 });
    const pub = await pool.connect(host, "pub");
    for (let i = 0; i < 3; i++) pub.publish("t/x", "m");
    for (let i = 0; i < 3; i++) await sub.expect("publish");
    const now = listClients(broker, { limit: 10 }).clients;
    expect(now.find((c) => c.clientId === "pub")).toMatchObject({ messagesIn: 3, messagesOut: 0, subscriptionCount: 0 });
    expect(now.find((c) => c.clientId === "sub")).toMatchObject({ messagesIn: 0, messagesOut: 3, subscriptionCount: 1, protocolVersion: 5, keepAlive: 60, transport: "memory" });

    sub.end();
    await sub.closed;
    const offline = describeClient(broker, "sub")!;
    expect(offline).toMatchObject({ state: "offline", messagesOut: 3, remoteAddress: "memory", subscriptionCount: 1 });
    expect(offline.lastSeenAt).toBeGreaterThanOrEqual(offline.connectedAt!);
    expect(offline.sessionExpiresAt).toBe(offline.lastSeenAt! + 3600_000);
  });
});

describe("a client's detail", () => {
  it("has its subscriptions with their options, its will and its session expiry", async () => {
    const { host, broker } = createTestHost();
    const c = await pool.connect(host, "dev", {
      clean: false,
      properties: { sessionExpiryInterval: 600 },
      will: { topic: "status/dev", payload: Buffer.from("offline"), qos: 1, retain: true, properties: { willDelayInterval: 5, contentType: "text/plain" } },
    });
    await c.subscribe("cmd/dev", { qos: 1, nl: true, rap: true, rh: 2 }, { subscriptionIdentifier: 7 });
    const detail = describeClient(broker, "dev")!;
    expect(detail).toMatchObject({ state: "connected", sessionExpiryInterval: 600, sessionExpiresAt: null, disconnects: [] });
    expect(detail.subscriptions).toEqual([{ filter: "cmd/dev", qos: 1, noLocal: true, retainAsPublished: true, retainHandling: 2, subscriptionId: 7 }]);
    expect(detail.will).toMatchObject({ topic: "status/dev", qos: 1, retain: true, delaySeconds: 5, contentType: "text/plain" });
    expect(String(detail.will!.payload)).toBe("offline");
    expect(describeClient(broker, "nobody")).toBeUndefined();
  });

  it("lists its last disconnects newest first: by the client with its reason, by the server, and lost", async () => {
    const { host, broker } = createTestHost();
    const first = await pool.connect(host, "dev", persistent);
    first.send({ cmd: "disconnect", reasonCode: ReasonCode.DisconnectWithWill, properties: { reasonString: "rebooting" } });
    await first.closed;
    const second = await pool.connect(host, "dev", persistent);
    // [MQTT-3.1.4-3] a second connection with the same client ID takes the session over: 0x8E to the first
    const third = await pool.connect(host, "dev", persistent);
    await second.closed;
    third.end();
    await third.closed;
    expect(describeClient(broker, "dev")!.disconnects.map(({ by, reasonCode, reason }) => ({ by, reasonCode, reason }))).toEqual([
      { by: "network", reasonCode: null, reason: undefined },
      { by: "server", reasonCode: ReasonCode.SessionTakenOver, reason: "another connection took over the session" },
      { by: "client", reasonCode: ReasonCode.DisconnectWithWill, reason: "rebooting" },
    ]);
  });

  it("[MQTT-3.1.2-22] records a keep-alive timeout as the server's 0x8D", async () => {
    const { host, broker } = createTestHost();
    const c = await pool.connect(host, "sleepy", { keepalive: 1, ...persistent });
    expect((await c.expect("disconnect", 3000)).reasonCode).toBe(ReasonCode.KeepAliveTimeout);
    expect(describeClient(broker, "sleepy")!.disconnects[0]).toMatchObject({ by: "server", reasonCode: ReasonCode.KeepAliveTimeout });
  });
});

describe("the administrative disconnect", () => {
  it("closes an MQTT 5 client with 0x98 and keeps a persistent session, or discards it", async () => {
    const { host, broker } = createTestHost();
    const c = await pool.connect(host, "dev", persistent);
    await c.subscribe("cmd/dev", { qos: 1 });
    expect(disconnectClient(broker, "dev", false)).toEqual({ disconnected: true, sessionEnded: false });
    expect((await c.expect("disconnect")).reasonCode).toBe(ReasonCode.AdministrativeAction);
    expect(describeClient(broker, "dev")).toMatchObject({ state: "offline", subscriptionCount: 1 });
    expect(describeClient(broker, "dev")!.disconnects[0]).toMatchObject({ by: "server", reasonCode: ReasonCode.AdministrativeAction });

    expect(disconnectClient(broker, "dev", true)).toEqual({ disconnected: false, sessionEnded: true });
    expect(describeClient(broker, "dev")).toBeUndefined();
    expect(broker.router.subscriptionCount).toBe(0);
    expect(disconnectClient(broker, "dev", true)).toBeUndefined();
  });

  it("just closes an MQTT 3.1.1 client, which has no server DISCONNECT, and publishes its will", async () => {
    const { host, broker } = createTestHost();
    const watcher = await pool.connect(host, "watcher");
    await watcher.subscribe("will/#", { qos: 0 });
    const old = await pool.connect(host, "old", { will: { topic: "will/old", payload: Buffer.from("gone"), qos: 0, retain: false } }, 4);
    expect(disconnectClient(broker, "old", false)).toEqual({ disconnected: true, sessionEnded: true });
    await old.closed;
    expect(old.received.map((p) => p.cmd)).toEqual(["connack"]);
    expect(String((await watcher.expect("publish")).payload)).toBe("gone");
  });
});

describe("the disconnect log", () => {
  it("keeps the last disconnects of each client ID, and the client IDs that disconnected last", () => {
    const log = new DisconnectLog(2);
    const conn = (clientId: string) => ({ clientId, info: { transport: "tcp", remoteAddress: "10.0.0.1" }, version: 5, keepAliveSeconds: 60, principal: null, connectedAt: 0, messagesIn: 0, messagesOut: 0 }) as unknown as Connection;
    for (let i = 0; i < MAX_DISCONNECTS_PER_CLIENT + 5; i++) log.record(conn("a"), { by: "client", reasonCode: 0 }, i);
    expect(log.get("a")!.disconnects.map((d) => d.at)).toEqual(Array.from({ length: MAX_DISCONNECTS_PER_CLIENT }, (_, i) => i + 5));
    log.record(conn("b"), { by: "client", reasonCode: 0 });
    log.record(conn("a"), { by: "client", reasonCode: 0 });
    log.record(conn("c"), { by: "client", reasonCode: 0 }); // evicts b, the longest quiet
    expect([log.get("a") !== undefined, log.get("b"), log.get("c") !== undefined, log.size]).toEqual([true, undefined, true, 2]);
  });
});

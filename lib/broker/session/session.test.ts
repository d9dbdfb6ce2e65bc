// Sessions over in-memory connections: offline queueing, redelivery on resume, incoming QoS 2
// state across reconnects, clean start, expiry and takeover.
import { afterEach, describe, expect, it, vi } from "vitest";
import { ReasonCode } from "../protocol/reason-codes.ts";
import { ClientPool, createTestHost, type TestClient } from "../test/harness.ts";

const pool = new ClientPool();
afterEach(() => vi.useRealTimers());
afterEach(() => pool.endAll());

const persistent = { clean: false, properties: { sessionExpiryInterval: 60 } };

/** Closes the network connection without DISCONNECT, and waits until the broker saw it. */
async function lose(c: TestClient): Promise<void> {
  c.end();
  await c.closed;
}

describe("persistent sessions", () => {
  it("[MQTT-3.1.2-5] [MQTT-3.1.2-23] queue QoS 1 and 2 messages while offline and deliver them, in order, on resume", async () => {
    const { host, broker } = createTestHost();
    const sub = await pool.connect(host, "sub", persistent);
    await sub.subscribe("q/#", { qos: 2 });
    await lose(sub);

    const pub = await pool.connect(host, "pub");
    pub.publish("q/1", "one", { qos: 1, messageId: 1 });
    pub.publish("q/2", "two", { qos: 2, messageId: 2 });
    pub.publish("q/3", "three", { qos: 1, messageId: 3 });
    expect((await pub.expect("puback")).reasonCode).toBe(ReasonCode.Success);
    expect((await pub.expect("pubrec")).reasonCode).toBe(ReasonCode.Success);
    await pub.expect("puback");
    expect(broker.sessionFor("sub")!.queue).toHaveLength(3);

    const resumed = pool.client(host);
    expect((await resumed.connect({ clientId: "sub", ...persistent })).sessionPresent).toBe(true);
    const got = [await resumed.expect("publish"), await resumed.expect("publish"), await resumed.expect("publish")];
    expect(got.map((p) => [p.topic, p.qos, String(p.payload), p.dup])).toEqual([
      ["q/1", 1, "one", false],
      ["q/2", 2, "two", false],
      ["q/3", 1, "three", false],
    ]);
    expect(await resumed.nothingWithin(50)).toBe(true);
  });

  it("do not queue QoS 0 messages for an offline client: they are dropped and counted as offline", async () => {
    const { host, broker } = createTestHost();
    const sub = await pool.connect(host, "sub0", persistent);
    await sub.subscribe("z", { qos: 1 });
    await lose(sub);
    const pub = await pool.connect(host, "pub0");
    pub.publish("z", "lost");
    pub.publish("z", "kept", { qos: 1, messageId: 1 });
    await pub.expect("puback");
    expect(broker.stats.drops.offline).toBe(1);

    const resumed = await pool.connect(host, "sub0", persistent);
    expect(String((await resumed.expect("publish")).payload)).toBe("kept");
    expect(await resumed.nothingWithin(50)).toBe(true);
  });

  it("[MQTT-4.4.0-1] resend unacknowledged QoS 1/2 PUBLISHes on resume with DUP and their original packet ids, in order", async () => {
    const { host, broker } = createTestHost();
    const sub = await pool.connect(host, "resend", persistent);
    await sub.subscribe("r", { qos: 2 });
    const pub = await pool.connect(host, "resend-pub");
    pub.publish("r", "a", { qos: 1, messageId: 1 });
    pub.publish("r", "b", { qos: 2, messageId: 2 });
    pub.publish("r", "c", { qos: 1, messageId: 3 });
    const first = [await sub.expect("publish"), await sub.expect("publish"), await sub.expect("publish")];
    expect(first.map((p) => p.dup)).toEqual([false, false, false]);
    await lose(sub); // nothing acknowledged

    const resumed = await pool.connect(host, "resend", persistent);
    const again = [await resumed.expect("publish"), await resumed.expect("publish"), await resumed.expect("publish")];
    expect(again.map((p) => [String(p.payload), p.qos, p.dup, p.messageId])).toEqual(first.map((p) => [String(p.payload), p.qos, true, p.messageId]));
    expect(await resumed.nothingWithin(50)).toBe(true);

    resumed.send({ cmd: "puback", messageId: again[0].messageId });
    resumed.send({ cmd: "pubrec", messageId: again[1].messageId });
    expect((await resumed.expect("pubrel")).messageId).toBe(again[1].messageId);
    resumed.send({ cmd: "pubcomp", messageId: again[1].messageId });
    resumed.send({ cmd: "puback", messageId: again[2].messageId });
    await resumed.nothingWithin(50);
    expect(broker.sessionFor("resend")!.inflight.size).toBe(0);
  });

  it("[MQTT-4.4.0-1] resend PUBREL, not the PUBLISH, for a QoS 2 message the client had already PUBREC'd", async () => {
    const { host, broker } = createTestHost();
    const sub = await pool.connect(host, "rel", persistent);
    await sub.subscribe("x", { qos: 2 });
    const pub = await pool.connect(host, "rel-pub");
    pub.publish("x", "once", { qos: 2, messageId: 1 });
    const delivered = await sub.expect("publish");
    sub.send({ cmd: "pubrec", messageId: delivered.messageId });
    expect((await sub.expect("pubrel")).messageId).toBe(delivered.messageId);
    await lose(sub); // before PUBCOMP

    const resumed = await pool.connect(host, "rel", persistent);
    const pubrel = await resumed.expect("pubrel");
    expect(pubrel.messageId).toBe(delivered.messageId);
    expect(await resumed.nothingWithin(50)).toBe(true); // no second PUBLISH
    resumed.send({ cmd: "pubcomp", messageId: delivered.messageId });
    await resumed.nothingWithin(30);
    expect(broker.sessionFor("rel")!.inflight.size).toBe(0);
  });

  it("[MQTT-4.4.0-2] does not resend a message the client refused with a PUBREC reason code ≥ 0x80", async () => {
    const { host, broker } = createTestHost();
    const sub = await pool.connect(host, "refuse", persistent);
    await sub.subscribe("x", { qos: 2 });
    const pub = await pool.connect(host, "refuse-pub");
    pub.publish("x", "no thanks", { qos: 2, messageId: 1 });
    const delivered = await sub.expect("publish");
    sub.send({ cmd: "pubrec", messageId: delivered.messageId, reasonCode: ReasonCode.UnspecifiedError });
    expect(await sub.nothingWithin(50)).toBe(true); // no PUBREL either
    expect(broker.sessionFor("refuse")!.inflight.size).toBe(0);
    await lose(sub);
    const resumed = await pool.connect(host, "refuse", persistent);
    expect(await resumed.nothingWithin(50)).toBe(true);
  });

  it("resends in-flight messages before queued ones and keeps the publisher's order across a resume", async () => {
    const { host } = createTestHost();
    const window = { ...persistent, properties: { ...persistent.properties, receiveMaximum: 2 } };
    const sub = await pool.connect(host, "order", window);
    await sub.subscribe("o", { qos: 1 });
    const pub = await pool.connect(host, "order-pub");
    for (let i = 1; i <= 4; i++) pub.publish("o", String(i), { qos: 1, messageId: i });
    expect([String((await sub.expect("publish")).payload), String((await sub.expect("publish")).payload)]).toEqual(["1", "2"]);
    expect(await sub.nothingWithin(50)).toBe(true); // 3 and 4 wait for room in the window
    await lose(sub);
    pub.publish("o", "5", { qos: 1, messageId: 5 }); // queued while offline

    const resumed = await pool.connect(host, "order", window);
    const seen: Array<[string, boolean]> = [];
    while (seen.length < 5) {
      const p = await resumed.expect("publish");
      seen.push([String(p.payload), p.dup]);
      resumed.send({ cmd: "puback", messageId: p.messageId });
    }
    expect(seen).toEqual([["1", true], ["2", true], ["3", false], ["4", false], ["5", false]]);
    expect(await resumed.nothingWithin(50)).toBe(true);
  });

  it("[MQTT-3.1.2-25] drops a resent message larger than the new connection's maximum packet size instead of keeping it in flight", async () => {
    const { host, broker } = createTestHost();
    const sub = await pool.connect(host, "shrink", persistent);
    await sub.subscribe("s", { qos: 1 });
    const pub = await pool.connect(host, "shrink-pub");
    pub.publish("s", Buffer.alloc(500), { qos: 1, messageId: 1 });
    await sub.expect("publish"); // not acknowledged
    await lose(sub);
    pub.publish("s", "small", { qos: 1, messageId: 2 });

    const resumed = await pool.connect(host, "shrink", { ...persistent, properties: { ...persistent.properties, maximumPacketSize: 100 } });
    const next = await resumed.expect("publish");
    expect([String(next.payload), next.dup]).toEqual(["small", false]);
    expect(broker.stats.drops.too_large).toBe(1);
    resumed.send({ cmd: "puback", messageId: next.messageId });
    await resumed.nothingWithin(30);
    expect(broker.sessionFor("shrink")!.inflight.size).toBe(0);
  });

  it("MQTT 3.1.1: clean session 0 keeps the session and its queued messages", async () => {
    const { host } = createTestHost();
    const sub = await pool.connect(host, "old-sub", { clean: false }, 4);
    await sub.subscribe("v4", { qos: 1 });
    await lose(sub);
    const pub = await pool.connect(host, "old-pub");
    pub.publish("v4", "queued", { qos: 1, messageId: 1 });
    await pub.expect("puback");
    const resumed = pool.client(host, 4);
    expect((await resumed.connect({ clientId: "old-sub", clean: false })).sessionPresent).toBe(true);
    expect(String((await resumed.expect("publish")).payload)).toBe("queued");
  });
});

describe("incoming QoS 2 state", () => {
  it("[MQTT-4.3.3-10] survives a reconnect: a resent PUBLISH with the same id is acknowledged and not delivered again", async () => {
    const { host } = createTestHost();
    const sub = await pool.connect(host, "s");
    await sub.subscribe("eo", { qos: 2 });
    const pub = await pool.connect(host, "p", persistent);
    pub.publish("eo", "exactly once", { qos: 2, messageId: 7 });
    expect((await pub.expect("pubrec")).messageId).toBe(7);
    await lose(pub); // as if the PUBREC was lost on the way: the publisher resends after reconnecting

    const again = await pool.connect(host, "p", persistent);
    again.publish("eo", "exactly once", { qos: 2, messageId: 7, dup: true });
    const pubrec = await again.expect("pubrec");
    expect([pubrec.messageId, pubrec.reasonCode]).toEqual([7, ReasonCode.Success]);
    again.send({ cmd: "pubrel", messageId: 7 });
    const pubcomp = await again.expect("pubcomp");
    expect([pubcomp.messageId, pubcomp.reasonCode]).toEqual([7, ReasonCode.Success]);

    const delivered = await sub.expect("publish");
    expect(String(delivered.payload)).toBe("exactly once");
    sub.send({ cmd: "pubrec", messageId: delivered.messageId });
    await sub.expect("pubrel");
    expect(await sub.nothingWithin(80)).toBe(true);
  });

  it("[MQTT-4.3.3-12] after PUBREL the same packet id starts a new message", async () => {
    const { host } = createTestHost();
    const sub = await pool.connect(host, "s");
    await sub.subscribe("n");
    const pub = await pool.connect(host, "p");
    pub.publish("n", "first", { qos: 2, messageId: 3 });
    await pub.expect("pubrec");
    pub.send({ cmd: "pubrel", messageId: 3 });
    await pub.expect("pubcomp");
    pub.publish("n", "second", { qos: 2, messageId: 3 });
    await pub.expect("pubrec");
    expect([String((await sub.expect("publish")).payload), String((await sub.expect("publish")).payload)]).toEqual(["first", "second"]);
  });

  it("PUBREL for an unknown packet id is answered with PUBCOMP 0x92", async () => {
    const { host } = createTestHost();
    const pub = await pool.connect(host, "p");
    pub.send({ cmd: "pubrel", messageId: 42 });
    const pubcomp = await pub.expect("pubcomp");
    expect([pubcomp.messageId, pubcomp.reasonCode]).toEqual([42, ReasonCode.PacketIdentifierNotFound]);
  });
});

describe("clean start and session expiry", () => {
  it("[MQTT-3.1.2-4] clean start discards the stored session: subscriptions and queued messages", async () => {
    const { host, broker } = createTestHost();
    const sub = await pool.connect(host, "c", persistent);
    await sub.subscribe("cs", { qos: 1 });
    await lose(sub);
    const pub = await pool.connect(host, "cp");
    pub.publish("cs", "queued", { qos: 1, messageId: 1 });
    await pub.expect("puback");

    const fresh = pool.client(host);
    expect((await fresh.connect({ clientId: "c", clean: true, properties: { sessionExpiryInterval: 60 } })).sessionPresent).toBe(false);
    expect(await fresh.nothingWithin(50)).toBe(true);
    expect(broker.sessionFor("c")!.subscriptions.size).toBe(0);
    pub.publish("cs", "after", { qos: 1, messageId: 2 });
    expect((await pub.expect("puback")).reasonCode).toBe(ReasonCode.NoMatchingSubscribers);
  });

  it("[MQTT-3.1.2-6] clean start 0 without a stored session starts a new one (session present 0)", async () => {
    const { host, broker } = createTestHost();
    const c = pool.client(host);
    expect((await c.connect({ clientId: "new", ...persistent })).sessionPresent).toBe(false);
    expect(broker.sessionFor("new")).toBeDefined();
  });

  it("a session with expiry 0 ends when its connection closes", async () => {
    const { host, broker } = createTestHost();
    const c = await pool.connect(host, "gone", { properties: { sessionExpiryInterval: 0 } });
    await c.subscribe("g");
    await lose(c);
    expect(broker.sessionFor("gone")).toBeUndefined();
    expect(broker.router.subscriptionCount).toBe(0);
  });

  it("[MQTT-3.1.2-23] a session ends once its expiry interval has passed offline, not before", async () => {
    const { host, broker } = createTestHost();
    const c = await pool.connect(host, "expiring", { clean: false, properties: { sessionExpiryInterval: 1 } });
    await c.subscribe("e", { qos: 1 });
    await lose(c);
    await new Promise((r) => setTimeout(r, 700));
    expect(broker.sessionFor("expiring")).toBeDefined();
    await new Promise((r) => setTimeout(r, 500));
    expect(broker.sessionFor("expiring")).toBeUndefined();
    expect(broker.router.subscriptionCount).toBe(0);
    const again = pool.client(host);
    expect((await again.connect({ clientId: "expiring", clean: false, properties: { sessionExpiryInterval: 1 } })).sessionPresent).toBe(false);
  });

  it("a reconnect stops the expiry clock", async () => {
    const { host, broker } = createTestHost();
    const opts = { clean: false, properties: { sessionExpiryInterval: 1 } };
    const c = await pool.connect(host, "kept", opts);
    await lose(c);
    await pool.connect(host, "kept", opts);
    await new Promise((r) => setTimeout(r, 1200));
    expect(broker.sessionFor("kept")?.connection).not.toBeNull();
  });

  it("DISCONNECT may set the expiry to 0, ending the session with the connection", async () => {
    const { host, broker } = createTestHost();
    const c = await pool.connect(host, "shorten", persistent);
    c.send({ cmd: "disconnect", reasonCode: 0, properties: { sessionExpiryInterval: 0 } });
    await c.closed;
    expect(broker.sessionFor("shorten")).toBeUndefined();
  });

  it("DISCONNECT setting a non-zero expiry after 0 at CONNECT is a protocol error (§3.14.2.2.2)", async () => {
    const { host } = createTestHost();
    const c = await pool.connect(host, "raise", { properties: { sessionExpiryInterval: 0 } });
    c.send({ cmd: "disconnect", reasonCode: 0, properties: { sessionExpiryInterval: 30 } });
    expect((await c.expect("disconnect")).reasonCode).toBe(ReasonCode.ProtocolError);
    await c.closed;
  });
});

describe("session takeover", () => {
  it("[MQTT-3.1.4-3] disconnects the old connection with 0x8E; the new one gets the session and its in-flight messages", async () => {
    const { host, broker } = createTestHost();
    const old = await pool.connect(host, "twin", persistent);
    await old.subscribe("t", { qos: 1 });
    const pub = await pool.connect(host, "twin-pub");
    pub.publish("t", "in flight", { qos: 1, messageId: 1 });
    const first = await old.expect("publish");

    const taker = pool.client(host);
    expect((await taker.connect({ clientId: "twin", ...persistent })).sessionPresent).toBe(true);
    expect((await old.expect("disconnect")).reasonCode).toBe(ReasonCode.SessionTakenOver);
    await old.closed;
    const resent = await taker.expect("publish");
    expect([String(resent.payload), resent.dup, resent.messageId]).toEqual(["in flight", true, first.messageId]);

    pub.publish("t", "next", { qos: 1, messageId: 2 });
    expect(String((await taker.expect("publish")).payload)).toBe("next");
    expect(broker.stats.connections).toBe(2);
  });

  it("[MQTT-3.1.4-3] MQTT 3.1.1: the old connection is closed without a DISCONNECT", async () => {
    const { host } = createTestHost();
    const old = await pool.connect(host, "twin4", {}, 4);
    await pool.connect(host, "twin4", {}, 4);
    await old.closed;
    expect(old.received.map((p) => p.cmd)).toEqual(["connack"]);
  });
});

describe("queue limits", () => {
  it("drops messages beyond maxQueuedMessages for an offline session and counts them as queue_full", async () => {
    const { host, broker } = createTestHost({ limits: { maxQueuedMessages: 2 } });
    const sub = await pool.connect(host, "full", persistent);
    await sub.subscribe("f", { qos: 1 });
    await lose(sub);
    const pub = await pool.connect(host, "full-pub");
    for (let i = 1; i <= 3; i++) pub.publish("f", String(i), { qos: 1, messageId: i });
    for (let i = 1; i <= 3; i++) await pub.expect("puback");
    expect(broker.stats.drops.queue_full).toBe(1);

    const resumed = await pool.connect(host, "full", persistent);
    expect([String((await resumed.expect("publish")).payload), String((await resumed.expect("publish")).payload)]).toEqual(["1", "2"]);
    expect(await resumed.nothingWithin(50)).toBe(true);
  });
});

describe("message expiry in the queue", () => {
  it("[MQTT-3.3.2-5] drops a queued message that expired; [MQTT-3.3.2-6] sends another with its remaining lifetime", async () => {
    const { host, broker } = createTestHost();
    const sub = await pool.connect(host, "exp", persistent);
    await sub.subscribe("m", { qos: 1 });
    await lose(sub);
    const pub = await pool.connect(host, "exp-pub");
    pub.publish("m", "short", { qos: 1, messageId: 1, properties: { messageExpiryInterval: 1 } });
    pub.publish("m", "long", { qos: 1, messageId: 2, properties: { messageExpiryInterval: 10 } });
    await pub.expect("puback");
    await pub.expect("puback");
    // Let 1.1 s pass on the clock expiry is measured by (timers stay real).
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 1100 });
    const resumed = await pool.connect(host, "exp", persistent);
    vi.useRealTimers();
    const got = await resumed.expect("publish");
    expect(String(got.payload)).toBe("long");
    expect(got.properties?.messageExpiryInterval).toBe(9); // 10 s less the ~1.1 s spent queued, rounded up
    expect(await resumed.nothingWithin(50)).toBe(true);
    expect(broker.stats.drops.expired).toBe(1);
  });
});

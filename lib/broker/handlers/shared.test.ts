// Shared subscriptions `$share/<group>/<filter>` [MQTT-4.8.2]: one member per message,
// round-robin, granted QoS per member, and what happens to a leaving member's messages.
import { afterEach, describe, expect, it } from "vitest";
import { ReasonCode } from "../protocol/reason-codes.ts";
import { ClientPool, createTestHost, type TestClient } from "../test/harness.ts";

const pool = new ClientPool();
afterEach(() => pool.endAll());

async function payloads(c: TestClient, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(String((await c.expect("publish")).payload));
  return out;
}

async function lose(c: TestClient): Promise<void> {
  c.end();
  await c.closed;
}

describe("shared subscriptions", () => {
  it("deliver each message to one member, round-robin across all members", async () => {
    const { host } = createTestHost();
    const members = [await pool.connect(host, "a"), await pool.connect(host, "b"), await pool.connect(host, "c")];
    for (const m of members) await m.subscribe("$share/g/jobs/+");
    const pub = await pool.connect(host, "p");
    for (let i = 0; i < 6; i++) pub.publish(`jobs/${i}`, String(i));
    expect(await payloads(members[0], 2)).toEqual(["0", "3"]);
    expect(await payloads(members[1], 2)).toEqual(["1", "4"]);
    expect(await payloads(members[2], 2)).toEqual(["2", "5"]);
    for (const m of members) expect(await m.nothingWithin(30)).toBe(true);
  });

  it("[MQTT-4.8.2-3] respect each member's granted QoS", async () => {
    const { host } = createTestHost();
    const q0 = await pool.connect(host, "q0");
    const q1 = await pool.connect(host, "q1");
    await q0.subscribe("$share/g/t", { qos: 0 });
    await q1.subscribe("$share/g/t", { qos: 1 });
    const pub = await pool.connect(host, "p");
    pub.publish("t", "a", { qos: 2, messageId: 1 });
    pub.publish("t", "b", { qos: 2, messageId: 2 });
    expect((await q0.expect("publish")).qos).toBe(0);
    expect((await q1.expect("publish")).qos).toBe(1);
  });

  it("skip a member whose receive window is full while another has room", async () => {
    const { host } = createTestHost();
    const busy = await pool.connect(host, "busy", { properties: { receiveMaximum: 1 } });
    const idle = await pool.connect(host, "idle");
    await busy.subscribe("$share/g/w", { qos: 1 });
    await idle.subscribe("$share/g/w", { qos: 1 });
    const pub = await pool.connect(host, "p");
    for (let i = 0; i < 4; i++) pub.publish("w", String(i), { qos: 1, messageId: i + 1 });
    expect(await payloads(busy, 1)).toEqual(["0"]); // never acknowledged
    expect(await payloads(idle, 3)).toEqual(["1", "2", "3"]);
    expect(await busy.nothingWithin(50)).toBe(true);
  });

  it("give a non-shared subscriber every message and each group one copy", async () => {
    const { host } = createTestHost();
    const plain = await pool.connect(host, "plain");
    await plain.subscribe("s");
    const g1 = await pool.connect(host, "g1");
    await g1.subscribe("$share/one/s");
    const g2a = await pool.connect(host, "g2a");
    const g2b = await pool.connect(host, "g2b");
    await g2a.subscribe("$share/two/s");
    await g2b.subscribe("$share/two/s");
    const pub = await pool.connect(host, "p");
    pub.publish("s", "x");
    pub.publish("s", "y");
    expect(await payloads(plain, 2)).toEqual(["x", "y"]);
    expect(await payloads(g1, 2)).toEqual(["x", "y"]);
    expect([...(await payloads(g2a, 1)), ...(await payloads(g2b, 1))]).toEqual(["x", "y"]);
  });

  it("[MQTT-3.8.3-4] no-local on a shared subscription is a protocol error", async () => {
    const { host } = createTestHost();
    const a = await pool.connect(host, "a");
    a.send({ cmd: "subscribe", messageId: 1, subscriptions: [{ topic: "$share/g/x", qos: 0, nl: true }] });
    expect((await a.expect("disconnect")).reasonCode).toBe(ReasonCode.ProtocolError);
  });

  it("stop delivering to a member that unsubscribed; with no member left there are no subscribers", async () => {
    const { host } = createTestHost();
    const a = await pool.connect(host, "a");
    const b = await pool.connect(host, "b");
    await a.subscribe("$share/g/u", { qos: 1 });
    await b.subscribe("$share/g/u", { qos: 1 });
    a.send({ cmd: "unsubscribe", messageId: 2, unsubscriptions: ["$share/g/u"] });
    expect((await a.expect("unsuback")).granted).toEqual([ReasonCode.Success]);
    const pub = await pool.connect(host, "p");
    pub.publish("u", "1", { qos: 1, messageId: 1 });
    pub.publish("u", "2", { qos: 1, messageId: 2 });
    expect(await payloads(b, 2)).toEqual(["1", "2"]);
    expect(await a.nothingWithin(30)).toBe(true);
    b.send({ cmd: "unsubscribe", messageId: 3, unsubscriptions: ["$share/g/u"] });
    await b.expect("unsuback");
    await pub.expect("puback");
    await pub.expect("puback");
    pub.publish("u", "3", { qos: 1, messageId: 3 });
    expect((await pub.expect("puback")).reasonCode).toBe(ReasonCode.NoMatchingSubscribers);
  });
});

describe("a member that leaves", () => {
  it("hands its unacknowledged QoS 1 and its queued messages to another member when its session ends", async () => {
    const { host } = createTestHost();
    const a = await pool.connect(host, "a", { properties: { receiveMaximum: 1 } });
    const b = await pool.connect(host, "b", { properties: { receiveMaximum: 1 } });
    await a.subscribe("$share/g/work", { qos: 1 });
    await b.subscribe("$share/g/work", { qos: 1 });
    const pub = await pool.connect(host, "p");
    for (let i = 0; i < 4; i++) pub.publish("work", String(i), { qos: 1, messageId: i + 1 });
    expect(await payloads(a, 1)).toEqual(["0"]); // 2 waits in a's queue
    await lose(a); // session expiry 0: the session ends now
    const toB: string[] = [];
    for (let i = 0; i < 4; i++) {
      const p = await b.expect("publish");
      toB.push(String(p.payload));
      b.send({ cmd: "puback", messageId: p.messageId });
    }
    expect(toB.sort()).toEqual(["0", "1", "2", "3"]);
    expect(await b.nothingWithin(50)).toBe(true);
  });

  it("[MQTT-4.8.2-5] does not send a QoS 2 message it had started delivering to another member when its session ends", async () => {
    const { host } = createTestHost();
    const a = await pool.connect(host, "a");
    const b = await pool.connect(host, "b");
    await a.subscribe("$share/g/q2", { qos: 2 });
    await b.subscribe("$share/g/q2", { qos: 2 });
    const pub = await pool.connect(host, "p");
    pub.publish("q2", "started", { qos: 2, messageId: 1 });
    pub.publish("q2", "to b", { qos: 2, messageId: 2 });
    const toA = await a.expect("publish");
    expect(String(toA.payload)).toBe("started");
    a.send({ cmd: "pubrec", messageId: toA.messageId });
    await a.expect("pubrel");
    const toB = await b.expect("publish");
    expect(String(toB.payload)).toBe("to b");
    b.send({ cmd: "pubrec", messageId: toB.messageId });
    await b.expect("pubrel");
    b.send({ cmd: "pubcomp", messageId: toB.messageId });
    pub.publish("q2", "unacked", { qos: 2, messageId: 3 });
    expect(String((await a.expect("publish")).payload)).toBe("unacked"); // a's turn again, never PUBREC'd
    await lose(a);
    expect(await b.nothingWithin(100)).toBe(true);
  });

  it("[MQTT-4.8.2-4] completes an interrupted QoS 2 delivery with the same member when it resumes its session", async () => {
    const { host } = createTestHost();
    const session = { clean: false, properties: { sessionExpiryInterval: 60 } };
    const a = await pool.connect(host, "a", session);
    const b = await pool.connect(host, "b");
    await a.subscribe("$share/g/q2", { qos: 2 });
    await b.subscribe("$share/g/q2", { qos: 2 });
    const pub = await pool.connect(host, "p");
    pub.publish("q2", "for a", { qos: 2, messageId: 1 });
    const first = await a.expect("publish");
    await lose(a);
    expect(await b.nothingWithin(50)).toBe(true);
    const back = await pool.connect(host, "a", session);
    const again = await back.expect("publish");
    expect([String(again.payload), again.dup, again.messageId]).toEqual(["for a", true, first.messageId]);
  });

  it("does not send retained messages to a new shared subscription", async () => {
    const { host } = createTestHost();
    const pub = await pool.connect(host, "p");
    pub.publish("kept", "x", { retain: true, qos: 1, messageId: 1 });
    await pub.expect("puback");
    const a = await pool.connect(host, "a");
    await a.subscribe("$share/g/kept");
    expect(await a.nothingWithin(50)).toBe(true);
  });
});

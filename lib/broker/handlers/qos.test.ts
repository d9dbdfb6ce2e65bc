// QoS 0/1/2 in both directions: delivered QoS, acknowledgement flows, packet identifiers, DUP,
// exactly-once for incoming QoS 2, and ordering per publisher.
import { afterEach, describe, expect, it } from "vitest";
import type mqttPacket from "mqtt-packet";
import { ReasonCode } from "../protocol/reason-codes.ts";
import { ClientPool, createTestHost, type TestClient } from "../test/harness.ts";

const pool = new ClientPool();
afterEach(() => pool.endAll());

/** Reads n PUBLISHes, acknowledging each as its QoS asks (PUBREC for QoS 2; PUBREL is answered elsewhere). */
async function receive(c: TestClient, n: number): Promise<mqttPacket.IPublishPacket[]> {
  const out: mqttPacket.IPublishPacket[] = [];
  while (out.length < n) {
    const p = await c.next();
    if (p.cmd !== "publish") continue;
    out.push(p);
    if (p.qos === 1) c.send({ cmd: "puback", messageId: p.messageId });
    if (p.qos === 2) c.send({ cmd: "pubrec", messageId: p.messageId });
  }
  return out;
}

describe("QoS", () => {
  it("[MQTT-3.8.4-8] delivers at the minimum of the published QoS and the granted QoS", async () => {
    const { host } = createTestHost();
    const subs = [await pool.connect(host, "s0"), await pool.connect(host, "s1"), await pool.connect(host, "s2")];
    for (const [qos, s] of subs.entries()) expect((await s.subscribe("q", { qos: qos as 0 | 1 | 2 })).granted).toEqual([qos]);
    const pub = await pool.connect(host, "p");
    for (const qos of [0, 1, 2] as const) pub.publish("q", `at ${qos}`, { qos, messageId: qos || undefined });
    const delivered = await Promise.all(subs.map(async (s) => (await receive(s, 3)).map((p) => p.qos)));
    expect(delivered).toEqual([[0, 0, 0], [0, 1, 1], [0, 1, 2]]);
  });

  it("[MQTT-4.3.2-1] [MQTT-4.3.2-3] a QoS 1 message to a subscriber has a packet id and stays in flight until PUBACK", async () => {
    const { host, broker } = createTestHost();
    const sub = await pool.connect(host, "s");
    await sub.subscribe("one", { qos: 1 });
    const pub = await pool.connect(host, "p");
    pub.publish("one", "x", { qos: 1, messageId: 1 });
    const got = await sub.expect("publish");
    expect(got.messageId).toBeGreaterThan(0);
    expect(broker.sessionFor("s")!.inflight.has(got.messageId!)).toBe(true);
    sub.send({ cmd: "puback", messageId: got.messageId });
    await sub.nothingWithin(30);
    expect(broker.sessionFor("s")!.inflight.size).toBe(0);
  });

  it("[MQTT-2.2.1-4] gives every message in flight to a client its own packet identifier", async () => {
    const { host } = createTestHost();
    const sub = await pool.connect(host, "s");
    await sub.subscribe("ids", { qos: 2 });
    const pub = await pool.connect(host, "p");
    for (let i = 1; i <= 20; i++) pub.publish("ids", String(i), { qos: ((i % 2) + 1) as 1 | 2, messageId: i });
    const ids: number[] = [];
    for (let i = 0; i < 20; i++) ids.push((await sub.expect("publish")).messageId!);
    expect(new Set(ids).size).toBe(20);
    expect(ids.every((id) => id >= 1 && id <= 65535)).toBe(true);
  });

  it("[MQTT-3.3.1-3] sets DUP on outgoing PUBLISHes only for its own retransmissions, not because the incoming one had it", async () => {
    const { host } = createTestHost();
    const sub = await pool.connect(host, "s");
    await sub.subscribe("d", { qos: 1 });
    const pub = await pool.connect(host, "p");
    pub.publish("d", "resent by the publisher", { qos: 1, messageId: 1, dup: true });
    expect((await sub.expect("publish")).dup).toBe(false);
  });

  it("[MQTT-4.3.3-10] a QoS 2 PUBLISH repeated before PUBREL is acknowledged with PUBREC and not delivered again", async () => {
    const { host } = createTestHost();
    const sub = await pool.connect(host, "s");
    await sub.subscribe("eo");
    const pub = await pool.connect(host, "p");
    pub.publish("eo", "once", { qos: 2, messageId: 5 });
    pub.publish("eo", "once", { qos: 2, messageId: 5, dup: true });
    pub.publish("eo", "once", { qos: 2, messageId: 5, dup: true });
    for (let i = 0; i < 3; i++) {
      const pubrec = await pub.expect("pubrec");
      expect([pubrec.messageId, pubrec.reasonCode]).toEqual([5, ReasonCode.Success]);
    }
    expect(String((await sub.expect("publish")).payload)).toBe("once");
    expect(await sub.nothingWithin(80)).toBe(true);
    pub.send({ cmd: "pubrel", messageId: 5 });
    expect((await pub.expect("pubcomp")).reasonCode).toBe(ReasonCode.Success);
  });

  it("[MQTT-4.3.3-9] a QoS 2 PUBLISH refused with a PUBREC ≥ 0x80 is a new message when sent again", async () => {
    const refused = new Set(["secret"]);
    const { host } = createTestHost({
      authenticator: { authenticate: async () => ({ ok: true, principal: { namespace: "default", broker: "default", authorizePublish: (t) => !refused.has(t), authorizeSubscribe: () => true } }) },
    });
    const sub = await pool.connect(host, "s");
    await sub.subscribe("secret");
    const pub = await pool.connect(host, "p");
    pub.publish("secret", "no", { qos: 2, messageId: 9 });
    expect((await pub.expect("pubrec")).reasonCode).toBe(ReasonCode.NotAuthorized);
    refused.clear();
    pub.publish("secret", "yes", { qos: 2, messageId: 9 });
    expect((await pub.expect("pubrec")).reasonCode).toBe(ReasonCode.Success);
    expect(String((await sub.expect("publish")).payload)).toBe("yes");
  });

  it("completes the outgoing QoS 2 flow only with PUBREC then PUBCOMP; a PUBCOMP before PUBREC is ignored", async () => {
    const { host, broker } = createTestHost();
    const sub = await pool.connect(host, "s");
    await sub.subscribe("two", { qos: 2 });
    const pub = await pool.connect(host, "p");
    pub.publish("two", "x", { qos: 2, messageId: 1 });
    const got = await sub.expect("publish");
    sub.send({ cmd: "pubcomp", messageId: got.messageId });
    sub.send({ cmd: "puback", messageId: got.messageId }); // wrong ack for QoS 2: ignored as well
    await sub.nothingWithin(30);
    expect(broker.sessionFor("s")!.inflight.get(got.messageId!)?.state).toBe("publish");
    sub.send({ cmd: "pubrec", messageId: got.messageId });
    expect((await sub.expect("pubrel")).messageId).toBe(got.messageId);
    expect(broker.sessionFor("s")!.inflight.get(got.messageId!)?.state).toBe("pubrel");
    sub.send({ cmd: "pubcomp", messageId: got.messageId });
    await sub.nothingWithin(30);
    expect(broker.sessionFor("s")!.inflight.size).toBe(0);
  });

  it("answers a PUBREC for an unknown packet id with PUBREL 0x92 and ignores an unknown PUBACK", async () => {
    const { host } = createTestHost();
    const c = await pool.connect(host, "c");
    c.send({ cmd: "puback", messageId: 77 });
    c.send({ cmd: "pubrec", messageId: 78 });
    const pubrel = await c.expect("pubrel");
    expect([pubrel.messageId, pubrel.reasonCode]).toEqual([78, ReasonCode.PacketIdentifierNotFound]);
    expect(await c.nothingWithin(30)).toBe(true);
  });

  it("[MQTT-4.6.0-6] each subscriber gets one publisher's messages in publish order, whatever the QoS mix", async () => {
    const { host } = createTestHost();
    const low = await pool.connect(host, "low");
    await low.subscribe("ord", { qos: 0 });
    const high = await pool.connect(host, "high");
    await high.subscribe("ord", { qos: 2 });
    const pub = await pool.connect(host, "p");
    for (let i = 0; i < 60; i++) pub.publish("ord", String(i), { qos: (i % 3) as 0 | 1 | 2, messageId: i + 1 });
    const expected = Array.from({ length: 60 }, (_, i) => String(i));
    expect((await receive(low, 60)).map((p) => String(p.payload))).toEqual(expected);
    expect((await receive(high, 60)).map((p) => String(p.payload))).toEqual(expected);
  });
});

// Flow control both ways (Receive Maximum), queue and socket-buffer limits, and Maximum Packet
// Size both ways.
import mqttPacket from "mqtt-packet";
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

describe("the client's Receive Maximum", () => {
  it("[MQTT-3.3.4-9] no more QoS 1 PUBLISHes in flight than the client's Receive Maximum; each PUBACK lets the next one go", async () => {
    const { host, broker } = createTestHost();
    const sub = await pool.connect(host, "rm", { properties: { receiveMaximum: 2 } });
    await sub.subscribe("w", { qos: 1 });
    const pub = await pool.connect(host, "p");
    for (let i = 1; i <= 5; i++) pub.publish("w", String(i), { qos: 1, messageId: i });
    const first = [await sub.expect("publish"), await sub.expect("publish")];
    expect(first.map((p) => String(p.payload))).toEqual(["1", "2"]);
    expect(await sub.nothingWithin(80)).toBe(true);
    expect(broker.sessionFor("rm")!.queue).toHaveLength(3);

    sub.send({ cmd: "puback", messageId: first[0].messageId });
    expect(await payloads(sub, 1)).toEqual(["3"]);
    expect(await sub.nothingWithin(50)).toBe(true);
    sub.send({ cmd: "puback", messageId: first[1].messageId });
    expect(await payloads(sub, 1)).toEqual(["4"]);
    expect(await sub.nothingWithin(50)).toBe(true);
  });

  it("[MQTT-3.3.4-9] a QoS 2 delivery holds its slot until PUBCOMP, not PUBREC", async () => {
    const { host } = createTestHost();
    const sub = await pool.connect(host, "rm2", { properties: { receiveMaximum: 1 } });
    await sub.subscribe("w", { qos: 2 });
    const pub = await pool.connect(host, "p");
    pub.publish("w", "a", { qos: 2, messageId: 1 });
    pub.publish("w", "b", { qos: 2, messageId: 2 });
    const a = await sub.expect("publish");
    sub.send({ cmd: "pubrec", messageId: a.messageId });
    expect((await sub.expect("pubrel")).messageId).toBe(a.messageId);
    expect(await sub.nothingWithin(50)).toBe(true); // still in flight
    sub.send({ cmd: "pubcomp", messageId: a.messageId });
    expect(await payloads(sub, 1)).toEqual(["b"]);
  });

  it("[MQTT-3.3.4-9] a PUBREC with a reason code ≥ 0x80 frees the slot", async () => {
    const { host } = createTestHost();
    const sub = await pool.connect(host, "rm3", { properties: { receiveMaximum: 1 } });
    await sub.subscribe("w", { qos: 2 });
    const pub = await pool.connect(host, "p");
    pub.publish("w", "a", { qos: 2, messageId: 1 });
    pub.publish("w", "b", { qos: 2, messageId: 2 });
    const a = await sub.expect("publish");
    sub.send({ cmd: "pubrec", messageId: a.messageId, reasonCode: ReasonCode.QuotaExceeded });
    expect(await payloads(sub, 1)).toEqual(["b"]); // and no PUBREL for a
  });

  it("[MQTT-3.3.4-10] a full window delays only QoS 1/2 PUBLISHes: QoS 0, SUBACK and PINGRESP still go out", async () => {
    const { host } = createTestHost();
    const sub = await pool.connect(host, "rm4", { properties: { receiveMaximum: 1 } });
    await sub.subscribe("w", { qos: 1 });
    const pub = await pool.connect(host, "p");
    pub.publish("w", "held 1", { qos: 1, messageId: 1 });
    pub.publish("w", "held 2", { qos: 1, messageId: 2 });
    expect(await payloads(sub, 1)).toEqual(["held 1"]);
    pub.publish("w", "qos 0");
    expect(await payloads(sub, 1)).toEqual(["qos 0"]);
    sub.send({ cmd: "subscribe", messageId: 9, subscriptions: [{ topic: "other", qos: 1 }] });
    expect((await sub.expect("suback")).messageId).toBe(9);
    sub.send({ cmd: "pingreq" });
    await sub.expect("pingresp");
  });

  it("without a client Receive Maximum, the broker's maxInflightMessages bounds the window", async () => {
    const { host } = createTestHost({ limits: { maxInflightMessages: 3 } });
    const sub = await pool.connect(host, "cap");
    await sub.subscribe("w", { qos: 1 });
    const pub = await pool.connect(host, "p");
    for (let i = 1; i <= 4; i++) pub.publish("w", String(i), { qos: 1, messageId: i });
    expect(await payloads(sub, 3)).toEqual(["1", "2", "3"]);
    expect(await sub.nothingWithin(50)).toBe(true);
  });

  it("Receive Maximum 0 in CONNECT is a protocol error (§3.1.2.11.3)", async () => {
    const { host } = createTestHost();
    const c = pool.client(host);
    expect((await c.connect({ clientId: "zero", properties: { receiveMaximum: 0 } })).reasonCode).toBe(ReasonCode.ProtocolError);
  });
});

describe("the server's Receive Maximum", () => {
  it("[MQTT-3.3.4-7] more unacknowledged QoS 2 PUBLISHes than announced is DISCONNECT 0x93 Receive Maximum exceeded", async () => {
    const { host } = createTestHost({ limits: { receiveMaximum: 2 } });
    const pub = pool.client(host);
    expect((await pub.connect({ clientId: "greedy" })).properties?.receiveMaximum).toBe(2);
    pub.publish("x", "1", { qos: 2, messageId: 1 });
    pub.publish("x", "2", { qos: 2, messageId: 2 });
    expect((await pub.expect("pubrec")).messageId).toBe(1);
    expect((await pub.expect("pubrec")).messageId).toBe(2);
    pub.publish("x", "3", { qos: 2, messageId: 3 });
    expect((await pub.expect("disconnect")).reasonCode).toBe(ReasonCode.ReceiveMaximumExceeded);
    await pub.closed;
  });

  it("a PUBREL frees the slot: publishing within the window never trips 0x93", async () => {
    const { host } = createTestHost({ limits: { receiveMaximum: 1 } });
    const pub = await pool.connect(host, "polite");
    for (let id = 1; id <= 3; id++) {
      pub.publish("x", String(id), { qos: 2, messageId: id });
      expect((await pub.expect("pubrec")).messageId).toBe(id);
      pub.send({ cmd: "pubrel", messageId: id });
      expect((await pub.expect("pubcomp")).reasonCode).toBe(ReasonCode.Success);
    }
    expect(pub.isClosed).toBe(false);
  });
});

describe("queue and buffer limits", () => {
  it("drops messages beyond maxQueuedMessages behind a full window and counts them as queue_full", async () => {
    const { host, broker } = createTestHost({ limits: { maxQueuedMessages: 2 } });
    const sub = await pool.connect(host, "q", { properties: { receiveMaximum: 1 } });
    await sub.subscribe("w", { qos: 1 });
    const pub = await pool.connect(host, "p");
    for (let i = 1; i <= 5; i++) pub.publish("w", String(i), { qos: 1, messageId: i });
    const first = await sub.expect("publish");
    expect(String(first.payload)).toBe("1");
    await sub.nothingWithin(50);
    expect(broker.stats.drops.queue_full).toBe(2);
    const rest: string[] = [];
    let last = first;
    for (let i = 0; i < 2; i++) {
      sub.send({ cmd: "puback", messageId: last.messageId });
      last = await sub.expect("publish");
      rest.push(String(last.payload));
    }
    expect(rest).toEqual(["2", "3"]);
    sub.send({ cmd: "puback", messageId: last.messageId });
    expect(await sub.nothingWithin(50)).toBe(true);
  });

  it("drops QoS 0 messages to a subscriber whose socket holds more than maxSocketBufferBytes unsent (slow_subscriber)", async () => {
    const { host, broker } = createTestHost({ limits: { maxSocketBufferBytes: 100 } });
    const sub = await pool.connect(host, "slow");
    await sub.subscribe("w");
    const pub = await pool.connect(host, "p");
    // Ten 60-byte messages in one chunk: handled in one tick, while the subscriber's writes are corked.
    const one = (i: number) => mqttPacket.generate({ cmd: "publish", topic: "w", payload: Buffer.alloc(60, 48 + i), qos: 0, dup: false, retain: false }, { protocolVersion: 5 });
    pub.sendRaw(Buffer.concat(Array.from({ length: 10 }, (_, i) => one(i))));
    expect((await sub.expect("publish")).payload).toEqual(Buffer.alloc(60, 48));
    await new Promise((r) => setTimeout(r, 50));
    const delivered = sub.received.filter((p) => p.cmd === "publish").length;
    expect(delivered).toBe(2); // 0 bytes, then 64 buffered: both under 100; the third finds 128 waiting
    expect(broker.stats.drops.slow_subscriber).toBe(8);
  });
});

describe("Maximum Packet Size", () => {
  it("[MQTT-3.1.2-24] [MQTT-3.1.2-25] a QoS 1 message too large for the client is skipped, holds no slot and is counted", async () => {
    const { host, broker } = createTestHost();
    const sub = await pool.connect(host, "small", { properties: { maximumPacketSize: 100, receiveMaximum: 1 } });
    await sub.subscribe("big", { qos: 1 });
    const pub = await pool.connect(host, "p");
    pub.publish("big", Buffer.alloc(200), { qos: 1, messageId: 1 });
    pub.publish("big", "fits", { qos: 1, messageId: 2 });
    const got = await sub.expect("publish");
    expect(String(got.payload)).toBe("fits");
    expect(broker.stats.drops.too_large).toBe(1);
    expect(broker.sessionFor("small")!.inflight.size).toBe(1);
    expect(Math.max(...sub.bytes.map((b) => b.length))).toBeLessThanOrEqual(100);
  });

  it("[MQTT-3.14.2-3] the reason string is left out of a DISCONNECT that would otherwise exceed the client's maximum", async () => {
    const { host } = createTestHost();
    const c = await pool.connect(host, "tiny", { properties: { maximumPacketSize: 16 } });
    const before = Buffer.concat(c.bytes).length;
    c.publish("x", "y", { properties: { subscriptionIdentifier: 1 } }); // protocol error [MQTT-3.3.4-6]
    const disconnect = await c.expect("disconnect");
    expect(disconnect.reasonCode).toBe(ReasonCode.ProtocolError);
    expect(disconnect.properties?.reasonString).toBeUndefined();
    expect(Buffer.concat(c.bytes).length - before).toBeLessThanOrEqual(16);
  });

  it("[MQTT-3.2.2-15] any packet above the server's maximum is DISCONNECT 0x95, SUBSCRIBE included", async () => {
    const { host } = createTestHost({ limits: { maxPacketSize: 200 } });
    const c = pool.client(host);
    expect((await c.connect({ clientId: "big" })).properties?.maximumPacketSize).toBe(200);
    c.send({ cmd: "subscribe", messageId: 1, subscriptions: [{ topic: "t/".repeat(150), qos: 0 }] });
    expect((await c.expect("disconnect")).reasonCode).toBe(ReasonCode.PacketTooLarge);
    await c.closed;
  });
});

// PUBLISH in and out: the basic QoS flows, refusals, sizes and expiry. Topic aliases, QoS details,
// flow control and forwarded properties have test files of their own.
import { afterEach, describe, expect, it } from "vitest";
import type mqttPacket from "mqtt-packet";
import { ReasonCode } from "../protocol/reason-codes.ts";
import { createTestHost, TestClient } from "../test/harness.ts";
import type { BrokerHost } from "../host.ts";

const clients: TestClient[] = [];
async function connected(host: BrokerHost, clientId: string, connect: Partial<mqttPacket.IConnectPacket> = {}, version: 4 | 5 = 5): Promise<TestClient> {
  const c = new TestClient(host, version);
  clients.push(c);
  await c.connect({ clientId, ...connect });
  return c;
}
afterEach(() => {
  for (const c of clients.splice(0)) c.end();
});

describe("PUBLISH", () => {
  it("delivers QoS 0, 1 and 2 at min(publish QoS, granted QoS)", async () => {
    const { host } = createTestHost();
    const sub = await connected(host, "sub");
    await sub.subscribe("t/#", { qos: 1 });
    const pub = await connected(host, "pub");
    pub.publish("t/0", "zero");
    pub.publish("t/1", "one", { qos: 1, messageId: 1 });
    pub.publish("t/2", "two", { qos: 2, messageId: 2 });
    const got = [await sub.expect("publish"), await sub.expect("publish"), await sub.expect("publish")];
    expect(got.map((p) => [p.topic, p.qos, String(p.payload)])).toEqual([["t/0", 0, "zero"], ["t/1", 1, "one"], ["t/2", 1, "two"]]);
    expect(got[1].messageId).toBeGreaterThan(0);
    const puback = await pub.expect("puback");
    expect(puback.messageId).toBe(1);
    const pubrec = await pub.expect("pubrec");
    expect(pubrec.messageId).toBe(2);
    pub.send({ cmd: "pubrel", messageId: 2 });
    expect((await pub.expect("pubcomp")).reasonCode).toBe(0);
  });

  it("completes the QoS 2 flow towards a subscriber (PUBREC → PUBREL → PUBCOMP)", async () => {
    const { host, broker } = createTestHost();
    const sub = await connected(host, "sub2");
    await sub.subscribe("q2", { qos: 2 });
    const pub = await connected(host, "pub2");
    pub.publish("q2", "x", { qos: 2, messageId: 9 });
    const delivered = await sub.expect("publish");
    expect(delivered.qos).toBe(2);
    sub.send({ cmd: "pubrec", messageId: delivered.messageId });
    expect((await sub.expect("pubrel")).messageId).toBe(delivered.messageId);
    sub.send({ cmd: "pubcomp", messageId: delivered.messageId });
    await sub.nothingWithin(50);
    expect(broker.sessionFor("sub2")!.inflight.size).toBe(0);
  });

  it("answers 0x10 No matching subscribers when nobody is subscribed", async () => {
    const { host, broker } = createTestHost();
    const pub = await connected(host, "lonely");
    pub.publish("nobody/here", "x", { qos: 1, messageId: 3 });
    expect((await pub.expect("puback")).reasonCode).toBe(ReasonCode.NoMatchingSubscribers);
    expect(broker.stats.drops.no_subscribers).toBe(1);
  });

  it("[MQTT-3.3.2-2] a wildcard in a topic name is 0x90 Topic name invalid", async () => {
    const { host } = createTestHost();
    const pub = await connected(host, "bad");
    pub.sendRaw(Buffer.from([0x30, 0x05, 0x00, 0x03, 0x61, 0x2f, 0x2b])); // PUBLISH "a/+" QoS 0, no properties length → malformed for v5
    const disconnect = await pub.expect("disconnect");
    expect([ReasonCode.TopicNameInvalid, ReasonCode.MalformedPacket]).toContain(disconnect.reasonCode);
    const pub2 = await connected(host, "bad2");
    pub2.sendRaw(Buffer.from([0x30, 0x06, 0x00, 0x03, 0x61, 0x2f, 0x2b, 0x00]));
    expect((await pub2.expect("disconnect")).reasonCode).toBe(ReasonCode.TopicNameInvalid);
  });

  it("[MQTT-3.3.2-6] forwards the remaining message expiry, and does not deliver expired messages", async () => {
    const { host, broker } = createTestHost();
    const pub = await connected(host, "exp-pub");
    pub.publish("exp", "short", { qos: 1, messageId: 1, retain: true, properties: { messageExpiryInterval: 1 } });
    pub.publish("exp2", "long", { qos: 1, messageId: 2, retain: true, properties: { messageExpiryInterval: 100 } });
    await pub.expect("puback");
    await pub.expect("puback");
    await new Promise((r) => setTimeout(r, 1100));
    const sub = await connected(host, "exp-sub");
    await sub.subscribe("exp", { qos: 1 });
    await sub.subscribe("exp2", { qos: 1 }, undefined, 2);
    const got = await sub.expect("publish");
    expect(got.topic).toBe("exp2");
    expect(got.properties?.messageExpiryInterval).toBeLessThanOrEqual(100);
    expect(got.properties?.messageExpiryInterval).toBeGreaterThanOrEqual(98);
    expect(await sub.nothingWithin(50)).toBe(true);
    expect(broker.retained.size).toBe(1);
  });

  it("[MQTT-3.1.2-25] skips a message larger than the client's maximum packet size, and counts it", async () => {
    const { host, broker } = createTestHost();
    const sub = await connected(host, "small", { properties: { maximumPacketSize: 64 } });
    await sub.subscribe("big");
    const pub = await connected(host, "big-pub");
    pub.publish("big", Buffer.alloc(200));
    pub.publish("big", "fits");
    expect(String((await sub.expect("publish")).payload)).toBe("fits");
    expect(broker.stats.drops.too_large).toBe(1);
  });

  it("[MQTT-3.2.2-15] a packet above our maximum packet size is 0x95", async () => {
    const { host } = createTestHost({ limits: { maxPacketSize: 1024 } });
    const pub = await connected(host, "flood");
    pub.publish("x", Buffer.alloc(2000));
    expect((await pub.expect("disconnect")).reasonCode).toBe(ReasonCode.PacketTooLarge);
  });

  it("refuses publishes to $SYS topics with 0x87", async () => {
    const { host } = createTestHost();
    const pub = await connected(host, "sys");
    pub.publish("$SYS/broker/fake", "x", { qos: 1, messageId: 1 });
    expect((await pub.expect("puback")).reasonCode).toBe(ReasonCode.NotAuthorized);
  });

  it("[MQTT-3.3.4-6] a subscription identifier in a client PUBLISH is a protocol error", async () => {
    const { host } = createTestHost();
    const pub = await connected(host, "subid");
    pub.publish("x", "y", { properties: { subscriptionIdentifier: 4 } });
    expect((await pub.expect("disconnect")).reasonCode).toBe(ReasonCode.ProtocolError);
  });

  it("delivers between MQTT 3.1.1 and MQTT 5 clients", async () => {
    const { host } = createTestHost();
    const sub311 = await connected(host, "old", {}, 4);
    await sub311.subscribe("mix");
    const pub5 = await connected(host, "new");
    pub5.publish("mix", "hello", { properties: { userProperties: { k: "v" } } });
    const got = await sub311.expect("publish");
    expect(String(got.payload)).toBe("hello");
  });
});

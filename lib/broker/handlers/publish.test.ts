// PUBLISH in and out: QoS flows, properties, aliases, sizes, ordering.
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

  it("[MQTT-4.3.3-?] a retransmitted QoS 2 PUBLISH before PUBREL is not delivered twice", async () => {
    const { host } = createTestHost();
    const sub = await connected(host, "s");
    await sub.subscribe("dup", { qos: 0 });
    const pub = await connected(host, "p");
    pub.publish("dup", "once", { qos: 2, messageId: 5 });
    await pub.expect("pubrec");
    pub.publish("dup", "once", { qos: 2, messageId: 5, dup: true });
    await pub.expect("pubrec");
    await sub.expect("publish");
    expect(await sub.nothingWithin(100)).toBe(true);
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

  it("[MQTT-3.3.2-18] forwards user properties in order, with content type, response topic, correlation data and format indicator", async () => {
    const { host } = createTestHost();
    const sub = await connected(host, "props-sub");
    await sub.subscribe("props");
    const pub = await connected(host, "props-pub");
    // Interleaved repeated keys, built by hand to pin the order on the wire.
    const userProps = [["b", "1"], ["a", "2"], ["b", "3"]];
    const propBytes = Buffer.concat([
      Buffer.from([0x01, 0x01]), // payload format indicator = UTF-8
      Buffer.from([0x03, 0x00, 0x10]), Buffer.from("application/json"),
      Buffer.from([0x08, 0x00, 0x05]), Buffer.from("reply"),
      Buffer.from([0x09, 0x00, 0x02, 0xca, 0xfe]),
      ...userProps.map(([k, v]) => Buffer.concat([Buffer.from([0x26, 0x00, k.length]), Buffer.from(k), Buffer.from([0x00, v.length]), Buffer.from(v)])),
    ]);
    const body = Buffer.concat([Buffer.from([0x00, 0x05]), Buffer.from("props"), Buffer.from([propBytes.length]), propBytes, Buffer.from("{}")]);
    pub.sendRaw(Buffer.concat([Buffer.from([0x30, body.length]), body]));
    const got = await sub.expect("publish");
    expect(got.properties).toMatchObject({ payloadFormatIndicator: true, contentType: "application/json", responseTopic: "reply" });
    expect(got.properties?.correlationData).toEqual(Buffer.from([0xca, 0xfe]));
    // The test client's parser folds user properties into an object; the wire order is pinned in publish-codec.test.ts.
    expect(got.properties?.userProperties).toEqual({ b: ["1", "3"], a: "2" });
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

  it("[MQTT-3.3.2-12] resolves topic aliases the client sets, and [MQTT-3.3.2-9] refuses one above our maximum (0x94)", async () => {
    const { host } = createTestHost({ limits: { topicAliasMaximum: 2 } });
    const sub = await connected(host, "alias-sub");
    await sub.subscribe("alias/#");
    const pub = await connected(host, "alias-pub");
    pub.publish("alias/long/topic", "1", { properties: { topicAlias: 1 } });
    pub.publish("", "2", { properties: { topicAlias: 1 } });
    expect((await sub.expect("publish")).topic).toBe("alias/long/topic");
    expect((await sub.expect("publish")).topic).toBe("alias/long/topic");
    pub.publish("alias/x", "3", { properties: { topicAlias: 3 } });
    expect((await pub.expect("disconnect")).reasonCode).toBe(ReasonCode.TopicAliasInvalid);
  });

  it("assigns topic aliases to a client that allows them [MQTT-3.3.2-10]", async () => {
    const { host } = createTestHost();
    const sub = await connected(host, "alias-in", { properties: { topicAliasMaximum: 1 } });
    await sub.subscribe("a/#");
    const pub = await connected(host, "alias-out");
    pub.publish("a/one", "1");
    pub.publish("a/one", "2");
    pub.publish("a/two", "3");
    const first = await sub.expect("publish");
    const second = await sub.expect("publish");
    const third = await sub.expect("publish");
    expect([first.topic, first.properties?.topicAlias]).toEqual(["a/one", 1]);
    expect([second.topic, second.properties?.topicAlias]).toEqual(["", 1]);
    expect([third.topic, third.properties?.topicAlias]).toEqual(["a/two", undefined]);
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

  it("keeps the order of one publisher's messages across QoS levels", async () => {
    const { host } = createTestHost();
    const sub = await connected(host, "order-sub");
    await sub.subscribe("order", { qos: 2 });
    const pub = await connected(host, "order-pub");
    for (let i = 0; i < 200; i++) pub.publish("order", String(i), { qos: (i % 3) as 0 | 1 | 2, messageId: i + 1 });
    const seen: number[] = [];
    while (seen.length < 200) {
      const p = await sub.next();
      if (p.cmd !== "publish") continue;
      seen.push(Number(String(p.payload)));
      if (p.qos === 1) sub.send({ cmd: "puback", messageId: p.messageId });
      if (p.qos === 2) sub.send({ cmd: "pubrec", messageId: p.messageId });
    }
    expect(seen).toEqual([...Array(200).keys()]);
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

  it("[MQTT-3.3.2-4] a payload that is not UTF-8 despite its format indicator is 0x99", async () => {
    const { host } = createTestHost();
    const pub = await connected(host, "utf");
    pub.publish("x", Buffer.from([0xff, 0xfe]), { properties: { payloadFormatIndicator: true } });
    expect((await pub.expect("disconnect")).reasonCode).toBe(ReasonCode.PayloadFormatInvalid);
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

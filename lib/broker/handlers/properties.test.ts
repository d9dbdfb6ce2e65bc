// PUBLISH properties that travel with the message: user properties, payload format indicator,
// content type, response topic, correlation data, message expiry. Checked on the wire bytes
// where mqtt-packet's decoded form would hide a difference (order, presence).
import mqttPacket from "mqtt-packet";
import { afterEach, describe, expect, it } from "vitest";
import { ReasonCode } from "../protocol/reason-codes.ts";
import { ClientPool, createTestHost, type TestClient } from "../test/harness.ts";

const pool = new ClientPool();
afterEach(() => pool.endAll());

/** A v5 PUBLISH (QoS 0, topic `topic`) with the given raw property bytes, built by hand. */
function rawPublish(topic: string, properties: Buffer, payload: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from([0, topic.length]), Buffer.from(topic), Buffer.from([properties.length]), properties, payload]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}
const utf8 = (s: string) => Buffer.concat([Buffer.from([0, Buffer.byteLength(s)]), Buffer.from(s)]);
const userProperty = (k: string, v: string) => Buffer.concat([Buffer.from([0x26]), utf8(k), utf8(v)]);

async function subscribed(host: Parameters<ClientPool["connect"]>[0], filter: string): Promise<TestClient> {
  const sub = await pool.connect(host, `sub-${filter}`);
  await sub.subscribe(filter);
  return sub;
}

describe("forwarded PUBLISH properties", () => {
  it("[MQTT-3.3.2-17] [MQTT-3.3.2-18] forwards user properties unaltered and in their order, repeated keys included", async () => {
    const { host } = createTestHost();
    const sub = await subscribed(host, "up");
    const pub = await pool.connect(host, "pub");
    const pairs: Array<[string, string]> = [["z", "1"], ["a", "2"], ["z", "3"], ["2", "numeric key"], ["ключ", ""], ["a", "2"]];
    pub.sendRaw(rawPublish("up", Buffer.concat(pairs.map(([k, v]) => userProperty(k, v))), Buffer.from("x")));
    await sub.expect("publish");
    expect(sub.wirePublishes()[0].properties.userProperties).toEqual(pairs);
  });

  it("[MQTT-3.3.2-4] forwards the payload format indicator unaltered: 1, 0 and absent", async () => {
    const { host } = createTestHost();
    const sub = await subscribed(host, "pf");
    const pub = await pool.connect(host, "pub");
    pub.sendRaw(rawPublish("pf", Buffer.from([0x01, 1]), Buffer.from("text")));
    pub.sendRaw(rawPublish("pf", Buffer.from([0x01, 0]), Buffer.from([0xff])));
    pub.sendRaw(rawPublish("pf", Buffer.alloc(0), Buffer.from("none")));
    for (let i = 0; i < 3; i++) await sub.expect("publish");
    expect(sub.wirePublishes().map((p) => p.properties.payloadFormatIndicator)).toEqual([true, false, undefined]);
  });

  it("validates a payload that claims to be UTF-8 and is not: DISCONNECT 0x99 (the MAY of §3.3.2.3.2), also at QoS 1", async () => {
    const { host } = createTestHost();
    const sub = await subscribed(host, "bad");
    const pub = await pool.connect(host, "pub");
    pub.publish("bad", Buffer.from([0xc3, 0x28]), { qos: 1, messageId: 1, properties: { payloadFormatIndicator: true } });
    expect((await pub.expect("disconnect")).reasonCode).toBe(ReasonCode.PayloadFormatInvalid);
    expect(await sub.nothingWithin(50)).toBe(true);
  });

  it("[MQTT-3.3.2-20] [MQTT-3.3.2-16] forwards content type, response topic and correlation data unaltered", async () => {
    const { host } = createTestHost();
    const sub = await subscribed(host, "rr");
    const pub = await pool.connect(host, "pub");
    const correlation = Buffer.from([0, 1, 0xff, 0]);
    pub.publish("rr", "{}", { qos: 1, messageId: 1, properties: { contentType: "application/json; charset=utf-8", responseTopic: "replies/pub/42", correlationData: correlation } });
    await pub.expect("puback");
    const got = await sub.expect("publish");
    expect(got.properties?.contentType).toBe("application/json; charset=utf-8");
    expect(got.properties?.responseTopic).toBe("replies/pub/42");
    expect(got.properties?.correlationData).toEqual(correlation);
  });

  it("request/response: the responder publishes to the response topic with the correlation data and the requester gets both back", async () => {
    const { host } = createTestHost();
    const requester = await pool.connect(host, "requester");
    await requester.subscribe("replies/requester");
    const responder = await pool.connect(host, "responder");
    await responder.subscribe("rpc/time");
    requester.publish("rpc/time", "now?", { properties: { responseTopic: "replies/requester", correlationData: Buffer.from("req-1") } });
    const request = await responder.expect("publish");
    responder.publish(request.properties!.responseTopic!, "12:00", { properties: { correlationData: request.properties!.correlationData } });
    const response = await requester.expect("publish");
    expect([response.topic, String(response.payload), String(response.properties?.correlationData)]).toEqual(["replies/requester", "12:00", "req-1"]);
  });

  it("[MQTT-3.3.2-6] forwards the message expiry interval, and none when the publisher set none", async () => {
    const { host } = createTestHost();
    const sub = await subscribed(host, "me");
    const pub = await pool.connect(host, "pub");
    pub.publish("me", "with", { properties: { messageExpiryInterval: 60 } });
    pub.publish("me", "without");
    await sub.expect("publish");
    await sub.expect("publish");
    expect(sub.wirePublishes().map((p) => p.properties.messageExpiryInterval)).toEqual([60, undefined]);
  });

  it("sends MQTT 3.1.1 subscribers the message without any properties", async () => {
    const { host } = createTestHost();
    const old = await pool.connect(host, "old", {}, 4);
    await old.subscribe("v4");
    const pub = await pool.connect(host, "pub");
    pub.publish("v4", "hello", { properties: { userProperties: { k: "v" }, contentType: "text/plain", messageExpiryInterval: 30 } });
    const got = await old.expect("publish");
    expect(String(got.payload)).toBe("hello");
    // A 3.1.1 PUBLISH has no property section: the encoding is exactly topic + payload.
    const expected = mqttPacket.generate({ cmd: "publish", topic: "v4", payload: Buffer.from("hello"), qos: 0, dup: false, retain: false }, { protocolVersion: 4 });
    expect(Buffer.concat(old.bytes).subarray(-expected.length)).toEqual(expected);
  });
});

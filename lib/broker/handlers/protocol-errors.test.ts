// Server-initiated DISCONNECT for bad input after CONNACK: the reason code the spec gives for
// each malformed packet or protocol error, then the close [MQTT-4.13.1-1]. Packets are built by
// hand where mqtt-packet will not encode them. (A second CONNECT is in connect.test.ts, a wildcard
// in a topic name in publish.test.ts.)
import { afterEach, describe, expect, it } from "vitest";
import { ReasonCode } from "../protocol/reason-codes.ts";
import { ClientPool, createTestHost } from "../test/harness.ts";

const pool = new ClientPool();
afterEach(() => pool.endAll());

const cases: Array<[string, number[], number]> = [
  ["[MQTT-3.3.1-4] PUBLISH with QoS 3", [0x36, 0x06, 0, 1, 0x61, 0, 1, 0], ReasonCode.MalformedPacket],
  ["[MQTT-3.3.1-2] DUP set on a QoS 0 PUBLISH", [0x38, 0x04, 0, 1, 0x61, 0], ReasonCode.MalformedPacket],
  ["[MQTT-2.2.1-3] QoS 1 PUBLISH with packet identifier 0", [0x32, 0x06, 0, 1, 0x61, 0, 0, 0], ReasonCode.MalformedPacket],
  ["[MQTT-1.5.4-1] PUBLISH topic that is not well-formed UTF-8", [0x30, 0x05, 0, 2, 0xc3, 0x28, 0], ReasonCode.MalformedPacket],
  ["a remaining length of more than four bytes (§1.5.5)", [0x30, 0xff, 0xff, 0xff, 0xff, 0x01], ReasonCode.MalformedPacket],
  ["the reserved packet type 0 (§2.1.2)", [0x00, 0x00], ReasonCode.MalformedPacket],
  ["[MQTT-3.8.1-1] SUBSCRIBE with reserved header flags other than 0010", [0x80, 0x06, 0, 1, 0, 0, 1, 0x61, 0], ReasonCode.MalformedPacket],
  ["[MQTT-3.6.1-1] PUBREL with reserved header flags other than 0010", [0x60, 0x02, 0, 1], ReasonCode.MalformedPacket],
  ["[MQTT-3.8.3-5] SUBSCRIBE options with reserved bits set", [0x82, 0x07, 0, 1, 0, 0, 1, 0x61, 0xc0], ReasonCode.MalformedPacket],
  ["SUBSCRIBE with Maximum QoS 3 (§3.8.3.1)", [0x82, 0x07, 0, 1, 0, 0, 1, 0x61, 0x03], ReasonCode.ProtocolError],
  ["SUBSCRIBE with Retain Handling 3 (§3.8.3.1)", [0x82, 0x07, 0, 1, 0, 0, 1, 0x61, 0x30], ReasonCode.ProtocolError],
  ["[MQTT-3.8.3-2] SUBSCRIBE without a topic filter", [0x82, 0x03, 0, 1, 0], ReasonCode.ProtocolError],
  ["[MQTT-3.10.3-2] UNSUBSCRIBE without a topic filter", [0xa2, 0x03, 0, 1, 0], ReasonCode.ProtocolError],
  ["a PUBACK cut short inside its packet identifier", [0x40, 0x01, 0x00], ReasonCode.MalformedPacket],
  ["a PUBREC cut short inside its packet identifier", [0x50, 0x01, 0x00], ReasonCode.MalformedPacket],
  ["[MQTT-2.2.1-3] SUBSCRIBE with packet identifier 0", [0x82, 0x07, 0, 0, 0, 0, 1, 0x61, 0], ReasonCode.MalformedPacket],
  ["a server-to-client packet (CONNACK) from the client", [0x20, 0x03, 0, 0, 0], ReasonCode.ProtocolError],
  ["AUTH when CONNECT named no authentication method (§4.12)", [0xf0, 0x02, 0x18, 0x00], ReasonCode.ProtocolError],
];

describe("DISCONNECT reason codes for bad input", () => {
  it.each(cases)("%s", async (_name, bytes, reasonCode) => {
    const { host } = createTestHost();
    const c = await pool.connect(host, "bad");
    c.sendRaw(Buffer.from(bytes));
    const disconnect = await c.expect("disconnect");
    expect(disconnect.reasonCode).toBe(reasonCode);
    expect(disconnect.properties?.reasonString).toEqual(expect.any(String));
    await c.closed;
  });

  it("the packets after the bad one are not processed", async () => {
    const { host } = createTestHost();
    const sub = await pool.connect(host, "sub");
    await sub.subscribe("after");
    const c = await pool.connect(host, "bad");
    const later = Buffer.from([0x30, 0x08, 0, 5, ...Buffer.from("after"), 0]);
    c.sendRaw(Buffer.concat([Buffer.from([0x36, 0x06, 0, 1, 0x61, 0, 1, 0]), later]));
    expect((await c.expect("disconnect")).reasonCode).toBe(ReasonCode.MalformedPacket);
    await c.closed;
    expect(await sub.nothingWithin(50)).toBe(true);
  });

  it("MQTT 3.1.1 has no server DISCONNECT: the connection is just closed", async () => {
    const { host } = createTestHost();
    const c = await pool.connect(host, "old", {}, 4);
    c.sendRaw(Buffer.from([0x36, 0x05, 0, 1, 0x61, 0, 1]));
    await c.closed;
    expect(c.received.map((p) => p.cmd)).toEqual(["connack"]);
  });

  it("more packets per second than maxPacketsPerSecond is DISCONNECT 0x96 Message rate too high", async () => {
    const { host } = createTestHost({ limits: { maxPacketsPerSecond: 5 } });
    const c = await pool.connect(host, "chatty");
    c.sendRaw(Buffer.concat(Array.from({ length: 20 }, () => Buffer.from([0xc0, 0x00])))); // PINGREQ × 20
    const replies: string[] = [];
    for (;;) {
      const p = await c.next();
      replies.push(p.cmd);
      if (p.cmd === "disconnect") {
        expect(p.reasonCode).toBe(ReasonCode.MessageRateTooHigh);
        break;
      }
    }
    expect(replies.filter((r) => r === "pingresp").length).toBeLessThanOrEqual(5);
    await c.closed;
  });

  it("acks of the broker's own deliveries do not count toward maxPacketsPerSecond", async () => {
    const { host, broker } = createTestHost({ limits: { maxPacketsPerSecond: 5 } });
    const sub = await pool.connect(host, "busy-subscriber");
    await sub.subscribe("feed", { qos: 1 });
    for (let i = 0; i < 20; i++) {
      broker.acceptPublish({ topic: "feed", payload: Buffer.from(String(i)), qos: 1, retain: false, properties: {}, publisherId: "server", receivedAt: Date.now() });
      const delivery = await sub.expect("publish");
      sub.send({ cmd: "puback", messageId: delivery.messageId! });
    }
    expect(await sub.nothingWithin(100)).toBe(true);
    expect(sub.isClosed).toBe(false);
  });
});

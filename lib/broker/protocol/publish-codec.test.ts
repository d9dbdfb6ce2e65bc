// The hand-written PUBLISH codec against mqtt-packet (the reference) and the spec's rules.
import mqttPacket from "mqtt-packet";
import { describe, expect, it } from "vitest";
import { BrokerError } from "../errors.ts";
import { decodePublish, encodePublish, withPacketId } from "./publish-codec.ts";
import { ReasonCode } from "./reason-codes.ts";

function body(encoded: Buffer): { first: number; body: Buffer } {
  let i = 1;
  while (encoded[i] & 0x80) i++;
  return { first: encoded[0], body: encoded.subarray(i + 1) };
}

describe("publish codec", () => {
  it("encodes what mqtt-packet decodes, for MQTT 5 with every forwarded property", () => {
    const encoded = encodePublish(
      {
        topic: "a/b",
        payload: Buffer.from("hello"),
        qos: 1,
        retain: true,
        dup: false,
        packetId: 42,
        properties: { payloadFormatIndicator: true, contentType: "text/plain", responseTopic: "r", correlationData: Buffer.from([1, 2]), messageExpiryInterval: 30, subscriptionIdentifiers: [3, 300], topicAlias: 4, userProperties: [["k", "v"]] },
      },
      5,
    );
    const parser = mqttPacket.parser({ protocolVersion: 5 });
    let packet: mqttPacket.IPublishPacket | undefined;
    parser.on("packet", (p) => (packet = p as mqttPacket.IPublishPacket));
    parser.parse(encoded);
    expect(packet).toMatchObject({ topic: "a/b", qos: 1, retain: true, messageId: 42 });
    expect(String(packet!.payload)).toBe("hello");
    expect(packet!.properties).toMatchObject({ payloadFormatIndicator: true, contentType: "text/plain", responseTopic: "r", messageExpiryInterval: 30, subscriptionIdentifier: [3, 300], topicAlias: 4, userProperties: { k: "v" } });
  });

  it("[MQTT-3.3.2-18] keeps user properties in their order, repeated keys included", () => {
    const userProperties: Array<[string, string]> = [["b", "1"], ["a", "2"], ["b", "3"], ["1", "x"]];
    const encoded = encodePublish({ topic: "t", payload: Buffer.alloc(0), qos: 0, retain: false, dup: false, packetId: 0, properties: { userProperties } }, 5);
    const { first, body: b } = body(encoded);
    expect(decodePublish(first, b, 5).properties.userProperties).toEqual(userProperties);
  });

  it("decodes what mqtt-packet encodes (3.1.1)", () => {
    const encoded = mqttPacket.generate({ cmd: "publish", topic: "x/y", payload: Buffer.from([0, 255]), qos: 2, dup: true, retain: false, messageId: 7 }, { protocolVersion: 4 });
    const { first, body: b } = body(encoded);
    expect(decodePublish(first, b, 4)).toMatchObject({ topic: "x/y", qos: 2, dup: true, packetId: 7, payload: Buffer.from([0, 255]) });
  });

  it("withPacketId rewrites the packet id and DUP flag of an encoded PUBLISH", () => {
    const template = encodePublish({ topic: "t", payload: Buffer.from("p"), qos: 1, retain: false, dup: false, packetId: 1 }, 5);
    const copy = withPacketId(template, 513, true);
    const { first, body: b } = body(copy);
    expect(decodePublish(first, b, 5)).toMatchObject({ packetId: 513, dup: true });
    expect(decodePublish(body(template).first, body(template).body, 5).packetId).toBe(1);
  });

  const reject = (first: number, bytes: number[], version: number, code: number) => {
    try {
      decodePublish(first, Buffer.from(bytes), version);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(BrokerError);
      expect((error as BrokerError).reasonCode).toBe(code);
    }
  };

  it("[MQTT-3.3.1-4] QoS 3 is malformed", () => reject(0x36, [0, 1, 0x61, 0, 1], 4, ReasonCode.MalformedPacket));
  it("[MQTT-3.3.1-2] DUP on QoS 0 is malformed", () => reject(0x38, [0, 1, 0x61], 4, ReasonCode.MalformedPacket));
  it("[MQTT-2.2.1-3] packet id 0 is malformed", () => reject(0x32, [0, 1, 0x61, 0, 0], 4, ReasonCode.MalformedPacket));
  it("[MQTT-1.5.4-1] a topic that is not UTF-8 is malformed", () => reject(0x30, [0, 2, 0xc3, 0x28], 4, ReasonCode.MalformedPacket));
  it("a truncated topic is malformed", () => reject(0x30, [0, 9, 0x61], 4, ReasonCode.MalformedPacket));
  it("[MQTT-2.2.2-2] a repeated single-valued property is a protocol error", () => reject(0x30, [0, 1, 0x61, 4, 0x01, 0x00, 0x01, 0x00], 5, ReasonCode.ProtocolError));
  it("a property not allowed in PUBLISH is a protocol error", () => reject(0x30, [0, 1, 0x61, 2, 0x21, 0x00], 5, ReasonCode.ProtocolError));
});

// The load generator's codec: its packets against mqtt-packet (the reference), and the streaming
// parser over frames split at every byte boundary, with multi-byte remaining lengths.
import mqttPacket from "mqtt-packet";
import { describe, expect, it } from "vitest";
import { encodeConnect, encodePuback, encodePublish, encodeSubscribe, type FrameHandler, FrameParser, type MqttVersion, nextPacketId, PacketType, PublishTemplate } from "./wire.ts";

function decode(buffer: Buffer, protocolVersion: MqttVersion): mqttPacket.Packet[] {
  const parser = mqttPacket.parser({ protocolVersion });
  const packets: mqttPacket.Packet[] = [];
  parser.on("packet", (p) => packets.push(p));
  parser.on("error", (e) => {
    throw e;
  });
  parser.parse(buffer);
  return packets;
}

function stamped(sentAt: number, size: number): Buffer {
  const payload = Buffer.alloc(size, 0x62);
  payload.writeDoubleLE(sentAt, 0);
  return payload;
}

type Event = [string, ...number[]];

/** A parser that records what it sees, as plain tuples easy to compare. */
function recorder(version: MqttVersion): { parser: FrameParser; events: Event[] } {
  const events: Event[] = [];
  const handler: FrameHandler = {
    publish: (qos, packetId, sentAt) => events.push(["publish", qos, packetId, sentAt]),
    control: (type, body, start, end) => events.push(["control", type, end - start, ...body.subarray(start, Math.min(end, start + 3))]),
  };
  return { parser: new FrameParser(version, handler), events };
}

describe.each([4, 5] as const)("MQTT %s encoders", (version) => {
  it("encode what mqtt-packet decodes", () => {
    const [connect, subscribe, publish0, publish1, puback] = decode(
      Buffer.concat([encodeConnect("bench-1", version, 60), encodeSubscribe(7, "a/#", 1, version), encodePublish("a/b", Buffer.from("hi"), 0, 0, version), encodePublish("a/c", Buffer.from("yo"), 1, 513, version), encodePuback(513)]),
      version,
    );
    expect(connect).toMatchObject({ cmd: "connect", protocolVersion: version, clientId: "bench-1", keepalive: 60, clean: true });
    expect(subscribe).toMatchObject({ cmd: "subscribe", messageId: 7, subscriptions: [{ topic: "a/#", qos: 1 }] });
    expect(publish0).toMatchObject({ cmd: "publish", topic: "a/b", qos: 0 });
    expect(String((publish0 as mqttPacket.IPublishPacket).payload)).toBe("hi");
    expect(publish1).toMatchObject({ cmd: "publish", topic: "a/c", qos: 1, messageId: 513 });
    expect(puback).toMatchObject({ cmd: "puback", messageId: 513 });
  });

  it("stamps send times and packet ids into template batches", () => {
    const template = new PublishTemplate("t/1", 64, 1, version);
    const packets = decode(template.batch(3, 1234.5, 65534), version) as mqttPacket.IPublishPacket[];
    expect(packets.map((p) => p.messageId)).toEqual([65534, 65535, 1]);
    for (const p of packets) {
      expect(p.topic).toBe("t/1");
      expect((p.payload as Buffer).length).toBe(64);
      expect((p.payload as Buffer).readDoubleLE(0)).toBe(1234.5);
    }
  });

  it("stamps JSON payloads with a send time that survives a parse and stringify", () => {
    const template = new PublishTemplate("t/1", 64, 0, version, "json");
    const [packet] = decode(template.batch(1, 1234.5678), version) as mqttPacket.IPublishPacket[];
    const payload = (packet!.payload as Buffer).toString();
    expect(payload).toHaveLength(64);
    const reading = JSON.parse(payload);
    expect(reading).toMatchObject({ sentAt: "0000000001234568", celsius: 21.5 });
    const transformed = encodePublish("t/1", Buffer.from(JSON.stringify({ ...reading, hooked: true })), 0, 0, version);
    const { parser, events } = recorder(version);
    parser.push(Buffer.concat([template.batch(1, 1234.5678), transformed]));
    expect(events).toEqual([
      ["publish", 0, 0, 1234.568],
      ["publish", 0, 0, 1234.568],
    ]);
  });
});

describe("FrameParser", () => {
  // Frames as the broker sends them, with 1-, 2- and 3-byte remaining lengths and MQTT 5 properties.
  const stream = Buffer.concat([
    mqttPacket.generate({ cmd: "connack", reasonCode: 0, sessionPresent: false, properties: { receiveMaximum: 100, topicAliasMaximum: 10 } }, { protocolVersion: 5 }),
    mqttPacket.generate({ cmd: "suback", messageId: 1, granted: [1] }, { protocolVersion: 5 }),
    encodePublish("a/b", stamped(1.5, 8), 0, 0, 5),
    mqttPacket.generate({ cmd: "publish", topic: "a/c", qos: 1, messageId: 300, dup: false, retain: false, payload: stamped(2.5, 200), properties: { contentType: "x", userProperties: { k: "v" } } }, { protocolVersion: 5 }),
    encodePublish("a/d", stamped(3.5, 20_000), 1, 65535, 5),
    encodePublish("a/e", Buffer.from("short"), 0, 0, 5),
    mqttPacket.generate({ cmd: "puback", messageId: 9, reasonCode: 0x97 }, { protocolVersion: 5 }),
    mqttPacket.generate({ cmd: "disconnect", reasonCode: 0x96 }, { protocolVersion: 5 }),
  ]);
  const expected: Event[] = [
    ["control", PacketType.connack, 9, 0, 0, 6],
    ["control", PacketType.suback, 4, 0, 1, 0],
    ["publish", 0, 0, 1.5],
    ["publish", 1, 300, 2.5],
    ["publish", 1, 65535, 3.5],
    ["publish", 0, 0, Number.NaN],
    ["control", PacketType.puback, 4, 0, 9, 0x97],
    ["control", PacketType.disconnect, 2, 0x96, 0],
  ];

  it("reads a whole stream in one chunk", () => {
    const { parser, events } = recorder(5);
    parser.push(stream);
    expect(events).toEqual(expected);
  });

  it("reads the same stream split at every byte boundary", () => {
    for (let at = 1; at < stream.length; at++) {
      const { parser, events } = recorder(5);
      parser.push(stream.subarray(0, at));
      parser.push(stream.subarray(at));
      expect(events, `split at ${at}`).toEqual(expected);
    }
  });

  it("reads the stream one byte at a time", () => {
    const { parser, events } = recorder(5);
    for (let i = 0; i < stream.length; i++) parser.push(stream.subarray(i, i + 1));
    expect(events).toEqual(expected);
  });

  it("reads MQTT 3.1.1 PUBLISH frames, which have no properties", () => {
    const { parser, events } = recorder(4);
    parser.push(Buffer.concat([encodePublish("x", stamped(7, 64), 1, 42, 4), encodePublish("y", stamped(8, 64), 0, 0, 4)]));
    expect(events).toEqual([
      ["publish", 1, 42, 7],
      ["publish", 0, 0, 8],
    ]);
  });

  it("rejects a remaining length longer than 4 bytes [MQTT-1.5.5]", () => {
    const { parser } = recorder(5);
    expect(() => parser.push(Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01]))).toThrow(/remaining length/);
  });
});

it("packet ids wrap from 65535 to 1, never 0 [MQTT-2.2.1-2]", () => {
  expect(nextPacketId(65535)).toBe(1);
  expect(nextPacketId(65500, 100)).toBe(65);
  expect(nextPacketId(1, 0)).toBe(1);
});

// The codec wrapper shares mqtt-packet parsers between connections: one connection's version,
// CONNECT or malformed packet must never change how another connection's packets are read.
import mqttPacket, { type Packet } from "mqtt-packet";
import { describe, expect, it } from "vitest";
import { BrokerError } from "../errors.ts";
import { type IncomingPacket, PacketReader } from "./codec.ts";

function read(reader: PacketReader, packet: Packet | Buffer, version = reader.version || 4): IncomingPacket[] {
  const out: IncomingPacket[] = [];
  reader.push(Buffer.isBuffer(packet) ? packet : mqttPacket.generate(packet, { protocolVersion: version }), (p) => out.push(p));
  return out;
}

const connect = (protocolVersion: 4 | 5): Packet => ({ cmd: "connect", protocolId: "MQTT", protocolVersion, clean: true, keepalive: 60, clientId: `c${protocolVersion}` });

describe("PacketReader", () => {
  it("reads each connection's packets with its own protocol version", () => {
    const v4 = new PacketReader(1 << 20);
    const v5 = new PacketReader(1 << 20);
    read(v4, connect(4), 4);
    read(v5, connect(5), 5);
    const subscribe4 = read(v4, { cmd: "subscribe", messageId: 1, subscriptions: [{ topic: "a", qos: 1 }] })[0];
    const subscribe5 = read(v5, { cmd: "subscribe", messageId: 2, subscriptions: [{ topic: "b", qos: 1, nl: true }], properties: { subscriptionIdentifier: 7 } })[0];
    expect(v4.version).toBe(4);
    expect(subscribe4).toMatchObject({ cmd: "subscribe", messageId: 1, subscriptions: [{ topic: "a", qos: 1 }] });
    expect(subscribe5).toMatchObject({ cmd: "subscribe", messageId: 2, subscriptions: [{ topic: "b", qos: 1, nl: true }], properties: { subscriptionIdentifier: 7 } });
  });

  it("a malformed packet on one connection leaves the next connection's CONNECT intact", () => {
    const bad = new PacketReader(1 << 20);
    // CONNECT with protocol level 6: mqtt-packet fails in the middle of the packet.
    expect(() => read(bad, Buffer.from([0x10, 0x0c, 0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x06, 0x02, 0x00, 0x3c, 0x00, 0x00]))).toThrow(BrokerError);
    const good = new PacketReader(1 << 20);
    expect(read(good, connect(5), 5)).toMatchObject([{ cmd: "connect", protocolVersion: 5, clientId: "c5" }]);
  });

  it("[MQTT-3.1.0-1] refuses a first packet other than CONNECT, [MQTT-3.1.0-2] and a second CONNECT", () => {
    expect(() => read(new PacketReader(1 << 20), { cmd: "pingreq" })).toThrow(/first packet is not CONNECT/);
    const reader = new PacketReader(1 << 20);
    read(reader, connect(4), 4);
    expect(() => read(reader, connect(4), 4)).toThrow(/second CONNECT/);
  });

  it("frames packets split at every byte boundary", () => {
    const bytes = Buffer.concat([mqttPacket.generate(connect(5), { protocolVersion: 5 }), mqttPacket.generate({ cmd: "pingreq" }, { protocolVersion: 5 })]);
    for (let cut = 1; cut < bytes.length; cut++) {
      const reader = new PacketReader(1 << 20);
      const cmds = [...read(reader, bytes.subarray(0, cut)), ...read(reader, bytes.subarray(cut))].map((p) => p.cmd);
      expect(cmds).toEqual(["connect", "pingreq"]);
      expect(reader.buffered).toBe(0);
    }
  });

  it("[MQTT-3.2.2-15] refuses a packet larger than the maximum packet size before buffering it", () => {
    const reader = new PacketReader(100);
    expect(() => read(reader, Buffer.from([0x10, 0xe8, 0x07]))).toThrow(/exceeds the maximum packet size 100/);
  });
});

// The codec wrapper: frames the byte stream into packets (enforcing the maximum packet size
// before buffering), decodes PUBLISH with the hand-written fast path and every other packet
// with mqtt-packet, and encodes control packets with mqtt-packet.
import mqttPacket from "mqtt-packet";
import { BrokerError } from "../errors.ts";
import { decodePublish, type PublishPacket } from "./publish-codec.ts";
import { ReasonCode } from "./reason-codes.ts";

/** A decoded control packet other than PUBLISH, in mqtt-packet's shape. */
export type ControlPacket = Exclude<mqttPacket.Packet, mqttPacket.IPublishPacket>;
export type IncomingPacket = ({ cmd: "publish" } & PublishPacket) | ControlPacket;

const PUBLISH = 3;
const CONNECT = 1;

/**
 * Turns chunks into packets. Runs on the connection's ordered packet path; never awaits.
 * Throws BrokerError on malformed input or an oversized packet; the caller closes the connection.
 */
export class PacketReader {
  /** MQTT version, set once CONNECT is read (3, 4 or 5). 0 until then. */
  version = 0;
  private pending: Buffer | null = null;
  private readonly control = mqttPacket.parser({ protocolVersion: 4 });
  private controlResult: ControlPacket | null = null;
  private controlError: Error | null = null;

  constructor(private maxPacketSize: number) {
    this.control.on("packet", (packet: mqttPacket.Packet) => (this.controlResult = packet as ControlPacket));
    this.control.on("error", (error: Error) => (this.controlError = error));
  }

  setMaxPacketSize(size: number): void {
    this.maxPacketSize = size;
  }

  /** Appends a chunk and returns the complete packets in it, in order. */
  push(chunk: Buffer, onPacket: (packet: IncomingPacket) => void): void {
    let buffer = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = null;
    let offset = 0;
    while (offset < buffer.length) {
      const frame = this.frameAt(buffer, offset);
      if (frame === null) break;
      onPacket(this.decode(buffer, offset, frame.headerLength, frame.totalLength));
      offset += frame.totalLength;
    }
    if (offset < buffer.length) {
      // Copy the tail so the caller's (possibly large) chunk is not retained.
      this.pending = Buffer.from(buffer.subarray(offset));
    }
    buffer = chunk; // drop the concat buffer early
  }

  /** Bytes received but not yet a whole packet. */
  get buffered(): number {
    return this.pending?.length ?? 0;
  }

  private frameAt(buffer: Buffer, start: number): { headerLength: number; totalLength: number } | null {
    let remaining = 0;
    let multiplier = 1;
    let i = start + 1;
    for (;;) {
      if (i >= buffer.length) return null;
      const byte = buffer[i++];
      remaining += (byte & 0x7f) * multiplier;
      if ((byte & 0x80) === 0) break;
      multiplier *= 128;
      if (i - start > 4) throw new BrokerError(ReasonCode.MalformedPacket, "remaining length longer than 4 bytes"); // [MQTT-1.5.5-1]
    }
    const headerLength = i - start;
    const totalLength = headerLength + remaining;
    if (totalLength > this.maxPacketSize) {
      // [MQTT-3.2.2-15] a packet larger than the Maximum Packet Size the server announced
      throw new BrokerError(ReasonCode.PacketTooLarge, `packet of ${totalLength} bytes exceeds the maximum packet size ${this.maxPacketSize}`);
    }
    if (start + totalLength > buffer.length) return null;
    return { headerLength, totalLength };
  }

  private decode(buffer: Buffer, start: number, headerLength: number, totalLength: number): IncomingPacket {
    const firstByte = buffer[start];
    const type = firstByte >> 4;
    if (this.version === 0 && type !== CONNECT) {
      throw new BrokerError(ReasonCode.ProtocolError, "first packet is not CONNECT"); // [MQTT-3.1.0-1]
    }
    if (type === PUBLISH) {
      const body = buffer.subarray(start + headerLength, start + totalLength);
      return { cmd: "publish", ...decodePublish(firstByte, body, this.version) };
    }
    this.controlResult = null;
    this.controlError = null;
    this.control.parse(buffer.subarray(start, start + totalLength));
    // The parser reports through its events, synchronously, into these two fields.
    const packet = this.controlResult as ControlPacket | null;
    const error = this.controlError as Error | null;
    if (error || !packet) {
      const why = error?.message ?? "incomplete packet";
      this.resetControlParser();
      throw new BrokerError(/protocol version/i.test(why) ? ReasonCode.UnsupportedProtocolVersion : ReasonCode.MalformedPacket, why);
    }
    if (packet.cmd === "connect") {
      if (this.version !== 0) throw new BrokerError(ReasonCode.ProtocolError, "second CONNECT"); // [MQTT-3.1.0-2]
      this.version = packet.protocolVersion ?? 4;
      (this.control as unknown as { settings: { protocolVersion: number } }).settings.protocolVersion = this.version;
    }
    return packet;
  }

  private resetControlParser(): void {
    (this.control as unknown as { _resetState(): void })._resetState();
  }
}

/** Encodes a control packet (not PUBLISH) for the given protocol version. */
export function encodeControl(packet: mqttPacket.Packet, version: number): Buffer {
  return mqttPacket.generate(packet, { protocolVersion: version === 0 ? 4 : (version as 3 | 4 | 5) });
}

// The codec wrapper: frames the byte stream into packets (enforcing the maximum packet size
// before buffering), decodes PUBLISH with the hand-written fast path and every other packet
// with mqtt-packet, and encodes control packets with mqtt-packet.
import mqttPacket from "mqtt-packet";
import { BrokerError } from "../errors.ts";
import { decodePublish, type PublishPacket } from "./publish-codec.ts";
import { ReasonCode } from "./reason-codes.ts";

/** CONNECT in mqtt-packet's shape, plus the will's user properties in wire order (MQTT 5). */
export type ConnectPacket = mqttPacket.IConnectPacket & { willUserProperties?: Array<[string, string]> };
/** A decoded control packet other than PUBLISH, in mqtt-packet's shape. */
export type ControlPacket = Exclude<mqttPacket.Packet, mqttPacket.IPublishPacket | mqttPacket.IConnectPacket> | ConnectPacket;
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
      throw new BrokerError(parseErrorReason(why), why);
    }
    if (packet.cmd === "connect") {
      if (this.version !== 0) throw new BrokerError(ReasonCode.ProtocolError, "second CONNECT"); // [MQTT-3.1.0-2]
      this.version = packet.protocolVersion ?? 4;
      (this.control as unknown as { settings: { protocolVersion: number } }).settings.protocolVersion = this.version;
      if (this.version === 5 && packet.will) packet.willUserProperties = willUserProperties(buffer.subarray(start + headerLength, start + totalLength));
    }
    return packet;
  }

  private resetControlParser(): void {
    (this.control as unknown as { _resetState(): void })._resetState();
  }
}

/** The reason code for an mqtt-packet parse error, told apart by its message. */
function parseErrorReason(message: string): ReasonCode {
  if (/protocol version/i.test(message)) return ReasonCode.UnsupportedProtocolVersion;
  // §3.8.3.1: a Maximum QoS or Retain Handling of 3 in SUBSCRIBE is a protocol error, not malformed
  if (/invalid (subscribe qos|retain handling)/i.test(message)) return ReasonCode.ProtocolError;
  return ReasonCode.MalformedPacket;
}

/** Will property identifiers and their value sizes in bytes; -1: length-prefixed, -2: string pair. */
const willPropertySizes: Readonly<Record<number, number>> = { 0x01: 1, 0x02: 4, 0x03: -1, 0x08: -1, 0x09: -1, 0x18: 4, 0x26: -2 };

/**
 * The will's user properties in wire order, read from the body of an MQTT 5 CONNECT that
 * mqtt-packet has already validated. mqtt-packet folds them into an object, which loses the
 * order of interleaved keys, and the will must keep it [MQTT-3.1.3-10].
 */
function willUserProperties(body: Buffer): Array<[string, string]> | undefined {
  let pos = 0;
  const varint = () => {
    let value = 0;
    for (let multiplier = 1; ; multiplier *= 128) {
      const byte = body[pos++];
      value += (byte & 0x7f) * multiplier;
      if ((byte & 0x80) === 0) return value;
    }
  };
  const skipPrefixed = () => (pos += 2 + body.readUInt16BE(pos));
  const utf8 = () => {
    const from = pos + 2;
    skipPrefixed();
    return body.toString("utf8", from, pos);
  };
  skipPrefixed(); // protocol name
  pos += 4; // level, flags, keep alive
  const connectPropertiesLength = varint();
  pos += connectPropertiesLength;
  skipPrefixed(); // client identifier
  const willPropertiesLength = varint();
  const end = pos + willPropertiesLength;
  const pairs: Array<[string, string]> = [];
  while (pos < end) {
    const size = willPropertySizes[varint()];
    if (size === undefined) return undefined; // not a will property: leave it to mqtt-packet's reading
    if (size === -2) pairs.push([utf8(), utf8()]);
    else if (size === -1) skipPrefixed();
    else pos += size;
  }
  return pairs.length > 0 ? pairs : undefined;
}

/** Encodes a control packet (not PUBLISH) for the given protocol version. */
export function encodeControl(packet: mqttPacket.Packet, version: number): Buffer {
  return mqttPacket.generate(packet, { protocolVersion: version === 0 ? 4 : (version as 3 | 4 | 5) });
}

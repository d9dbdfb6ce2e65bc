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
/** Control packets that carry a packet identifier. */
const packetIdCommands: ReadonlySet<string> = new Set(["puback", "pubrec", "pubrel", "pubcomp", "subscribe", "unsubscribe"]);
const CONNECT = 1;

/**
 * Turns chunks into packets. Runs on the connection's ordered packet path; never awaits.
 * Throws BrokerError on malformed input or an oversized packet; the caller closes the connection.
 */
export class PacketReader {
  /** MQTT version, set once CONNECT is read (3, 4 or 5). 0 until then. */
  version = 0;
  private pending: Buffer | null = null;

  constructor(private maxPacketSize: number) {}

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
    const packet = controlParserFor(this.version).parse(buffer.subarray(start, start + totalLength));
    if (packetIdCommands.has(packet.cmd)) {
      const id = (packet as { messageId?: number }).messageId;
      // mqtt-packet reports a packet identifier cut short as -1 instead of failing
      if (id === undefined || id < 0) throw new BrokerError(ReasonCode.MalformedPacket, `${packet.cmd} without a packet identifier`);
      // [MQTT-2.2.1-3] SUBSCRIBE and UNSUBSCRIBE carry a non-zero packet identifier
      if (id === 0 && (packet.cmd === "subscribe" || packet.cmd === "unsubscribe")) throw new BrokerError(ReasonCode.MalformedPacket, `${packet.cmd} with packet identifier 0`);
    }
    if (packet.cmd === "connect") {
      if (this.version !== 0) throw new BrokerError(ReasonCode.ProtocolError, "second CONNECT"); // [MQTT-3.1.0-2]
      this.version = packet.protocolVersion ?? 4;
      if (this.version === 5 && packet.will) packet.willUserProperties = willUserProperties(buffer.subarray(start + headerLength, start + totalLength));
    }
    return packet;
  }
}

/**
 * mqtt-packet parsers shared by every connection, one per protocol version (CONNECT states its
 * own version). Sharing is safe because each call hands over one whole frame and the parser
 * reports it synchronously; it saves a parser and its buffer list per idle connection.
 */
class ControlParser {
  private parser: ReturnType<typeof mqttPacket.parser>;
  private readonly settings: { protocolVersion: number };
  private result: ControlPacket | null = null;
  private error: Error | null = null;

  constructor(protocolVersion: number) {
    this.settings = { protocolVersion };
    this.parser = this.newParser();
  }

  private newParser(): ReturnType<typeof mqttPacket.parser> {
    const parser = mqttPacket.parser(this.settings);
    parser.on("packet", (packet: mqttPacket.Packet) => (this.result = packet as ControlPacket));
    parser.on("error", (error: Error) => (this.error = error));
    return parser;
  }

  /** Decodes one whole frame; throws BrokerError with the matching reason code. */
  parse(frame: Buffer): ControlPacket {
    this.result = null;
    this.error = null;
    this.parser.parse(frame);
    // mqtt-packet adopts a parsed CONNECT as its settings (version included): undo that, so the
    // next connection's packets are read with this parser's version.
    (this.parser as unknown as { settings: object }).settings = this.settings;
    const result = this.result as ControlPacket | null;
    const error = this.error as Error | null;
    this.result = this.error = null;
    if (error || !result) {
      // A fresh parser: mqtt-packet's reset after an error leaves some read state behind.
      this.parser = this.newParser();
      const why = error?.message ?? "incomplete packet";
      throw new BrokerError(parseErrorReason(why), why);
    }
    return result;
  }
}

const controlParsers = new Map<number, ControlParser>();

function controlParserFor(version: number): ControlParser {
  // Before CONNECT (version 0) the CONNECT itself says which version it is.
  const key = version === 0 ? 4 : version;
  let parser = controlParsers.get(key);
  if (!parser) {
    parser = new ControlParser(key);
    controlParsers.set(key, parser);
  }
  return parser;
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

// mqtt-packet otherwise pre-builds a Buffer for each of the 65,536 packet ids (~6 MB) to speed
// up encoding PUBLISH, which we encode ourselves.
mqttPacket.writeToStream.cacheNumbers = false;

/** Encodes a control packet (not PUBLISH) for the given protocol version. */
export function encodeControl(packet: mqttPacket.Packet, version: number): Buffer {
  return mqttPacket.generate(packet, { protocolVersion: version === 0 ? 4 : (version as 3 | 4 | 5) });
}

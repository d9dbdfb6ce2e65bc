// Hand-written PUBLISH decoder and encoder: the hot path. Kept apart from mqtt-packet because
// PUBLISH dominates traffic (one encode per variant, shared by every subscriber) and because
// user properties must keep their order, which mqtt-packet's object form loses [MQTT-3.3.2-18].
import { isUtf8 } from "node:buffer";
import { BrokerError } from "../errors.ts";
import type { MessageProperties, QoS } from "../message.ts";
import { ReasonCode } from "./reason-codes.ts";

export interface PublishPacket {
  topic: string;
  payload: Buffer;
  qos: QoS;
  retain: boolean;
  dup: boolean;
  packetId: number;
  properties: PublishProperties;
}

export interface PublishProperties extends MessageProperties {
  messageExpiryInterval?: number;
  topicAlias?: number;
  subscriptionIdentifiers?: number[];
}

const Prop = {
  PayloadFormatIndicator: 0x01,
  MessageExpiryInterval: 0x02,
  ContentType: 0x03,
  ResponseTopic: 0x08,
  CorrelationData: 0x09,
  SubscriptionIdentifier: 0x0b,
  TopicAlias: 0x23,
  UserProperty: 0x26,
} as const;

const malformed = (why: string) => new BrokerError(ReasonCode.MalformedPacket, why);
const protocolError = (why: string) => new BrokerError(ReasonCode.ProtocolError, why);

/** Decodes a PUBLISH from its first header byte and its variable header + payload. */
export function decodePublish(firstByte: number, body: Buffer, version: number): PublishPacket {
  const qos = (firstByte >> 1) & 0x03;
  if (qos === 3) throw malformed("PUBLISH with QoS 3"); // [MQTT-3.3.1-4]
  const dup = (firstByte & 0x08) !== 0;
  if (dup && qos === 0) throw malformed("DUP set on a QoS 0 PUBLISH"); // [MQTT-3.3.1-2]
  const reader = new Reader(body);
  const topic = reader.utf8();
  const packetId = qos > 0 ? reader.uint16() : 0;
  if (qos > 0 && packetId === 0) throw malformed("packet identifier 0"); // [MQTT-2.2.1-3]
  const properties = version === 5 ? decodeProperties(reader) : {};
  const payload = body.subarray(reader.offset);
  if (properties.payloadFormatIndicator && !isUtf8(payload)) {
    throw new BrokerError(ReasonCode.PayloadFormatInvalid, "payload is not UTF-8 but its format indicator says so"); // a MAY of §3.3.2.3.2
  }
  return { topic, payload, qos: qos as QoS, retain: (firstByte & 0x01) !== 0, dup, packetId, properties };
}

function decodeProperties(reader: Reader): PublishProperties {
  const end = reader.varint() + reader.offset;
  if (end > reader.buffer.length) throw malformed("properties longer than the packet");
  const props: PublishProperties = {};
  const seen = new Set<number>();
  while (reader.offset < end) {
    const id = reader.varint();
    if (id !== Prop.UserProperty && id !== Prop.SubscriptionIdentifier) {
      if (seen.has(id)) throw protocolError(`property 0x${id.toString(16)} included more than once`); // [MQTT-2.2.2-2]
      seen.add(id);
    }
    switch (id) {
      case Prop.PayloadFormatIndicator: {
        const value = reader.uint8();
        if (value > 1) throw protocolError("payload format indicator must be 0 or 1");
        props.payloadFormatIndicator = value === 1;
        break;
      }
      case Prop.MessageExpiryInterval:
        props.messageExpiryInterval = reader.uint32();
        break;
      case Prop.ContentType:
        props.contentType = reader.utf8();
        break;
      case Prop.ResponseTopic:
        props.responseTopic = reader.utf8();
        break;
      case Prop.CorrelationData:
        props.correlationData = Buffer.from(reader.binary());
        break;
      case Prop.TopicAlias:
        props.topicAlias = reader.uint16();
        break;
      case Prop.UserProperty:
        (props.userProperties ??= []).push([reader.utf8(), reader.utf8()]);
        break;
      case Prop.SubscriptionIdentifier:
        (props.subscriptionIdentifiers ??= []).push(reader.varint());
        break;
      default:
        throw protocolError(`property 0x${id.toString(16)} is not allowed in PUBLISH`); // [MQTT-2.2.2-?]
    }
  }
  if (reader.offset !== end) throw malformed("property length mismatch");
  return props;
}

export interface PublishEncoding {
  topic: string;
  payload: Buffer;
  qos: QoS;
  retain: boolean;
  dup: boolean;
  packetId: number;
  /** MQTT 5 only; ignored for 3.1.1. */
  properties?: PublishProperties;
}

/** Encodes a PUBLISH for the given protocol version into one buffer. */
export function encodePublish(p: PublishEncoding, version: number): Buffer {
  const topicLength = Buffer.byteLength(p.topic);
  const props = version === 5 ? encodeProperties(p.properties) : null;
  const propsLength = props ? props.length + varintSize(props.length) : 0;
  const remaining = 2 + topicLength + (p.qos > 0 ? 2 : 0) + propsLength + p.payload.length;
  const out = Buffer.allocUnsafe(1 + varintSize(remaining) + remaining);
  out[0] = 0x30 | (p.dup ? 0x08 : 0) | (p.qos << 1) | (p.retain ? 0x01 : 0);
  let offset = writeVarint(out, 1, remaining);
  out.writeUInt16BE(topicLength, offset);
  offset += 2;
  offset += out.write(p.topic, offset);
  if (p.qos > 0) {
    out.writeUInt16BE(p.packetId, offset);
    offset += 2;
  }
  if (props) {
    offset = writeVarint(out, offset, props.length);
    offset += props.copy(out, offset);
  }
  p.payload.copy(out, offset);
  return out;
}

/** Copies an encoded QoS 1/2 PUBLISH with another packet identifier (and DUP flag). */
export function withPacketId(encoded: Buffer, packetId: number, dup: boolean): Buffer {
  const copy = Buffer.from(encoded);
  let offset = 1;
  while (copy[offset] & 0x80) offset++;
  offset += 1;
  offset += 2 + copy.readUInt16BE(offset);
  copy.writeUInt16BE(packetId, offset);
  copy[0] = dup ? copy[0] | 0x08 : copy[0] & ~0x08;
  return copy;
}

function encodeProperties(props: PublishProperties | undefined): Buffer {
  if (!props) return EMPTY;
  const parts: Buffer[] = [];
  if (props.payloadFormatIndicator !== undefined) parts.push(Buffer.from([Prop.PayloadFormatIndicator, props.payloadFormatIndicator ? 1 : 0]));
  if (props.messageExpiryInterval !== undefined) {
    const b = Buffer.allocUnsafe(5);
    b[0] = Prop.MessageExpiryInterval;
    b.writeUInt32BE(props.messageExpiryInterval, 1);
    parts.push(b);
  }
  if (props.contentType !== undefined) parts.push(Buffer.from([Prop.ContentType]), utf8Field(props.contentType));
  if (props.responseTopic !== undefined) parts.push(Buffer.from([Prop.ResponseTopic]), utf8Field(props.responseTopic));
  if (props.correlationData !== undefined) parts.push(Buffer.from([Prop.CorrelationData]), binaryField(props.correlationData));
  if (props.topicAlias !== undefined) parts.push(Buffer.from([Prop.TopicAlias, props.topicAlias >> 8, props.topicAlias & 0xff]));
  if (props.userProperties) {
    for (const [key, value] of props.userProperties) parts.push(Buffer.from([Prop.UserProperty]), utf8Field(key), utf8Field(value));
  }
  if (props.subscriptionIdentifiers) {
    for (const id of props.subscriptionIdentifiers) {
      const b = Buffer.allocUnsafe(1 + varintSize(id));
      b[0] = Prop.SubscriptionIdentifier;
      writeVarint(b, 1, id);
      parts.push(b);
    }
  }
  return parts.length === 0 ? EMPTY : Buffer.concat(parts);
}

const EMPTY = Buffer.alloc(0);

function utf8Field(value: string): Buffer {
  const length = Buffer.byteLength(value);
  const b = Buffer.allocUnsafe(2 + length);
  b.writeUInt16BE(length, 0);
  b.write(value, 2);
  return b;
}

function binaryField(value: Buffer): Buffer {
  const b = Buffer.allocUnsafe(2 + value.length);
  b.writeUInt16BE(value.length, 0);
  value.copy(b, 2);
  return b;
}

export function varintSize(n: number): number {
  return n < 128 ? 1 : n < 16_384 ? 2 : n < 2_097_152 ? 3 : 4;
}

function writeVarint(out: Buffer, offset: number, n: number): number {
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out[offset++] = byte;
  } while (n > 0);
  return offset;
}

/** Bounds-checked reads over a packet body; every overrun is a malformed packet. */
class Reader {
  offset = 0;
  constructor(readonly buffer: Buffer) {}

  private need(n: number): void {
    if (this.offset + n > this.buffer.length) throw malformed("packet shorter than its fields");
  }
  uint8(): number {
    this.need(1);
    return this.buffer[this.offset++];
  }
  uint16(): number {
    this.need(2);
    const v = this.buffer.readUInt16BE(this.offset);
    this.offset += 2;
    return v;
  }
  uint32(): number {
    this.need(4);
    const v = this.buffer.readUInt32BE(this.offset);
    this.offset += 4;
    return v;
  }
  varint(): number {
    let value = 0;
    let multiplier = 1;
    for (let i = 0; i < 4; i++) {
      const byte = this.uint8();
      value += (byte & 0x7f) * multiplier;
      if ((byte & 0x80) === 0) return value;
      multiplier *= 128;
    }
    throw malformed("variable byte integer longer than 4 bytes"); // [MQTT-1.5.5-1]
  }
  binary(): Buffer {
    const length = this.uint16();
    this.need(length);
    const v = this.buffer.subarray(this.offset, this.offset + length);
    this.offset += length;
    return v;
  }
  utf8(): string {
    const bytes = this.binary();
    if (!isUtf8(bytes)) throw malformed("string is not well-formed UTF-8"); // [MQTT-1.5.4-1]
    return bytes.toString("utf8");
  }
}

// The load generator's own MQTT wire code, independent of the broker's codec so a bug there
// cannot hide here: encoders for the few packets clients send (CONNECT, SUBSCRIBE, PUBLISH,
// PUBACK, DISCONNECT) and a streaming frame parser that counts incoming packets without
// allocating per message. Payloads carry their send time (performance.now()): binary ones as a
// float64 at the start, JSON ones (for the hook scenarios) as digits in their first field.

export type MqttVersion = 4 | 5;

export const PacketType = { connack: 2, publish: 3, puback: 4, suback: 9, disconnect: 14 } as const;

/**
 * "binary": the send time as a little-endian float64 (ms) in the first 8 bytes, then filler.
 * "json": `{"sentAt":"<µs, 16 zero-padded digits>","celsius":21.5,"sensor":"ss…"}`. The time is
 * a string of fixed width at a fixed offset, so it survives a hook that parses the payload and
 * stringifies it again (key order and string values are kept, fields may be added after it).
 */
export type PayloadFormat = "binary" | "json";

const TIMESTAMP_BYTES = 8;
/** How a JSON payload starts; a binary one cannot (its bytes from 8 on are filler 'a'). */
const JSON_STAMP_PREFIX = Buffer.from('{"sentAt":"');
const STAMP_DIGITS = 16;

export function encodeConnect(clientId: string, version: MqttVersion, keepAliveSeconds: number): Buffer {
  const id = utf8(clientId);
  const body = [utf8("MQTT"), Buffer.from([version, 0x02 /* clean session / clean start */, keepAliveSeconds >> 8, keepAliveSeconds & 0xff])];
  if (version === 5) body.push(Buffer.from([0])); // no properties
  body.push(id);
  return frame(0x10, Buffer.concat(body));
}

export function encodeSubscribe(packetId: number, filter: string, qos: 0 | 1, version: MqttVersion): Buffer {
  const body = [u16(packetId)];
  if (version === 5) body.push(Buffer.from([0]));
  body.push(utf8(filter), Buffer.from([qos]));
  return frame(0x82, Buffer.concat(body));
}

/** A PUBLISH whose packet id (QoS 1) and payload can be patched in place; see PublishTemplate. */
export function encodePublish(topic: string, payload: Buffer, qos: 0 | 1, packetId: number, version: MqttVersion): Buffer {
  const body = [utf8(topic)];
  if (qos > 0) body.push(u16(packetId));
  if (version === 5) body.push(Buffer.from([0]));
  body.push(payload);
  return frame(0x30 | (qos << 1), Buffer.concat(body));
}

export function encodePuback(packetId: number): Buffer {
  // MQTT 5 allows the short form when the reason code is 0x00 Success [MQTT-3.4.2.1]
  return Buffer.from([0x40, 2, packetId >> 8, packetId & 0xff]);
}

export function encodeDisconnect(version: MqttVersion): Buffer {
  return version === 5 ? Buffer.from([0xe0, 1, 0]) : Buffer.from([0xe0, 0]);
}

/**
 * One PUBLISH encoded once and copied into batches, with the offsets to patch per message:
 * the send time in the payload and, for QoS 1, the packet id.
 */
export class PublishTemplate {
  readonly packet: Buffer;
  readonly timestampOffset: number;
  readonly packetIdOffset: number;

  constructor(
    topic: string,
    payloadBytes: number,
    qos: 0 | 1,
    version: MqttVersion,
    private readonly format: PayloadFormat = "binary",
  ) {
    const payload = format === "json" ? jsonPayload(payloadBytes) : Buffer.alloc(Math.max(payloadBytes, TIMESTAMP_BYTES), 0x61);
    this.packet = encodePublish(topic, payload, qos, 1, version);
    const payloadOffset = this.packet.length - payload.length;
    this.timestampOffset = payloadOffset + (format === "json" ? JSON_STAMP_PREFIX.length : 0);
    this.packetIdOffset = qos > 0 ? payloadOffset - (version === 5 ? 3 : 2) : -1;
  }

  /** A new buffer of `count` copies stamped with `sentAt`; packet ids start at `firstId` (QoS 1). */
  batch(count: number, sentAt: number, firstId = 0): Buffer {
    const size = this.packet.length;
    const out = Buffer.allocUnsafe(count * size);
    const digits = this.format === "json" ? String(Math.round(sentAt * 1000)).padStart(STAMP_DIGITS, "0") : "";
    for (let i = 0, at = 0; i < count; i++, at += size) {
      this.packet.copy(out, at);
      if (this.format === "json") out.write(digits, at + this.timestampOffset, "latin1");
      else out.writeDoubleLE(sentAt, at + this.timestampOffset);
      if (this.packetIdOffset >= 0) out.writeUInt16BE(nextPacketId(firstId, i), at + this.packetIdOffset);
    }
    return out;
  }
}

/** The "json" payload of `bytes` bytes (the sensor name pads it), its send time all zeros. */
function jsonPayload(bytes: number): Buffer {
  const text = (pad: number) => JSON.stringify({ sentAt: "0".repeat(STAMP_DIGITS), celsius: 21.5, sensor: "s".repeat(pad) });
  return Buffer.from(text(Math.max(0, bytes - text(0).length)));
}

/** The send time (ms) in a payload of either format; NaN when it has none. */
function sentAtOf(buf: Buffer, start: number, end: number): number {
  const stampEnd = start + JSON_STAMP_PREFIX.length + STAMP_DIGITS;
  if (buf[start] === JSON_STAMP_PREFIX[0] && stampEnd <= end && JSON_STAMP_PREFIX.compare(buf, start, start + JSON_STAMP_PREFIX.length) === 0) {
    let micros = 0;
    for (let i = start + JSON_STAMP_PREFIX.length; i < stampEnd; i++) micros = micros * 10 + buf[i] - 0x30;
    return micros / 1000;
  }
  return end - start >= TIMESTAMP_BYTES ? buf.readDoubleLE(start) : Number.NaN;
}

/** Packet ids run 1…65535 and wrap, skipping 0 [MQTT-2.2.1-2]. */
export function nextPacketId(id: number, step = 1): number {
  return ((id - 1 + step) % 65535) + 1;
}

/** What the parser reports; one object whose methods are called for every packet. */
export interface FrameHandler {
  /** An incoming PUBLISH; `sentAt` is the payload's timestamp, NaN when the payload is shorter. */
  publish(qos: number, packetId: number, sentAt: number): void;
  /** Any other packet: its type and the body bytes (valid only during the call). */
  control(type: number, body: Buffer, start: number, end: number): void;
}

/**
 * Splits a byte stream into MQTT frames. Whole frames are read in place from each chunk; only a
 * frame split across chunks is copied, into one reused carry buffer.
 */
export class FrameParser {
  private carry = Buffer.allocUnsafe(1024);
  private carryLength = 0;
  /** Header size of the frame whose length frameLength() returned last. */
  private headerBytes = 0;

  constructor(
    private readonly version: MqttVersion,
    private readonly handler: FrameHandler,
  ) {}

  push(chunk: Buffer): void {
    let pos = 0;
    const end = chunk.length;
    if (this.carryLength > 0) {
      pos = this.completeCarried(chunk);
      if (pos < 0) return;
    }
    while (pos < end) {
      const total = this.frameLength(chunk, pos, end);
      if (total < 0 || pos + total > end) break;
      this.frame(chunk, pos, pos + total);
      pos += total;
    }
    if (pos < end) this.keep(chunk, pos, end);
  }

  /** Completes the carried partial frame from the chunk; returns where the chunk continues, -1 when it is used up. */
  private completeCarried(chunk: Buffer): number {
    let pos = 0;
    // The remaining length may itself be split: take bytes one at a time until it is known.
    let total = this.frameLength(this.carry, 0, this.carryLength);
    while (total < 0) {
      if (pos >= chunk.length) return -1;
      this.keep(chunk, pos, pos + 1);
      pos++;
      total = this.frameLength(this.carry, 0, this.carryLength);
    }
    const missing = total - this.carryLength;
    if (missing > chunk.length - pos) {
      this.keep(chunk, pos, chunk.length);
      return -1;
    }
    this.keep(chunk, pos, pos + missing);
    this.carryLength = 0;
    this.frame(this.carry, 0, total);
    return pos + missing;
  }

  private keep(chunk: Buffer, start: number, end: number): void {
    const needed = this.carryLength + end - start;
    if (needed > this.carry.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.carry.length * 2));
      this.carry.copy(grown, 0, 0, this.carryLength);
      this.carry = grown;
    }
    chunk.copy(this.carry, this.carryLength, start, end);
    this.carryLength = needed;
  }

  /** Total frame size (header included), or -1 while the remaining-length bytes are incomplete. */
  private frameLength(buf: Buffer, start: number, end: number): number {
    let length = 0;
    for (let i = 1, shift = 0; i <= 4; i++, shift += 7) {
      if (start + i >= end) return -1;
      const byte = buf[start + i];
      length += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) {
        this.headerBytes = i + 1;
        return length + i + 1;
      }
    }
    throw new Error("malformed remaining length (more than 4 bytes)");
  }

  private frame(buf: Buffer, start: number, end: number): void {
    const type = buf[start] >> 4;
    const bodyStart = start + this.headerBytes;
    if (type !== PacketType.publish) {
      this.handler.control(type, buf, bodyStart, end);
      return;
    }
    const qos = (buf[start] >> 1) & 3;
    let pos = bodyStart + 2 + buf.readUInt16BE(bodyStart);
    let packetId = 0;
    if (qos > 0) {
      packetId = buf.readUInt16BE(pos);
      pos += 2;
    }
    if (this.version === 5) pos += propertiesBytes(buf, pos);
    this.handler.publish(qos, packetId, sentAtOf(buf, pos, end));
  }
}

/** Size of an MQTT 5 property block: its variable-length size prefix plus the properties. */
function propertiesBytes(buf: Buffer, pos: number): number {
  let length = 0;
  for (let i = 0, shift = 0; i < 4; i++, shift += 7) {
    const byte = buf[pos + i];
    length += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return length + i + 1;
  }
  throw new Error("malformed property length");
}

function frame(firstByte: number, body: Buffer): Buffer {
  const header = [firstByte];
  let length = body.length;
  do {
    let byte = length % 128;
    length = Math.floor(length / 128);
    if (length > 0) byte |= 0x80;
    header.push(byte);
  } while (length > 0);
  return Buffer.concat([Buffer.from(header), body]);
}

function utf8(text: string): Buffer {
  const bytes = Buffer.from(text, "utf8");
  return Buffer.concat([u16(bytes.length), bytes]);
}

function u16(value: number): Buffer {
  return Buffer.from([value >> 8, value & 0xff]);
}

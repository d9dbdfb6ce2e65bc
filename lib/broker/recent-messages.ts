// The explorer's recent-messages ring (issue 6): the last messages a broker delivered, so the
// console opens with history for quiet topics. BrokerInstance.deliver records each message here
// on the publisher's ordered packet path: it never awaits and allocates nothing per message.
//
// Bounded by the broker's `recentMessages` (count) and `recentMessageBytes` (payload bytes),
// whichever is reached first; the oldest go first. Payloads are copied into one byte arena
// used as a ring (so a kept message never pins the socket chunk it was read from), and message
// slots are reused. The arena starts small and doubles up to `recentMessageBytes` as traffic
// needs it, so a quiet broker does not hold megabytes. A payload larger than the whole arena
// keeps its first `recentMessageBytes` and is marked truncated.
//
//   arena (capacity C) holds the logical bytes [written - C, written); a message's payload is at
//   logical offset `start`, physically `start % C`, wrapping around the end when it must.
import { copyBytes } from "./copy-bytes.ts";
import type { Message, MessageProperties, QoS } from "./message.ts";
import { topicMatches } from "./protocol/topic.ts";

const INITIAL_ARENA_BYTES = 64 * 1024;
const NO_PROPERTIES: MessageProperties = Object.freeze({});

export interface RecentLimits {
  recentMessages: number;
  recentMessageBytes: number;
}

/** A message as the ring kept it; `payload` is a copy, `truncated` when it holds less than `size`. */
export interface RecentMessage {
  /** Increases by one per recorded message: the paging cursor. */
  id: number;
  topic: string;
  receivedAt: number;
  payload: Buffer;
  size: number;
  truncated: boolean;
  qos: QoS;
  retain: boolean;
  clientId: string;
  properties: MessageProperties;
  expiresAt: number | undefined;
}

class Slot {
  id = 0;
  topic = "";
  receivedAt = 0;
  qos: QoS = 0;
  retain = false;
  clientId = "";
  properties: MessageProperties = NO_PROPERTIES;
  expiresAt: number | undefined = undefined;
  /** Logical arena offset and length of the kept payload; `size` is the payload's real length. */
  start = 0;
  stored = 0;
  size = 0;
}

export class RecentMessages {
  private slots: Slot[] = [];
  /** Index in `slots` of the oldest message, and how many there are. */
  private first = 0;
  private count = 0;
  private nextId = 1;
  private arena = Buffer.alloc(0);
  /** Logical offset of the next payload byte. */
  private written = 0;
  private maxMessages = 0;
  private maxBytes = 0;

  get size(): number {
    return this.count;
  }

  /** Called for every delivered message (BrokerInstance.deliver) with the broker's current limits. */
  record(message: Message, limits: RecentLimits): void {
    if (limits.recentMessages !== this.maxMessages || limits.recentMessageBytes !== this.maxBytes) this.resize(limits.recentMessages, limits.recentMessageBytes);
    this.append(this.nextId++, message.topic, message.receivedAt, message.qos, message.retain, message.publisherId, message.properties, message.expiresAt, message.payload, message.payload.length);
  }

  /**
   * Newest first: messages whose topic matches `filter`, with an id below `before` when given,
   * at most `limit`; `more` when older matching ones remain.
   */
  list(filter: string, limit: number, before?: number): { messages: RecentMessage[]; more: boolean } {
    const messages: RecentMessage[] = [];
    const everything = filter === "#";
    for (let i = this.count - 1; i >= 0; i--) {
      const slot = this.slots[(this.first + i) % this.slots.length]!;
      if (before !== undefined && slot.id >= before) continue;
      // "#" matches every topic but $-topics [MQTT-4.7.2-1]
      if (everything ? slot.topic.charCodeAt(0) === 0x24 : !topicMatches(filter, slot.topic)) continue;
      if (messages.length === limit) return { messages, more: true };
      messages.push(this.read(slot));
    }
    return { messages, more: false };
  }

  private read(slot: Slot): RecentMessage {
    const payload = Buffer.allocUnsafe(slot.stored);
    copyRing(this.arena, slot.start, payload, 0, slot.stored);
    return {
      id: slot.id,
      topic: slot.topic,
      receivedAt: slot.receivedAt,
      payload,
      size: slot.size,
      truncated: slot.stored < slot.size,
      qos: slot.qos,
      retain: slot.retain,
      clientId: slot.clientId,
      properties: slot.properties,
      expiresAt: slot.expiresAt,
    };
  }

  private append(id: number, topic: string, receivedAt: number, qos: QoS, retain: boolean, clientId: string, properties: MessageProperties, expiresAt: number | undefined, payload: Buffer, size: number): void {
    const stored = payload.length <= this.maxBytes ? payload.length : this.maxBytes;
    if (this.count === this.maxMessages) this.dropOldest();
    // Room for the payload: grow the arena while it may grow, then let the oldest go.
    while (this.written + stored - this.oldestStart() > this.arena.length) {
      if (this.arena.length < this.maxBytes) this.grow(stored);
      else this.dropOldest();
    }
    const at = stored === 0 ? 0 : this.written % this.arena.length;
    if (at + stored <= this.arena.length) copyBytes(payload, 0, this.arena, at, stored);
    else copyRing(payload, 0, this.arena, this.written, stored);
    let index = this.first + this.count;
    if (index >= this.slots.length) index -= this.slots.length;
    const slot = this.slots[index]!;
    slot.id = id;
    slot.topic = topic;
    slot.receivedAt = receivedAt;
    slot.qos = qos;
    slot.retain = retain;
    slot.clientId = clientId;
    slot.properties = properties;
    slot.expiresAt = expiresAt;
    slot.start = this.written;
    slot.stored = stored;
    slot.size = size;
    this.count++;
    this.written += stored;
  }

  /** Logical offset of the oldest kept payload byte (`written` when nothing is kept). */
  private oldestStart(): number {
    return this.count === 0 ? this.written : this.slots[this.first]!.start;
  }

  private dropOldest(): void {
    this.slots[this.first]!.properties = NO_PROPERTIES; // let go of what it referenced
    if (++this.first === this.slots.length) this.first = 0;
    this.count--;
  }

  /** A bigger arena (at least `needed` bytes, at most maxBytes); kept payloads keep their logical offsets. */
  private grow(needed: number): void {
    const capacity = Math.min(this.maxBytes, Math.max(needed, this.arena.length * 2, INITIAL_ARENA_BYTES));
    const arena = Buffer.allocUnsafe(capacity);
    const start = this.oldestStart();
    copyRing(this.arena, start, arena, start, this.written - start);
    this.arena = arena;
  }

  /** New limits (at the first message, or after a broker update): keeps the newest messages that fit them. */
  private resize(maxMessages: number, maxBytes: number): void {
    const kept: RecentMessage[] = [];
    let bytes = 0;
    for (let i = this.count - 1; i >= 0 && kept.length < maxMessages; i--) {
      const slot = this.slots[(this.first + i) % this.slots.length]!;
      if (bytes + slot.stored > maxBytes) break;
      bytes += slot.stored;
      kept.push(this.read(slot));
    }
    this.slots = Array.from({ length: maxMessages }, () => new Slot());
    this.first = 0;
    this.count = 0;
    this.arena = Buffer.alloc(0);
    this.written = 0;
    this.maxMessages = maxMessages;
    this.maxBytes = maxBytes;
    for (const m of kept.reverse()) this.append(m.id, m.topic, m.receivedAt, m.qos, m.retain, m.clientId, m.properties, m.expiresAt, m.payload, m.size);
  }
}

/**
 * Copies `length` bytes from logical offset `from` of `source` to logical offset `to` of
 * `target`, each taken modulo its buffer's length: a plain buffer at offset 0 is a ring that
 * never wraps.
 */
function copyRing(source: Buffer, from: number, target: Buffer, to: number, length: number): void {
  while (length > 0) {
    const s = from % source.length;
    const t = to % target.length;
    const n = Math.min(length, source.length - s, target.length - t);
    source.copy(target, t, s, s + n);
    from += n;
    to += n;
    length -= n;
  }
}

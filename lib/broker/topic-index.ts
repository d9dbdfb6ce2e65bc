// The explorer's topic index (issue 6): every topic a broker delivered, with its message count,
// rate and last message, so the console draws the topic tree without subscribing to `#`.
// BrokerInstance.deliver records each message here on the publisher's ordered packet path, so
// it never awaits and, for a topic already known, allocates nothing: counters are bumped, the
// payload's first PREVIEW_BYTES are copied into the topic's slot of one preview slab, and the
// properties are kept by reference. The rate is derived when asked, from two window counts.
//
// Bounded by the broker's `maxIndexedTopics`: a new topic beyond it first forgets about the
// least recently seen tenth (one pass over the index per tenth of new topics, not one per
// message; the cut-off is taken from a sample, so "a tenth" is approximate).
import { copyBytes } from "./copy-bytes.ts";
import type { Message, MessageProperties, QoS } from "./message.ts";

/** Payload bytes kept per topic: a preview, not the message. */
export const PREVIEW_BYTES = 256;
/** The rate is messages per second over the last window, estimated from this window and the one before. */
const RATE_WINDOW_MS = 10_000;
/** Topics sampled to find the eviction cut-off. */
const EVICTION_SAMPLE = 512;
const NO_PROPERTIES: MessageProperties = Object.freeze({});

/** One topic: live fields, read by the API synchronously (copy what you keep). */
export class IndexedTopic {
  messages = 0;
  lastSeenAt = 0;
  /** The last message: its full size and what came with it; its preview is `TopicIndex.preview(topic)`. */
  previewLength = 0;
  size = 0;
  qos: QoS = 0;
  retain = false;
  properties: MessageProperties = NO_PROPERTIES;
  expiresAt: number | undefined = undefined;
  /** Start of the current rate window and the counts of it and of the window before. */
  private windowStart: number;
  private windowCount = 0;
  private previousCount = 0;

  constructor(
    readonly topic: string,
    /** Index of this topic's PREVIEW_BYTES in the preview slab. */
    readonly slot: number,
    now: number,
  ) {
    this.windowStart = now;
  }

  record(message: Message, slab: Buffer): void {
    const now = message.receivedAt;
    const elapsed = now - this.windowStart;
    if (elapsed >= RATE_WINDOW_MS) {
      // Windows stay aligned to the first one, so "the window before" is always adjacent.
      this.previousCount = elapsed < 2 * RATE_WINDOW_MS ? this.windowCount : 0;
      this.windowStart = now - (elapsed % RATE_WINDOW_MS);
      this.windowCount = 0;
    }
    this.windowCount++;
    this.messages++;
    this.lastSeenAt = now;
    const payload = message.payload;
    const length = payload.length < PREVIEW_BYTES ? payload.length : PREVIEW_BYTES;
    copyBytes(payload, 0, slab, this.slot * PREVIEW_BYTES, length);
    this.previewLength = length;
    this.size = payload.length;
    this.qos = message.qos;
    this.retain = message.retain;
    this.properties = message.properties;
    this.expiresAt = message.expiresAt;
  }

  /**
   * Messages per second over the last RATE_WINDOW_MS, sliding: the current window's count plus
   * the previous window's, weighted by how much of it the last RATE_WINDOW_MS still cover.
   */
  ratePerSecond(now: number): number {
    let elapsed = now - this.windowStart;
    let current = this.windowCount;
    let previous = this.previousCount;
    if (elapsed >= RATE_WINDOW_MS) {
      previous = elapsed < 2 * RATE_WINDOW_MS ? current : 0;
      current = 0;
      elapsed %= RATE_WINDOW_MS;
    }
    if (elapsed < 0) elapsed = 0;
    return ((previous * (RATE_WINDOW_MS - elapsed)) / RATE_WINDOW_MS + current) / (RATE_WINDOW_MS / 1000);
  }
}

export class TopicIndex {
  private readonly topics = new Map<string, IndexedTopic>();
  /** PREVIEW_BYTES per slot; grows by doubling as topics arrive, slots of forgotten topics are reused. */
  private slab = Buffer.alloc(0);
  private readonly freeSlots: number[] = [];
  private slotsUsed = 0;

  get size(): number {
    return this.topics.size;
  }

  /** Called for every delivered message (BrokerInstance.deliver); `maxTopics` is the broker's limit. */
  record(message: Message, maxTopics: number): void {
    let entry = this.topics.get(message.topic);
    if (entry === undefined) {
      if (this.topics.size >= maxTopics) this.evict(maxTopics);
      entry = new IndexedTopic(message.topic, this.takeSlot(), message.receivedAt);
      this.topics.set(message.topic, entry);
    }
    entry.record(message, this.slab);
  }

  get(topic: string): IndexedTopic | undefined {
    return this.topics.get(topic);
  }

  values(): IterableIterator<IndexedTopic> {
    return this.topics.values();
  }

  /** A copy of the topic's last payload preview. */
  preview(entry: IndexedTopic): Buffer {
    const start = entry.slot * PREVIEW_BYTES;
    return Buffer.from(this.slab.subarray(start, start + entry.previewLength));
  }

  private takeSlot(): number {
    const free = this.freeSlots.pop();
    if (free !== undefined) return free;
    if ((this.slotsUsed + 1) * PREVIEW_BYTES > this.slab.length) {
      const slab = Buffer.allocUnsafe(Math.max(64, this.slotsUsed * 2) * PREVIEW_BYTES);
      this.slab.copy(slab);
      this.slab = slab;
    }
    return this.slotsUsed++;
  }

  private forget(topic: string, entry: IndexedTopic): void {
    this.topics.delete(topic);
    this.freeSlots.push(entry.slot);
  }

  /** Forgets about the least recently seen topics until a tenth of `maxTopics` is free. */
  private evict(maxTopics: number): void {
    let drop = this.topics.size - (maxTopics - Math.ceil(maxTopics / 10));
    if (drop <= 0) return;
    // The cut-off: the last-seen time below which about `drop` topics lie, from an even sample.
    const stride = Math.max(1, Math.floor(this.topics.size / EVICTION_SAMPLE));
    const sample: number[] = [];
    let i = 0;
    for (const entry of this.topics.values()) if (i++ % stride === 0) sample.push(entry.lastSeenAt);
    sample.sort((a, b) => a - b);
    const cutoff = sample[Math.min(sample.length - 1, Math.floor((drop / this.topics.size) * sample.length))]!;
    for (const [topic, entry] of this.topics) {
      if (drop === 0) return;
      if (entry.lastSeenAt < cutoff) {
        this.forget(topic, entry);
        drop--;
      }
    }
    // Too few were older than the cut-off: those seen at it next, then the first indexed.
    for (const [topic, entry] of this.topics) {
      if (drop === 0) return;
      if (entry.lastSeenAt === cutoff) {
        this.forget(topic, entry);
        drop--;
      }
    }
    for (const [topic, entry] of this.topics) {
      if (drop === 0) return;
      this.forget(topic, entry);
      drop--;
    }
  }
}

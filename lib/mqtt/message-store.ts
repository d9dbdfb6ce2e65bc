// The explorer's message buffer, outside React: the latest messages in arrival order within a
// count and a byte budget (the oldest leave first), the topic tree counted as they arrive, and the
// throughput of the last minute. The page renders from it once per animation frame (`version`
// tells it something changed); views (message-view.ts) follow it by sequence number.
//
// Memory stays bounded whatever arrives: at most `maxMessages` messages and `maxBytes` payload
// bytes in the buffer, at most `maxTopics` tree nodes with a last value, and a last value that
// has left the buffer keeps only its first `keptBytes` bytes (marked truncated, size kept).
import type { ExplorerMessage, NewMessage } from "./explorer-message.ts";
import { Throughput } from "./throughput.ts";
import { TopicTree } from "./topic-tree.ts";

export interface StoreLimits {
  maxMessages: number;
  maxBytes: number;
  maxTopics: number;
  /** Bytes a topic's last value keeps once it has left the buffer. */
  keptBytes: number;
}

export const defaultLimits: StoreLimits = { maxMessages: 10_000, maxBytes: 32_000_000, maxTopics: 20_000, keptBytes: 1024 };

export class MessageStore {
  readonly limits: StoreLimits;
  readonly tree: TopicTree;
  readonly throughput = new Throughput();
  /** Bumped on every change; the page re-renders when it moved. */
  version = 0;
  /** Payload bytes in the buffer. */
  bytes = 0;
  /** Messages that left the buffer to make room since the last clear. */
  evicted = 0;
  private ring: Array<ExplorerMessage | undefined>;
  private head = 0; // index of the oldest
  private count = 0;
  private nextSeq = 1;
  private listeners = new Set<() => void>();

  constructor(limits: Partial<StoreLimits> = {}) {
    this.limits = { ...defaultLimits, ...limits };
    this.ring = new Array(this.limits.maxMessages);
    this.tree = new TopicTree(this.limits.maxTopics);
  }

  get size(): number {
    return this.count;
  }

  /** The sequence number of the oldest message held (the next one's when empty). */
  get oldestSeq(): number {
    return this.nextSeq - this.count;
  }

  get newestSeq(): number {
    return this.nextSeq - 1;
  }

  /**
   * Keeps a message, which becomes the store's: counted in the tree and the throughput, then made
   * room for. Runs once per received PUBLISH: constant work for a known topic, the topic's depth
   * for a new one.
   */
  add(input: NewMessage, subscriptionIds: readonly number[] = input.properties.subscriptionIdentifiers ?? []): ExplorerMessage {
    // Numbered in place: the message is the store's from now on (no copy per message).
    const message = input as ExplorerMessage;
    message.seq = this.nextSeq++;
    this.tree.record(message);
    if (message.source === "live") this.throughput.record(message.receivedAt, message.size, subscriptionIds);
    if (this.count === this.limits.maxMessages) this.evictOldest();
    this.ring[(this.head + this.count) % this.limits.maxMessages] = message;
    this.count++;
    this.bytes += message.payload.length;
    // The byte budget may take more than one old message; the newest always stays.
    while (this.bytes > this.limits.maxBytes && this.count > 1) this.evictOldest();
    this.changed();
    return message;
  }

  /** The message with sequence number `seq`, if still held. */
  get(seq: number): ExplorerMessage | undefined {
    if (seq < this.oldestSeq || seq > this.newestSeq) return undefined;
    return this.ring[(this.head + seq - this.oldestSeq) % this.limits.maxMessages];
  }

  /** Calls `visit` for every message held with a sequence number above `seq`, oldest first. */
  forEachAfter(seq: number, visit: (message: ExplorerMessage) => void): void {
    for (let s = Math.max(seq + 1, this.oldestSeq); s <= this.newestSeq; s++) visit(this.get(s)!);
  }

  /** The message before `message` on the same topic, if the buffer still holds one. */
  previousOnTopic(message: ExplorerMessage): ExplorerMessage | undefined {
    for (let s = Math.min(message.seq, this.nextSeq) - 1; s >= this.oldestSeq; s--) {
      const candidate = this.get(s)!;
      if (candidate.topic === message.topic) return candidate;
    }
    return undefined;
  }

  /** The broker no longer holds a retained message on `topic` (it was deleted). */
  retainedCleared(topic: string): void {
    const node = this.tree.find(topic);
    if (node) node.retained = false;
    this.changed();
  }

  /** Forgets every message, the tree and the throughput; sequence numbers go on. */
  clear(): void {
    this.ring = new Array(this.limits.maxMessages);
    this.head = 0;
    this.count = 0;
    this.bytes = 0;
    this.evicted = 0;
    this.tree.clear();
    this.throughput.clear();
    this.changed();
  }

  /** Called after every change, synchronously: batch the rendering (see use-message-store.ts). */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private evictOldest(): void {
    const message = this.ring[this.head]!;
    this.ring[this.head] = undefined;
    this.head = (this.head + 1) % this.limits.maxMessages;
    this.count--;
    this.bytes -= message.payload.length;
    this.evicted++;
    // The tree still shows it as its topic's last value: keep only a bounded part of it.
    const node = this.tree.find(message.topic);
    if (node?.last === message && message.payload.length > this.limits.keptBytes) {
      node.last = { ...message, payload: new Uint8Array(message.payload.subarray(0, this.limits.keptBytes)), truncated: true, truncatedBy: message.truncatedBy ?? "explorer" };
    }
  }

  private changed(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}

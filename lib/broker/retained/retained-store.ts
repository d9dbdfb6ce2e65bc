// Retained messages of one broker [MQTT-3.3.1-5]: the last retained message per topic, in
// memory, with the topics changed since the last flush so persistence can write behind.
import type { Message } from "../message.ts";
import { topicMatches } from "../protocol/topic.ts";

export class RetainedStore {
  private readonly messages = new Map<string, Message>();
  /** Topics set or cleared since the last takeChanges(). */
  private readonly changed = new Set<string>();

  constructor(private readonly maxMessages: () => number) {}

  get size(): number {
    return this.messages.size;
  }

  /** The retained message of `topic`, expired or not. */
  get(topic: string): Message | undefined {
    return this.messages.get(topic);
  }

  /** Every retained message, expired ones included (`match` is what deliveries use). */
  values(): IterableIterator<Message> {
    return this.messages.values();
  }

  /** False when storing `topic` would exceed the broker's retained-message limit. */
  hasRoomFor(topic: string): boolean {
    return this.messages.has(topic) || this.messages.size < this.maxMessages();
  }

  /**
   * Stores or replaces the retained message; an empty payload clears it and is not stored
   * [MQTT-3.3.1-6] [MQTT-3.3.1-7].
   */
  set(message: Message): void {
    if (message.payload.length === 0) this.messages.delete(message.topic);
    else this.messages.set(message.topic, message);
    if (!message.topic.startsWith("$SYS/")) this.changed.add(message.topic);
  }

  /** Loads a message read from the store, without marking it changed. */
  restore(message: Message): void {
    this.messages.set(message.topic, message);
  }

  delete(topic: string): boolean {
    const existed = this.messages.delete(topic);
    if (existed) this.changed.add(topic);
    return existed;
  }

  /** Retained messages whose topic matches `filter`, dropping expired ones on the way. */
  match(filter: string, now = Date.now()): Message[] {
    if (!filter.includes("+") && !filter.includes("#")) {
      const message = this.messages.get(filter);
      return message && this.live(message, now) ? [message] : [];
    }
    const result: Message[] = [];
    for (const message of this.messages.values()) {
      if (topicMatches(filter, message.topic) && this.live(message, now)) result.push(message);
    }
    return result;
  }

  /** Marks a topic for the next flush again (after a failed write). */
  markChanged(topic: string): void {
    this.changed.add(topic);
  }

  /** Returns the changes since the last call: topics to upsert (with their message) and to delete. */
  takeChanges(): { upserts: Message[]; deletes: string[] } {
    const upserts: Message[] = [];
    const deletes: string[] = [];
    for (const topic of this.changed) {
      const message = this.messages.get(topic);
      if (message) upserts.push(message);
      else deletes.push(topic);
    }
    this.changed.clear();
    return { upserts, deletes };
  }

  private live(message: Message, now: number): boolean {
    if (message.expiresAt === undefined || message.expiresAt > now) return true;
    this.delete(message.topic); // [MQTT-3.3.2-5] expired retained messages are not delivered
    return false;
  }
}

// The messages of the store that a list shows (a topic, a search), kept up to date by sequence
// number: each sync() drops what left the store and appends only what arrived since, so a frame
// costs what arrived in it, not the whole buffer. A new predicate starts a new view.
import type { ExplorerMessage } from "./explorer-message.ts";
import type { MessageStore } from "./message-store.ts";

export class MessageView {
  private items: ExplorerMessage[] = [];
  private start = 0; // items before it have left the store
  private lastSeq = 0;

  constructor(readonly predicate: (message: ExplorerMessage) => boolean = () => true) {}

  /** Catches up with `store` (a cleared store has moved every message it held out). */
  sync(store: MessageStore): void {
    const oldest = store.oldestSeq;
    while (this.start < this.items.length && this.items[this.start]!.seq < oldest) this.start++;
    // Compact now and then rather than shifting the array each time.
    if (this.start > 1024 && this.start * 2 > this.items.length) {
      this.items = this.items.slice(this.start);
      this.start = 0;
    }
    store.forEachAfter(this.lastSeq, (message) => {
      if (this.predicate(message)) this.items.push(message);
    });
    this.lastSeq = store.newestSeq;
  }

  get length(): number {
    return this.items.length - this.start;
  }

  /** The i-th message, oldest first. */
  at(i: number): ExplorerMessage | undefined {
    return this.items[this.start + i];
  }

  /** The i-th message, newest first (lists show the newest on top). */
  newest(i: number): ExplorerMessage | undefined {
    return this.items[this.items.length - 1 - i];
  }

  /** A copy of what it holds, oldest first: a paused list keeps showing it. */
  snapshot(): ExplorerMessage[] {
    return this.items.slice(this.start);
  }
}

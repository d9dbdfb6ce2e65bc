// A broker's hook log stream (issue 4): console lines from scripts and every hook failure with
// the messages that caused it. A bounded ring per broker, read by `GET …/hook/logs` and followed
// live (`?follow=1`) by subscribers.

/** Entries kept per broker. */
export const HOOK_LOG_CAPACITY = 1000;

export interface HookLogEntry {
  /** Increasing per broker: a follower resumes after the last id it saw. */
  id: number;
  at: string;
  version: number;
  level: "log" | "warn" | "error";
  message: string;
  /** For failures: the batch that caused it (at most the first 10 messages). */
  messages?: Array<{ mid: number; topic: string; clientId: string }>;
}

type Listener = (entry: HookLogEntry) => void;

export class HookLogBuffer {
  private readonly entries: HookLogEntry[] = [];
  private readonly listeners = new Set<Listener>();
  private nextId = 1;

  append(entry: Omit<HookLogEntry, "id" | "at">): void {
    const full: HookLogEntry = { id: this.nextId++, at: new Date().toISOString(), ...entry };
    this.entries.push(full);
    if (this.entries.length > HOOK_LOG_CAPACITY) this.entries.shift();
    for (const listener of this.listeners) listener(full);
  }

  /** The latest `limit` entries, oldest first. */
  recent(limit = 100): HookLogEntry[] {
    return this.entries.slice(-limit);
  }

  /** Calls `listener` for each new entry until the returned function is called. */
  follow(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Every broker's log stream, by broker key (`ns/broker`). */
export class HookLogs {
  private readonly brokers = new Map<string, HookLogBuffer>();

  for(broker: string): HookLogBuffer {
    let buffer = this.brokers.get(broker);
    if (!buffer) this.brokers.set(broker, (buffer = new HookLogBuffer()));
    return buffer;
  }

  forget(broker: string): void {
    this.brokers.delete(broker);
  }
}

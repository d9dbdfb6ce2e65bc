// The explorer's hook tap (issue 6): a publish from a console client (`console-…`) that carries
// the MQTT 5 user property `sluice-tap: <id>` is recorded from acceptance to delivery — the
// message as published, what the hook decided (version, call latency, failure), and each message
// delivered because of it with how many sessions got it — so the console shows "as published ↔
// as delivered" for a real publish. The console picks a random 128-bit id per publish and asks
// GET …/hook/taps/:id, which waits for the record (lib/control/explorer.ts decides who may read it).
//
// Costs nothing for other messages: BrokerInstance.acceptPublish looks for the property only
// when a message has user properties. Bounded: the last MAX_RECORDS records, none older than
// MAX_AGE_MS, each with capped payload copies.
import type { PublishResult } from "./hook-pipeline.ts";
import type { Message, MessageProperties, QoS } from "./message.ts";

export const TAP_PROPERTY = "sluice-tap";
export const MAX_TAP_ID_LENGTH = 64;
/** Client IDs of the console's explorer sessions start with this (lib/control/explorer.ts issues them). */
export const CONSOLE_CLIENT_PREFIX = "console-";
const MAX_RECORDS = 200;
const MAX_AGE_MS = 10 * 60_000;
/** Payload bytes kept per message of a record. */
export const TAP_PAYLOAD_BYTES = 64 * 1024;
/** Messages kept per record in each of `delivered` and `created`; beyond them only counted. */
const MAX_MESSAGES = 20;
/** Requests waiting for a record at once, per broker; beyond it a request gets what there is now. */
const MAX_WAITERS = 1000;

export type TapDecision = "pending" | "passed" | "modified" | "dropped" | "error";

/** One message of a record: a copy of at most TAP_PAYLOAD_BYTES of its payload. */
export interface TappedMessage {
  topic: string;
  payload: Buffer;
  size: number;
  qos: QoS;
  retain: boolean;
  properties: MessageProperties;
  expiresAt: number | undefined;
  receivedAt: number;
  /** What became of it: sessions it was handed to, or why it went nowhere. Absent on `published`. */
  result?: PublishResult;
}

/** The hook call that decided: its version, how long the call took, and why it failed if it did. */
export interface TapHookCall {
  version?: number;
  latencyMs?: number;
  error?: string;
}

export class TapRecord {
  decision: TapDecision = "pending";
  /** Null when no hook ran for the message (none matched its topic, or its backlog was full). */
  hook: TapHookCall | null = null;
  /** What became of the published message as a whole (as its PUBACK would say). */
  result: PublishResult | undefined = undefined;
  readonly delivered: TappedMessage[] = [];
  readonly created: TappedMessage[] = [];
  /** Derivatives and new messages, including those beyond MAX_MESSAGES. */
  deliveredCount = 0;
  createdCount = 0;
  completedAt: number | undefined = undefined;
  private modified = false;

  constructor(
    readonly id: string,
    readonly clientId: string,
    readonly published: TappedMessage,
    private readonly log: TapLog,
  ) {}

  /** A message derived from the published one (itself when unchanged) and what became of it. */
  addDelivered(message: Message, result: PublishResult, modified: boolean): void {
    if (modified) this.modified = true;
    if (this.deliveredCount++ < MAX_MESSAGES) this.delivered.push(tapped(message, result));
  }

  /** A new message the hook returned in the same call. */
  addCreated(message: Message, result: PublishResult): void {
    if (this.createdCount++ < MAX_MESSAGES) this.created.push(tapped(message, result));
  }

  /** Completes the record of a message no hook ran for: delivered as published. */
  passedThrough(message: Message, result: PublishResult): void {
    this.addDelivered(message, result, false);
    this.finish(result, null, false);
  }

  /** Completes the record; `failed` when the hook failed (its failure policy decided the outcome). */
  finish(result: PublishResult, hook: TapHookCall | null, failed: boolean): void {
    this.result = result;
    this.hook = hook;
    this.decision = failed ? "error" : this.deliveredCount === 0 ? "dropped" : this.modified ? "modified" : "passed";
    this.completedAt = Date.now();
    this.log.completed(this);
  }
}

/** One broker's tap records and the requests waiting for them. */
export class TapLog {
  private readonly records = new Map<string, TapRecord>();
  private readonly waiters = new Map<string, Set<() => void>>();
  private waiting = 0;

  /** The record for a publish that asks to be tapped, or undefined. Only call it for messages with user properties. */
  open(message: Message): TapRecord | undefined {
    if (!message.publisherId.startsWith(CONSOLE_CLIENT_PREFIX)) return undefined;
    const id = tapId(message.properties.userProperties!);
    if (id === undefined) return undefined;
    this.prune(message.receivedAt);
    this.records.delete(id); // a reused id starts over, as the newest
    if (this.records.size >= MAX_RECORDS) this.records.delete(this.records.keys().next().value!);
    const record = new TapRecord(id, message.publisherId, tapped(message, undefined), this);
    this.records.set(id, record);
    return record;
  }

  get(id: string, now = Date.now()): TapRecord | undefined {
    this.prune(now);
    return this.records.get(id);
  }

  /**
   * The record once complete, waiting up to `timeoutMs` for it (the publish may not even have
   * arrived yet); after the wait, whatever there is: a pending record, or undefined.
   */
  async wait(id: string, timeoutMs: number): Promise<TapRecord | undefined> {
    const now = this.get(id);
    if (now?.completedAt !== undefined || timeoutMs <= 0 || this.waiting >= MAX_WAITERS) return now;
    let waiters = this.waiters.get(id);
    if (!waiters) this.waiters.set(id, (waiters = new Set()));
    const set = waiters;
    this.waiting++;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        if (set.size === 0 && this.waiters.get(id) === set) this.waiters.delete(id);
        this.waiting--;
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      set.add(done);
    });
    return this.get(id);
  }

  /** Called by TapRecord.finish: wakes whoever waits for it. */
  completed(record: TapRecord): void {
    const waiters = this.waiters.get(record.id);
    if (waiters) for (const wake of [...waiters]) wake();
  }

  /** Records are in the order they were opened: the expired ones are at the front. */
  private prune(now: number): void {
    for (const [id, record] of this.records) {
      if (now - record.published.receivedAt < MAX_AGE_MS) return;
      this.records.delete(id);
    }
  }
}

/** The value of the first `sluice-tap` user property, when it is a usable id. */
function tapId(userProperties: ReadonlyArray<[string, string]>): string | undefined {
  for (const [key, value] of userProperties) {
    if (key === TAP_PROPERTY) return value.length > 0 && value.length <= MAX_TAP_ID_LENGTH ? value : undefined;
  }
  return undefined;
}

function tapped(message: Message, result: PublishResult | undefined): TappedMessage {
  const payload = message.payload;
  return {
    topic: message.topic,
    // A copy: the record outlives the socket chunk the payload was read from.
    payload: Buffer.from(payload.subarray(0, TAP_PAYLOAD_BYTES)),
    size: payload.length,
    qos: message.qos,
    retain: message.retain,
    properties: message.properties,
    expiresAt: message.expiresAt,
    receivedAt: message.receivedAt,
    ...(result && { result }),
  };
}

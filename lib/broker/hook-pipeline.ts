// The broker's side of an on-publish hook (DESIGN §5): accepted publishes whose topic the hook
// wants are batched, handed to the hook, and its verdict applied (retain → route). What a hook
// is (script, webhook, metrics, failure policy) lives in lib/hook-runtime; the broker only knows
// the `PublishHook` interface below.
//
// Ordering: every message that reaches the pipeline while it holds anything takes a place in
// one FIFO, hooked or not, and verdicts are applied strictly from the head. Several batches may
// be in flight at once, but delivery stays in publication order (per publisher, and overall).
import type { BrokerInstance } from "./broker.ts";
import type { TapRecord } from "./hook-tap.ts";
import type { Message } from "./message.ts";
import type { DropReason } from "./stats.ts";

export interface PublishHook {
  /** Whether a topic goes through the hook (its topic filters). */
  matches(topic: string): boolean;
  /**
   * Decides a batch. Never rejects: a hook failure comes back as a verdict already shaped by the
   * hook's failure policy (`dropReason: "hook_error"` and the originals or nothing to deliver).
   */
  run(batch: readonly Message[]): Promise<HookVerdict>;
}

export interface HookVerdict {
  /**
   * What to deliver, in order: each derived from `batch[from]`, or new when `from` is undefined.
   * `modified` says whether a derivative differs from its input in what a subscriber would see
   * (when absent: whether it is another object).
   */
  deliver: Array<{ from?: number; message: Message; modified?: boolean }>;
  /** Counted for each input message none of whose derivatives is delivered. */
  dropReason: "hook" | "hook_error";
  /** For the explorer's hook tap (hook-tap.ts): the version that decided, the call's latency, and why it failed. */
  version?: number;
  latencyMs?: number;
  error?: string;
}

/** Who published a message, for a hook's topic rewrite and for the QoS 1/2 acknowledgement. */
export interface PublishOrigin {
  /** May the publisher publish to `topic`? A hook's rewritten topic is checked again (DESIGN §4). */
  mayPublish(topic: string): boolean;
  /** Called once the message has been handled, when `acceptPublish` could not answer at once. */
  settled?(result: PublishResult): void;
}

/** Sessions the message (or what the hook made of it) was handed to, or why it went nowhere. */
export type PublishResult = { delivered: number; dropped?: undefined } | { delivered: 0; dropped: DropReason };

/**
 * Messages and payload bytes per hook call: large batches amortize the cost of a call (a script
 * call has a fixed cost of tens of µs), the byte cap keeps a batch of large payloads well inside
 * a script sandbox's memory limit.
 */
const MAX_BATCH = 1000;
const MAX_BATCH_BYTES = 4 * 1024 * 1024;
/** Batches in flight at once: a slow webhook does not hold the next batch back. */
const MAX_CONCURRENT_BATCHES = 4;

interface Entry {
  message: Message;
  origin: PublishOrigin | undefined;
  /** Set for an explorer test publish (hook-tap.ts), which records what happens to it. */
  tap: TapRecord | undefined;
}

interface Group {
  entries: Entry[];
  bytes: number;
  /** "collecting" takes more messages; "sealed" waits for a free slot; "bypass" needs no hook. */
  state: "collecting" | "sealed" | "running" | "done" | "bypass";
  hook?: PublishHook;
  verdict?: HookVerdict;
  /** Some entry has a tap: apply() records into it. */
  tapped?: true;
}

export class HookPipeline {
  private hook: PublishHook | undefined;
  private readonly groups: Group[] = [];
  private running = 0;
  private pending = 0;
  private flushScheduled = false;

  constructor(private readonly broker: BrokerInstance) {}

  /** Installs or replaces (undefined: removes) the hook. Batches already taken finish on the hook they started with. */
  setHook(hook: PublishHook | undefined): void {
    this.hook = hook;
  }

  /** True when a message must take its place in the FIFO rather than be routed at once. */
  wants(topic: string): boolean {
    return this.groups.length > 0 || (this.hook !== undefined && this.hook.matches(topic));
  }

  /**
   * Queues a message behind everything before it. Returns a result at once when the message is
   * refused (backlog full); otherwise `origin.settled` is called later.
   */
  submit(message: Message, origin: PublishOrigin | undefined, tap?: TapRecord): PublishResult | undefined {
    const hooked = this.hook !== undefined && this.hook.matches(message.topic);
    if (!hooked) {
      const tail = this.groups.at(-1);
      // A batch still collecting closes here: what comes after this message must not join it.
      if (tail?.state === "collecting") tail.state = "sealed";
      if (tail?.state === "bypass") tail.entries.push({ message, origin, tap });
      else this.groups.push({ entries: [{ message, origin, tap }], bytes: 0, state: "bypass" });
      this.drain();
      this.start();
      return undefined;
    }
    if (this.pending >= this.broker.limits.maxHookBacklog) return { delivered: 0, dropped: "hook_backlog" };
    this.pending++;
    let tail = this.groups.at(-1);
    if (tail?.state !== "collecting") {
      tail = { entries: [], bytes: 0, state: "collecting", hook: this.hook };
      this.groups.push(tail);
    }
    tail.entries.push({ message, origin, tap });
    if (tap) tail.tapped = true;
    tail.bytes += message.payload.length;
    // Publishes read in one I/O turn share a batch: it closes when full or on the next turn.
    if (tail.entries.length >= MAX_BATCH || tail.bytes >= MAX_BATCH_BYTES) tail.state = "sealed";
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.sealCollecting());
    }
    this.start();
    return undefined;
  }

  private sealCollecting(): void {
    this.flushScheduled = false;
    const tail = this.groups.at(-1);
    if (tail?.state === "collecting") tail.state = "sealed";
    this.start();
  }

  private start(): void {
    for (const group of this.groups) {
      if (this.running >= MAX_CONCURRENT_BATCHES) return;
      if (group.state !== "sealed") continue;
      group.state = "running";
      this.running++;
      void group.hook!.run(group.entries.map((e) => e.message)).then(
        (verdict) => this.finished(group, verdict),
        // PublishHook.run must not reject; if it does anyway, nothing is delivered rather than lost silently.
        (error: unknown) => {
          this.broker.log.error({ err: error }, "on-publish hook rejected; dropping its batch");
          this.finished(group, { deliver: [], dropReason: "hook_error" });
        },
      );
    }
  }

  private finished(group: Group, verdict: HookVerdict): void {
    this.running--;
    this.pending -= group.entries.length;
    group.state = "done";
    group.verdict = verdict;
    this.drain();
    this.start();
  }

  /** Applies every decided group at the head of the FIFO, in order. */
  private drain(): void {
    while (this.groups.length > 0) {
      const head = this.groups[0]!;
      if (head.state === "bypass") {
        for (const { message, origin, tap } of head.entries) {
          const result = this.broker.deliver(message); // not inside `settled?.(…)`: QoS 0 has no settled
          if (tap) tap.passedThrough(message, result);
          origin?.settled?.(result);
        }
      } else if (head.state === "done") {
        this.apply(head, head.verdict!);
      } else {
        return;
      }
      this.groups.shift();
    }
  }

  private apply(group: Group, verdict: HookVerdict): void {
    const { entries, tapped } = group;
    const results: PublishResult[] = entries.map(() => ({ delivered: 0, dropped: verdict.dropReason }));
    for (const { from, message, modified } of verdict.deliver) {
      const entry = from === undefined ? undefined : entries[from];
      if (from !== undefined && !entry) continue;
      // A rewritten topic must be one the publisher may publish to; a new message must not claim `$` topics.
      const allowed = entry ? message.topic === entry.message.topic || (!message.topic.startsWith("$") && (entry.origin?.mayPublish(message.topic) ?? false)) : !message.topic.startsWith("$");
      const result = allowed ? this.broker.deliver(message) : this.refuse("not_authorized");
      if (tapped) tapOutput(entries, entry, message, result, modified);
      if (from === undefined) continue;
      const previous = results[from]!;
      // An input delivered at least once counts as delivered; otherwise the last reason stands.
      if (result.dropped === undefined) results[from] = { delivered: (previous.dropped === undefined ? previous.delivered : 0) + result.delivered };
      else if (previous.dropped !== undefined) results[from] = result;
    }
    for (const [index, result] of results.entries()) {
      if (result.dropped === verdict.dropReason) this.broker.stats.drop(verdict.dropReason);
      const { origin, tap } = entries[index]!;
      if (tap) tap.finish(result, { version: verdict.version, latencyMs: verdict.latencyMs, error: verdict.error }, verdict.dropReason === "hook_error");
      origin?.settled?.(result);
    }
  }

  private refuse(reason: DropReason): PublishResult {
    this.broker.stats.drop(reason);
    return { delivered: 0, dropped: reason };
  }
}

/** Records a delivered output in the tap of the input it derives from, or, when new, in every tap of the batch. */
function tapOutput(entries: Entry[], entry: Entry | undefined, message: Message, result: PublishResult, modified: boolean | undefined): void {
  if (entry) entry.tap?.addDelivered(message, result, modified ?? message !== entry.message);
  else for (const { tap } of entries) tap?.addCreated(message, result);
}

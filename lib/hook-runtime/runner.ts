// One live hook version on a broker's accepted-publish path: the `PublishHook` the broker's
// pipeline (lib/broker/hook-pipeline.ts) calls per batch. It turns broker messages into hook
// messages, invokes the script or webhook, applies the failure policy, and counts and logs
// what happened, per version.
import type { HookVerdict, PublishHook } from "../broker/hook-pipeline.ts";
import type { Message } from "../broker/message.ts";
import { topicMatches, topicNameError, type TopicLimits } from "../broker/protocol/topic.ts";
import type { HookLogBuffer } from "./logs.ts";
import { fromHookOutput, isModified, type HookOutputMessage } from "./message.ts";
import type { HookVersionMetrics } from "./metrics.ts";
import type { HookLog } from "./sandbox.ts";

export interface HookVersionConfig {
  version: number;
  topics: string[];
  onError: "drop" | "deliver";
}

/**
 * One call of the hook on a batch: its output — messages, or for an input returned unchanged its
 * index in the batch — or why it failed, and what it logged.
 */
export type InvokeResult =
  | { ok: true; output: Array<HookOutputMessage | number>; logs: HookLog[]; background?: Promise<HookLog[]> }
  | { ok: false; kind: string; message: string; logs: HookLog[] };

/** Calls the hook on `batch`, whose messages have the `mid`s firstMid, firstMid + 1, … */
export type Invoke = (batch: readonly Message[], firstMid: number) => Promise<InvokeResult>;

/** How many of a failed batch's messages a log entry names. */
const FAILURE_SAMPLE = 10;
/** Messages one call may return: room to fan each input out, not to flood the broker. */
export const MAX_OUTPUT_MESSAGES = 10_000;

export class HookRunner implements PublishHook {
  private readonly everything: boolean;
  /** `mid`s are unique per runner, so a webhook can tell messages apart across batches. */
  private nextMid = 1;

  constructor(
    readonly config: HookVersionConfig,
    private readonly invoke: Invoke,
    private readonly metrics: HookVersionMetrics,
    private readonly log: HookLogBuffer,
    /** The broker's topic limits, which returned topics must meet like published ones. */
    private readonly topicLimits: () => TopicLimits,
  ) {
    this.everything = config.topics.includes("#");
  }

  matches(topic: string): boolean {
    return this.everything || this.config.topics.some((filter) => topicMatches(filter, topic));
  }

  async run(batch: readonly Message[]): Promise<HookVerdict> {
    const firstMid = this.nextMid;
    this.nextMid += batch.length;
    const started = performance.now();
    let result: InvokeResult;
    try {
      result = await this.invoke(batch, firstMid);
    } catch (error) {
      result = { ok: false, kind: "exception", message: error instanceof Error ? error.message : String(error), logs: [] };
    }
    const latencyMs = performance.now() - started;
    const m = this.metrics;
    m.recordLatency(latencyMs);
    m.invocations++;
    m.messagesIn += batch.length;
    this.writeLogs(result.logs);
    if (result.ok) void result.background?.then((logs) => this.writeLogs(logs));

    const decided = result.ok ? this.verdictFor(batch, firstMid, result.output) : { failure: result };
    const verdict = "failure" in decided ? this.failed(batch, firstMid, decided.failure) : decided;
    verdict.version = this.config.version;
    verdict.latencyMs = latencyMs;
    return verdict;
  }

  /** Maps the output back onto the batch; an unknown `mid` makes the whole output a bad return. */
  private verdictFor(batch: readonly Message[], firstMid: number, output: Array<HookOutputMessage | number>): HookVerdict | { failure: { kind: string; message: string } } {
    const now = Date.now();
    const deliver: HookVerdict["deliver"] = [];
    const kept = new Set<number>();
    let modified = 0;
    let created = 0;
    if (output.length > MAX_OUTPUT_MESSAGES) return { failure: { kind: "bad_return", message: `returned ${output.length} messages; at most ${MAX_OUTPUT_MESSAGES} per call` } };
    const limits = this.topicLimits();
    for (const [index, item] of output.entries()) {
      if (typeof item === "number") {
        // Returned as it came: the original, untouched (its topic was checked when published).
        kept.add(item);
        deliver.push({ from: item, message: batch[item]!, modified: false });
        continue;
      }
      const topicError = topicNameError(item.topic, limits);
      if (topicError) return { failure: { kind: "bad_return", message: `message ${index}: ${topicError}` } };
      if (item.mid === undefined) {
        deliver.push({ message: fromHookOutput(item, undefined, now) });
        created++;
        continue;
      }
      const from = item.mid - firstMid;
      const original = batch[from];
      if (!original) return { failure: { kind: "bad_return", message: `returned mid ${item.mid}, which is not in this batch` } };
      const message = fromHookOutput(item, original, now);
      const changed = isModified(message, original);
      if (changed) modified++;
      kept.add(from);
      deliver.push({ from, message, modified: changed });
    }
    const m = this.metrics;
    m.messagesOut += deliver.length;
    m.modified += modified;
    m.created += created;
    m.dropped += batch.length - kept.size;
    return { deliver, dropReason: "hook" };
  }

  /** The failure policy: deliver the originals, or drop them; either way counted and logged with the batch. */
  private failed(batch: readonly Message[], firstMid: number, failure: { kind: string; message: string }): HookVerdict {
    const m = this.metrics;
    m.errors++;
    if (failure.kind === "timeout") m.timeouts++;
    const policy = this.config.onError;
    this.log.append({
      version: this.config.version,
      level: "error",
      message: `${failure.kind}: ${failure.message} — ${batch.length} message(s) ${policy === "deliver" ? "delivered unchanged" : "dropped"} (onError: ${policy})`,
      messages: batch.slice(0, FAILURE_SAMPLE).map((m, i) => ({ mid: firstMid + i, topic: m.topic, clientId: m.publisherId })),
    });
    const reason = `${failure.kind}: ${failure.message}`;
    if (policy === "deliver") {
      m.messagesOut += batch.length;
      return { deliver: batch.map((message, from) => ({ from, message, modified: false })), dropReason: "hook_error", error: reason };
    }
    m.dropped += batch.length;
    return { deliver: [], dropReason: "hook_error", error: reason };
  }

  private writeLogs(logs: HookLog[]): void {
    for (const { level, message } of logs) this.log.append({ version: this.config.version, level, message });
  }
}

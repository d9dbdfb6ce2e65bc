// The script hook's sandbox: one isolated-vm isolate per broker runs the deployed ES module's
// `onPublish(messages, env, ctx)` on each batch, with a memory limit, a per-call timeout and async
// calls, so the broker's event loop keeps serving while a hook runs (DESIGN §5, issue 4).
// Nothing of Node is reachable inside: the isolate has only V8 built-ins, the `console` below and
// the bindings (bindings.ts), each a call out to the host through one reference.
// Needs node --no-node-snapshot on Node ≥ 20 (lib/cli/sluice.mjs and vitest.config.ts pass it).
import ivm from "isolated-vm";
import { callBinding, type HookBindings } from "./bindings.ts";
import { addToBatch, checkHookOutput, emptyBatch, normalizedOutput, type HookBatch, type HookMessage, type HookOutputMessage } from "./message.ts";

export const DEFAULT_MEMORY_LIMIT_MB = 64;
/** Per call: console lines kept, and characters kept of each. */
export const MAX_LOG_LINES = 100;
export const MAX_LOG_LINE_CHARS = 1024;

const FILENAME = "hook.js";
/** Module top-level code runs once per deploy; it gets this long. */
const DEPLOY_TIMEOUT_MS = 1000;
/** `ctx.waitUntil` work runs after delivery; past this the isolate is rebuilt and the work abandoned. */
export const WAIT_UNTIL_TIMEOUT_MS = 10_000;

export interface DeployError {
  message: string;
  /** 1-based position in the source, when the error has one (syntax errors always do). */
  line?: number;
  column?: number;
}

export type DeployResult = { ok: true } | { ok: false; error: DeployError };

export interface HookLog {
  level: "log" | "warn" | "error";
  message: string;
}

export type HookFailureKind = "timeout" | "out_of_memory" | "exception" | "bad_return";

/** What a call returned: messages, or for an input returned unchanged its index in the batch. */
type CallResult<Out = HookOutputMessage | number> =
  | { ok: true; output: Out[]; logs: HookLog[]; durationMs: number }
  | { ok: false; failure: { kind: HookFailureKind; message: string }; logs: HookLog[]; durationMs: number };

type WithBackground<R> = R & {
  /** Settles once the call's `ctx.waitUntil` work has, with the console lines it wrote. Never rejects. */
  background: Promise<HookLog[]>;
};

export type BatchRunResult = WithBackground<CallResult>;
export type RunResult = WithBackground<CallResult<HookOutputMessage>>;

export interface RunOptions {
  timeoutMs: number;
  /** What `env` and `fetch` reach; without them every binding throws. */
  bindings?: HookBindings;
}

interface Deployed {
  isolate: ivm.Isolate;
  /** `async (messages) => ({ ok, output | error, logs })`, closed over the hook's default export. */
  runner: ivm.Reference<(batch: HookBatch) => Promise<RunnerReply>>;
  /** `async () => logs`: awaits the last call's `ctx.waitUntil` promises. */
  drain: ivm.Reference<() => Promise<HookLog[]>>;
}

/** What the in-isolate runner resolves with (copied out). */
type RunnerReply = ({ ok: true; output: unknown; unchanged?: number[] } | { ok: false; error: string }) & { logs: HookLog[]; pending: boolean };

const NO_BACKGROUND: Promise<HookLog[]> = Promise.resolve([]);

// Evaluated in a fresh context before the hook module, with `$host` (the binding dispatcher) as
// a global it removes: installs `console` and `fetch`, and returns `[makeRunner, drain]`; the
// rest stays inside the function, out of the hook's reach. The log buffer is
// per call because calls are serialized (ScriptSandbox#queue); `ctx.waitUntil` work settles after
// the call returned its output, and `drain` collects what it logged before the next call starts.
const BOOTSTRAP = `(() => {
const MAX_LINES = ${MAX_LOG_LINES}, MAX_CHARS = ${MAX_LOG_LINE_CHARS};
const host = $host;
delete globalThis.$host;
let logs = [];
let dropped = 0;
let pending = [];
const format = (value) => {
  if (typeof value === "string") return value;
  if (value instanceof Error) return value.stack || value.name + ": " + value.message;
  try { const json = JSON.stringify(value); return json === undefined ? String(value) : json; } catch { return String(value); }
};
const write = (level) => (...args) => {
  if (logs.length >= MAX_LINES) { dropped++; return; }
  const message = args.map(format).join(" ");
  logs.push({ level, message: message.length > MAX_CHARS ? message.slice(0, MAX_CHARS) + "…" : message });
};
const takeLogs = () => {
  if (dropped > 0) logs.push({ level: "warn", message: "… " + dropped + " more console lines dropped" });
  const taken = logs;
  logs = [];
  dropped = 0;
  return taken;
};
globalThis.console = Object.freeze({ log: write("log"), info: write("log"), debug: write("log"), warn: write("warn"), error: write("error") });
const describe = (error) => error instanceof Error ? (error.name + ": " + error.message) : "hook threw " + format(error);
// Work that must not hold delivery; a rejection is logged at once (an unhandled one would fail the call).
const later = (promise) => {
  pending.push(Promise.resolve(promise).then(() => undefined, (error) => write("error")("waitUntil promise rejected: " + describe(error))));
};
// Every binding is one async call out; the host answers { ok, value } or { ok: false, error }.
const call = async (name, ...args) => {
  const reply = await host.apply(undefined, [name, args], { arguments: { copy: true }, result: { promise: true, copy: true } });
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
};
const headersOf = (pairs) => Object.freeze({
  get: (name) => { const hit = pairs.find(([k]) => k === String(name).toLowerCase()); return hit ? hit[1] : null; },
  has: (name) => pairs.some(([k]) => k === String(name).toLowerCase()),
  entries: () => pairs.map((pair) => [...pair]),
});
globalThis.fetch = async (url, init = {}) => {
  const r = await call("fetch", String(url), { method: init.method, headers: init.headers, body: init.body });
  return Object.freeze({
    ok: r.status >= 200 && r.status < 300, status: r.status, statusText: r.statusText, url: r.url,
    headers: headersOf(r.headers),
    text: async () => r.text,
    json: async () => JSON.parse(r.text),
    arrayBuffer: async () => r.bytes.buffer.slice(r.bytes.byteOffset, r.bytes.byteOffset + r.bytes.byteLength),
  });
};
const env = Object.freeze({
  kv: Object.freeze({
    get: async (key, type) => { const value = await call("kv.get", String(key)); return value !== null && type === "json" ? JSON.parse(value) : value; },
    put: (key, value) => call("kv.put", String(key), typeof value === "string" ? value : JSON.stringify(value)),
    delete: (key) => call("kv.delete", String(key)),
    list: (options) => call("kv.list", options ?? {}),
  }),
  metrics: Object.freeze({ writeDataPoint: (point) => { later(call("metrics.writeDataPoint", point)); } }),
  publish: (topic, payload, options) => call("publish", topic, payload, options ?? {}),
  objects: Object.freeze({
    put: (key, value) => call("objects.put", String(key), value),
    get: (key) => call("objects.get", String(key)),
    list: (options) => call("objects.list", options ?? {}),
  }),
});
// The batch arrives as one array per field (HookBatch in message.ts); the hook sees objects.
// Bytes and user properties are copied, so a hook that edits them in place still counts as a change.
const messagesOf = (batch) => {
  const messages = new Array(batch.topics.length);
  for (let i = 0; i < messages.length; i++) {
    const m = { mid: batch.mids[i] };
    if (batch.namespace !== undefined) { m.namespace = batch.namespace; m.broker = batch.broker; }
    const payload = batch.payloads[i];
    Object.assign(m, { topic: batch.topics[i], payload: typeof payload === "string" ? payload : payload.slice(), clientId: batch.clientIds[i], receivedAt: batch.receivedAt[i], qos: batch.qos[i], retain: batch.retain[i] });
    if (batch.contentTypes[i] !== undefined) m.contentType = batch.contentTypes[i];
    if (batch.payloadFormats[i] !== undefined) m.payloadFormatIndicator = batch.payloadFormats[i];
    if (batch.userProperties[i] !== undefined) m.userProperties = batch.userProperties[i].map((pair) => [pair[0], pair[1]]);
    messages[i] = m;
  }
  return messages;
};
const sameBytes = (a, b) => {
  if (!(a instanceof Uint8Array) || !(b instanceof Uint8Array) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};
const samePairs = (a, b) => a === undefined ? b === undefined : Array.isArray(b) && a.length === b.length && a.every((pair, i) => Array.isArray(b[i]) && pair[0] === b[i][0] && pair[1] === b[i][1]);
// Which input an output element is, returned exactly as it came (-1 otherwise): such elements
// travel back as that index instead of a copy, and the broker delivers the original as is.
const unchangedInput = (item, batch, indexOf) => {
  if (typeof item !== "object" || item === null) return -1;
  const i = indexOf.get(item.mid);
  if (i === undefined) return -1;
  const same = item.topic === batch.topics[i]
    && (item.payload === batch.payloads[i] || sameBytes(item.payload, batch.payloads[i]))
    && (item.qos === undefined || item.qos === batch.qos[i])
    && (item.retain === undefined || item.retain === batch.retain[i])
    && item.contentType === batch.contentTypes[i]
    && item.payloadFormatIndicator === batch.payloadFormats[i]
    && samePairs(batch.userProperties[i], item.userProperties);
  return same ? i : -1;
};
return [
  function makeRunner(hook) {
    return async function run(batch) {
      logs = [];
      dropped = 0;
      pending = [];
      const ctx = Object.freeze({ waitUntil(promise) { later(promise); } });
      try {
        const output = await hook.onPublish(messagesOf(batch), env, ctx);
        if (!Array.isArray(output)) return { ok: true, output, logs: takeLogs(), pending: pending.length > 0 };
        const indexOf = new Map(batch.mids.map((mid, i) => [mid, i]));
        const unchanged = output.map((item) => unchangedInput(item, batch, indexOf));
        const slim = output.map((item, j) => (unchanged[j] >= 0 ? 0 : item));
        return { ok: true, output: slim, unchanged, logs: takeLogs(), pending: pending.length > 0 };
      } catch (error) {
        return { ok: false, error: describe(error), logs: takeLogs(), pending: pending.length > 0 };
      }
    };
  },
  async function drain() {
    await Promise.all(pending);
    pending = [];
    return takeLogs();
  },
];
})()
`;

/**
 * One broker's script hook. `deploy` and `run` are serialized: a run waits for the one before it,
 * so the console buffer and a redeploy never interleave with a call. Never throws for anything a
 * hook does; a timed-out or out-of-memory isolate is disposed and rebuilt from the current source.
 */
export class ScriptSandbox {
  private readonly memoryLimitMb: number;
  private source: string | undefined;
  private deployed: Deployed | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  /** The bindings of the call in progress; `$host` dispatches to them. */
  private bindings: HookBindings | undefined;

  constructor(options: { memoryLimitMb?: number } = {}) {
    this.memoryLimitMb = options.memoryLimitMb ?? DEFAULT_MEMORY_LIMIT_MB;
  }

  /** Compiles and evaluates `source`; on success it replaces the running hook, on error the old one stays. */
  deploy(source: string): Promise<DeployResult> {
    return this.serialized(async () => {
      const result = await this.build(source);
      if (!result.ok) return { ok: false, error: result.error };
      this.release();
      this.deployed = result.deployed;
      this.source = source;
      return { ok: true };
    });
  }

  /** Runs the deployed hook's `onPublish` on sample messages; the output is all messages. */
  async run(messages: HookMessage[], options: RunOptions): Promise<RunResult> {
    const batch = emptyBatch();
    for (const message of messages) addToBatch(batch, message);
    const result = await this.runBatch(batch, options);
    if (!result.ok) return result;
    return { ...result, output: result.output.map((item) => (typeof item === "number" ? normalizedOutput(messages[item]!) : item)) };
  }

  /**
   * Runs the deployed hook's `onPublish` on a batch. Holds no event-loop time: the isolate runs on
   * its own thread. Resolves as soon as the output is known; the call's `ctx.waitUntil` work
   * finishes in `background`, before the next call starts.
   */
  runBatch(batch: HookBatch, options: RunOptions): Promise<BatchRunResult> {
    return new Promise((resolve) => {
      void this.serialized(async () => {
        this.bindings = options.bindings;
        try {
          const { result, pending } = await this.call(batch, options.timeoutMs).catch((error: unknown) => ({
            result: {
              ok: false as const,
              failure: { kind: "exception" as const, message: `sandbox failure: ${error instanceof Error ? error.message : String(error)}` },
              logs: [],
              durationMs: 0,
            },
            pending: false,
          }));
          if (!pending) {
            resolve({ ...result, background: NO_BACKGROUND });
            return;
          }
          let finishBackground!: (logs: HookLog[]) => void;
          resolve({ ...result, background: new Promise<HookLog[]>((r) => (finishBackground = r)) });
          finishBackground(await this.drainWaitUntil());
        } finally {
          this.bindings = undefined;
        }
      });
    });
  }

  /** Frees the isolate; the sandbox can be deployed again afterwards. */
  dispose(): Promise<void> {
    return this.serialized(async () => {
      this.release();
      this.source = undefined;
    });
  }

  private serialized<T>(step: () => Promise<T>): Promise<T> {
    const next = this.queue.then(step);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Lets the last call's `ctx.waitUntil` work finish; work that hangs costs the isolate. */
  private async drainWaitUntil(): Promise<HookLog[]> {
    const deployed = this.deployed;
    if (!deployed) return [];
    let deadline: NodeJS.Timeout | undefined;
    try {
      const drained = deployed.drain.apply(undefined, [], { timeout: WAIT_UNTIL_TIMEOUT_MS, result: { promise: true, copy: true } });
      const expired = new Promise<never>((_, reject) => (deadline = setTimeout(() => reject(new Error("expired")), WAIT_UNTIL_TIMEOUT_MS)));
      const logs = await Promise.race([drained, expired]);
      return logs;
    } catch {
      await this.rebuild();
      return [{ level: "error", message: `ctx.waitUntil work did not finish within ${WAIT_UNTIL_TIMEOUT_MS} ms; the sandbox was restarted` }];
    } finally {
      clearTimeout(deadline);
    }
  }

  /** One call; `pending` tells whether `ctx.waitUntil` work is still running in the isolate. */
  private async call(batch: HookBatch, timeoutMs: number): Promise<{ result: CallResult; pending: boolean }> {
    const started = performance.now();
    const elapsed = () => Math.round((performance.now() - started) * 100) / 100;
    const fail = (kind: HookFailureKind, message: string, logs: HookLog[] = [], pending = false) => ({ result: { ok: false as const, failure: { kind, message }, logs, durationMs: elapsed() }, pending });
    // A previous failure whose rebuild failed too (rare: the isolate could not be created).
    if (!this.deployed && this.source !== undefined) await this.rebuild();
    const deployed = this.deployed;
    if (!deployed) return fail("exception", "no hook is deployed");

    // 1. Call. The `timeout` option stops a busy isolate (also in promise continuations); the
    //    host deadline covers a hook that idles on a promise that never settles.
    let timedOut = false;
    let deadline: NodeJS.Timeout | undefined;
    let reply: RunnerReply;
    try {
      const call = deployed.runner.apply(undefined, [new ivm.ExternalCopy(batch).copyInto({ release: true })], {
        timeout: timeoutMs,
        result: { promise: true, copy: true },
      });
      const expired = new Promise<never>((_, reject) => {
        deadline = setTimeout(() => {
          timedOut = true;
          reject(new Error(`hook did not finish within ${timeoutMs} ms`));
        }, timeoutMs);
      });
      reply = await Promise.race([call, expired]);
      call.catch(() => undefined); // the losing side of the race settles once the isolate is gone
    } catch (error) {
      // 2. Failure of the isolate itself: rebuild it so the next batch runs on a clean heap.
      const message = error instanceof Error ? error.message : String(error);
      const kind: HookFailureKind = timedOut || /timed out/i.test(message) ? "timeout" : deployed.isolate.isDisposed ? "out_of_memory" : "bad_return";
      if (kind === "bad_return") return fail(kind, `hook returned a value that cannot be copied out of the sandbox: ${message}`);
      await this.rebuild();
      return fail(kind, kind === "timeout" ? `hook did not finish within ${timeoutMs} ms` : `hook exceeded the ${this.memoryLimitMb} MB memory limit`);
    } finally {
      clearTimeout(deadline);
    }

    // 3. Outcome of the hook: its exception, or its return value checked against the one shape rule.
    if (!reply.ok) return fail("exception", reply.error, reply.logs, reply.pending);
    const checked = checkHookOutput(reply.output, reply.unchanged);
    if (!checked.ok) return fail("bad_return", checked.message, reply.logs, reply.pending);
    return { result: { ok: true, output: checked.messages, logs: reply.logs, durationMs: elapsed() }, pending: reply.pending };
  }

  /** Replaces a disposed or stuck isolate with a fresh one running the current source. */
  private async rebuild(): Promise<void> {
    this.release();
    if (this.source === undefined) return;
    const result = await this.build(this.source);
    if (result.ok) this.deployed = result.deployed;
  }

  private release(): void {
    if (this.deployed && !this.deployed.isolate.isDisposed) this.deployed.isolate.dispose();
    this.deployed = undefined;
  }

  private async build(source: string): Promise<{ ok: true; deployed: Deployed } | { ok: false; error: DeployError }> {
    const isolate = new ivm.Isolate({ memoryLimit: this.memoryLimitMb });
    try {
      const context = await isolate.createContext();
      await context.global.set("$host", new ivm.Reference((name: string, args: unknown[]) => callBinding(this.bindings, name, args)));
      const bootstrap = (await context.eval(BOOTSTRAP, { reference: true })) as ivm.Reference<unknown[]>;
      const makeRunner = (await bootstrap.get(0, { reference: true })) as ivm.Reference<(hook: unknown) => unknown>;
      const drain = (await bootstrap.get(1, { reference: true })) as Deployed["drain"];
      // 1. Compile and evaluate the module; it may import nothing.
      const module = await isolate.compileModule(source, { filename: FILENAME });
      await module.instantiate(context, (specifier) => {
        throw new Error(`import of "${specifier}" is not allowed in a hook`);
      });
      await module.evaluate({ timeout: DEPLOY_TIMEOUT_MS });
      // 2. Its default export must have an onPublish method.
      const hook = (await module.namespace.get("default", { reference: true })) as ivm.Reference;
      const shape = await context.evalClosure("return typeof $0 === 'object' && $0 !== null && typeof $0.onPublish === 'function'", [hook.derefInto()], {
        result: { copy: true },
        timeout: DEPLOY_TIMEOUT_MS,
      });
      if (shape !== true) {
        isolate.dispose();
        return { ok: false, error: { message: "the module must `export default { async onPublish(messages, env, ctx) { … } }`" } };
      }
      const runner = (await makeRunner.apply(undefined, [hook.derefInto()], { result: { reference: true } })) as Deployed["runner"];
      return { ok: true, deployed: { isolate, runner, drain } };
    } catch (error) {
      if (!isolate.isDisposed) isolate.dispose();
      return { ok: false, error: deployError(error) };
    }
  }
}

/** Maps a compile or evaluation error to a message and a position in the hook's source. */
function deployError(error: unknown): DeployError {
  if (!(error instanceof Error)) return { message: String(error) };
  // Syntax errors carry the position as a suffix of the message: "… [hook.js:3:2]".
  const suffix = /\s*\[hook\.js:(\d+):(\d+)\]$/.exec(error.message);
  const message = `${error.name}: ${suffix ? error.message.slice(0, suffix.index) : error.message}`;
  if (suffix) return { message, line: Number(suffix[1]), column: Number(suffix[2]) };
  // Errors thrown by top-level code carry it in the first stack frame: "at hook.js:2:79".
  const frame = /hook\.js:(\d+):(\d+)/.exec(error.stack ?? "");
  return frame ? { message, line: Number(frame[1]), column: Number(frame[2]) } : { message };
}

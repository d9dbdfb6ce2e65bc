// The script hook's sandbox: one isolated-vm isolate per broker runs the deployed ES module's
// `onPublish(messages, env, ctx)` on each batch, with a memory limit, a per-call timeout and async
// calls, so the broker's event loop keeps serving while a hook runs (DESIGN §5, issue 4).
// Nothing of Node is reachable inside: the isolate has only V8 built-ins and the `console` below.
// Needs node --no-node-snapshot on Node ≥ 20 (lib/cli/sluice.mjs and vitest.config.ts pass it).
import ivm from "isolated-vm";
import { checkHookOutput, type HookMessage, type HookOutputMessage } from "./message.ts";

export const DEFAULT_MEMORY_LIMIT_MB = 64;
/** Per call: console lines kept, and characters kept of each. */
export const MAX_LOG_LINES = 100;
export const MAX_LOG_LINE_CHARS = 1024;

const FILENAME = "hook.js";
/** Module top-level code runs once per deploy; it gets this long. */
const DEPLOY_TIMEOUT_MS = 1000;

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

export type RunResult =
  | { ok: true; output: HookOutputMessage[]; logs: HookLog[]; durationMs: number }
  | { ok: false; failure: { kind: HookFailureKind; message: string }; logs: HookLog[]; durationMs: number };

interface Deployed {
  isolate: ivm.Isolate;
  /** `async (messages) => ({ ok, output | error, logs })`, closed over the hook's default export. */
  runner: ivm.Reference<(messages: HookMessage[]) => Promise<RunnerReply>>;
}

/** What the in-isolate runner resolves with (copied out). */
type RunnerReply = { ok: true; output: unknown; logs: HookLog[] } | { ok: false; error: string; logs: HookLog[] };

// Evaluated in a fresh context before the hook module: installs `console` and returns
// `makeRunner(hook)`. The log buffer is per call because runs are serialized (ScriptSandbox#queue).
// `env` is where the bindings (kv, metrics, publish, objects, fetch) will be installed.
const BOOTSTRAP = `
const MAX_LINES = ${MAX_LOG_LINES}, MAX_CHARS = ${MAX_LOG_LINE_CHARS};
let logs = [];
let dropped = 0;
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
globalThis.console = Object.freeze({ log: write("log"), info: write("log"), debug: write("log"), warn: write("warn"), error: write("error") });
const describe = (error) => error instanceof Error ? (error.name + ": " + error.message) : "hook threw " + format(error);
(function makeRunner(hook) {
  return async function run(messages) {
    logs = [];
    dropped = 0;
    const pending = [];
    const env = {};
    const ctx = Object.freeze({ waitUntil(promise) { pending.push(Promise.resolve(promise)); } });
    const finish = () => {
      if (dropped > 0) logs.push({ level: "warn", message: "… " + dropped + " more console lines dropped" });
      return logs;
    };
    try {
      const output = await hook.onPublish(messages, env, ctx);
      // Side effects run before the call returns for now; the batching layer may later let
      // delivery go ahead of them.
      for (const result of await Promise.allSettled(pending)) {
        if (result.status === "rejected") write("error")("waitUntil promise rejected: " + describe(result.reason));
      }
      return { ok: true, output, logs: finish() };
    } catch (error) {
      return { ok: false, error: describe(error), logs: finish() };
    }
  };
})
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

  /** Runs the deployed hook's `onPublish` on a batch. Holds no event-loop time: the isolate runs on its own thread. */
  run(messages: HookMessage[], options: { timeoutMs: number }): Promise<RunResult> {
    return this.serialized(() => this.call(messages, options.timeoutMs));
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

  private async call(messages: HookMessage[], timeoutMs: number): Promise<RunResult> {
    const started = performance.now();
    const elapsed = () => Math.round((performance.now() - started) * 100) / 100;
    const fail = (kind: HookFailureKind, message: string, logs: HookLog[] = []): RunResult => ({ ok: false, failure: { kind, message }, logs, durationMs: elapsed() });
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
      const call = deployed.runner.apply(undefined, [new ivm.ExternalCopy(messages).copyInto({ release: true })], {
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
    if (!reply.ok) return fail("exception", reply.error, reply.logs);
    const checked = checkHookOutput(reply.output);
    if (!checked.ok) return fail("bad_return", checked.message, reply.logs);
    return { ok: true, output: checked.messages, logs: reply.logs, durationMs: elapsed() };
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
      const makeRunner = (await context.eval(BOOTSTRAP, { reference: true })) as ivm.Reference<(hook: unknown) => unknown>;
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
      return { ok: true, deployed: { isolate, runner } };
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

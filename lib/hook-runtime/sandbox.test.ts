import { afterEach, describe, expect, it } from "vitest";
import type { HookMessage } from "./message.ts";
import { MAX_LOG_LINES, ScriptSandbox, type RunResult } from "./sandbox.ts";

const TIMEOUT_MS = 200;

function message(overrides: Partial<HookMessage> = {}): HookMessage {
  return { mid: 1, topic: "sensors/a", payload: '{"celsius":21.5}', clientId: "dev-1", receivedAt: 1_700_000_000_000, qos: 1, retain: false, ...overrides };
}

function hook(body: string): string {
  return `export default {\n  async onPublish(messages, env, ctx) {\n${body}\n  }\n};\n`;
}

let sandboxes: ScriptSandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.map((sandbox) => sandbox.dispose()));
  sandboxes = [];
});

async function deployed(source: string, options?: { memoryLimitMb?: number }): Promise<ScriptSandbox> {
  const sandbox = new ScriptSandbox(options);
  sandboxes.push(sandbox);
  expect(await sandbox.deploy(source)).toEqual({ ok: true });
  return sandbox;
}

function output(result: RunResult) {
  if (!result.ok) throw new Error(`hook failed: ${result.failure.kind}: ${result.failure.message}`);
  return result.output;
}

function failure(result: RunResult) {
  if (result.ok) throw new Error(`hook succeeded with ${JSON.stringify(result.output)}`);
  return result.failure;
}

const identity = hook("return messages;");

describe("ScriptSandbox: transformations", () => {
  it("identity returns the batch unchanged", async () => {
    const sandbox = await deployed(identity);
    const batch = [message(), message({ mid: 2, topic: "sensors/b", contentType: "application/json", payloadFormatIndicator: 1, userProperties: [["unit", "C"], ["unit", "K"]] })];
    const result = await sandbox.run(batch, { timeoutMs: TIMEOUT_MS });
    expect(output(result)).toEqual(batch.map(({ clientId: _c, receivedAt: _r, ...kept }) => kept));
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("rewrites a JSON payload", async () => {
    const sandbox = await deployed(
      hook(`return messages.map((m) => {
        const { celsius } = JSON.parse(m.payload);
        return { ...m, payload: JSON.stringify({ fahrenheit: celsius * 9 / 5 + 32 }), contentType: "application/json" };
      });`),
    );
    const [out] = output(await sandbox.run([message()], { timeoutMs: TIMEOUT_MS }));
    expect(out).toMatchObject({ mid: 1, topic: "sensors/a", contentType: "application/json" });
    expect(JSON.parse(out.payload as string)).toEqual({ fahrenheit: 70.7 });
  });

  it("drops messages left out of the return value", async () => {
    const sandbox = await deployed(hook(`return messages.filter((m) => !m.topic.startsWith("debug/"));`));
    const out = output(await sandbox.run([message({ mid: 1, topic: "debug/x" }), message({ mid: 2 })], { timeoutMs: TIMEOUT_MS }));
    expect(out.map((m) => m.mid)).toEqual([2]);
  });

  it("returns new messages without mid", async () => {
    const sandbox = await deployed(hook(`return [...messages, { topic: "alerts/hot", payload: "too hot", qos: 1, retain: true }];`));
    const out = output(await sandbox.run([message()], { timeoutMs: TIMEOUT_MS }));
    expect(out[1]).toEqual({ topic: "alerts/hot", payload: "too hot", qos: 1, retain: true });
    expect(out[1]).not.toHaveProperty("mid");
  });

  it("round-trips binary payloads as Uint8Array", async () => {
    const sandbox = await deployed(
      hook(`return messages.map((m) => {
        if (!(m.payload instanceof Uint8Array)) throw new Error("expected bytes");
        return { ...m, payload: m.payload.map((b) => b ^ 0xff) };
      });`),
    );
    const [out] = output(await sandbox.run([message({ payload: new Uint8Array([0x00, 0xff, 0x01, 0x80]) })], { timeoutMs: TIMEOUT_MS }));
    expect(out.payload).toBeInstanceOf(Uint8Array);
    expect([...(out.payload as Uint8Array)]).toEqual([0xff, 0x00, 0xfe, 0x7f]);
  });

  it("awaits an async hook", async () => {
    const sandbox = await deployed(
      hook(`const suffix = await Promise.resolve("!");
      await new Promise((resolve) => resolve());
      return messages.map((m) => ({ ...m, payload: m.payload + suffix }));`),
    );
    expect(output(await sandbox.run([message({ payload: "hi" })], { timeoutMs: TIMEOUT_MS }))[0].payload).toBe("hi!");
  });

  it("finishes ctx.waitUntil promises after the output, and logs their rejections", async () => {
    const sandbox = await deployed(
      hook(`ctx.waitUntil(Promise.resolve().then(() => console.log("side effect ran")));
      ctx.waitUntil(Promise.reject(new Error("side effect failed")));
      return messages;`),
    );
    const result = await sandbox.run([message()], { timeoutMs: TIMEOUT_MS });
    expect(output(result)).toHaveLength(1);
    expect([...result.logs, ...(await result.background)]).toEqual([
      { level: "log", message: "side effect ran" },
      { level: "error", message: "waitUntil promise rejected: Error: side effect failed" },
    ]);
  });
});

describe("ScriptSandbox: console", () => {
  it("captures console.log/warn/error per call", async () => {
    const sandbox = await deployed(
      hook(`console.log("batch of", messages.length, { first: messages[0].topic });
      console.warn("careful");
      console.error(new TypeError("bad"));
      return messages;`),
    );
    const first = await sandbox.run([message()], { timeoutMs: TIMEOUT_MS });
    expect(first.logs).toEqual([
      { level: "log", message: 'batch of 1 {"first":"sensors/a"}' },
      { level: "warn", message: "careful" },
      { level: "error", message: expect.stringMatching(/^TypeError: bad/) },
    ]);
    // The buffer starts empty on every call.
    expect((await sandbox.run([message()], { timeoutMs: TIMEOUT_MS })).logs).toHaveLength(3);
  });

  it("bounds the number and length of lines", async () => {
    const sandbox = await deployed(hook(`for (let i = 0; i < 500; i++) console.log("x".repeat(5000)); return messages;`));
    const { logs } = await sandbox.run([message()], { timeoutMs: TIMEOUT_MS });
    expect(logs).toHaveLength(MAX_LOG_LINES + 1);
    expect(logs[0].message.length).toBeLessThanOrEqual(1025);
    expect(logs.at(-1)).toEqual({ level: "warn", message: "… 400 more console lines dropped" });
  });
});

describe("ScriptSandbox: deploy errors", () => {
  it("reports a syntax error with line and column", async () => {
    const sandbox = new ScriptSandbox();
    sandboxes.push(sandbox);
    const result = await sandbox.deploy("export default {\n  async onPublish(messages) {\n    return messages.map((m) => m;\n  }\n};\n");
    expect(result).toEqual({ ok: false, error: { message: expect.stringMatching(/^SyntaxError: /), line: 3, column: expect.any(Number) } });
  });

  it("reports a throw in top-level code with its position", async () => {
    const sandbox = new ScriptSandbox();
    sandboxes.push(sandbox);
    const result = await sandbox.deploy(`const limit = 1;\nthrow new RangeError("no config");\nexport default { onPublish(m) { return m; } };`);
    expect(result).toEqual({ ok: false, error: { message: "RangeError: no config", line: 2, column: 7 } });
  });

  it("rejects a module without a default export with onPublish", async () => {
    const sandbox = new ScriptSandbox();
    sandboxes.push(sandbox);
    expect(await sandbox.deploy("export const onPublish = (m) => m;")).toEqual({ ok: false, error: { message: expect.stringContaining("export default") } });
    expect(await sandbox.deploy("export default { onpublish(m) { return m; } };")).toMatchObject({ ok: false });
  });

  it("keeps the previous version live when a deploy fails", async () => {
    const sandbox = await deployed(identity);
    expect((await sandbox.deploy("export default {")).ok).toBe(false);
    expect(output(await sandbox.run([message()], { timeoutMs: TIMEOUT_MS }))).toHaveLength(1);
  });

  it("fails a run when nothing is deployed", async () => {
    const sandbox = new ScriptSandbox();
    sandboxes.push(sandbox);
    expect(failure(await sandbox.run([message()], { timeoutMs: TIMEOUT_MS })).kind).toBe("exception");
  });
});

describe("ScriptSandbox: failures", () => {
  it("returns a thrown error as an exception with the logs so far", async () => {
    const sandbox = await deployed(hook(`console.log("before"); throw new Error("boom");`));
    const result = await sandbox.run([message()], { timeoutMs: TIMEOUT_MS });
    expect(failure(result)).toEqual({ kind: "exception", message: "Error: boom" });
    expect(result.logs).toEqual([{ level: "log", message: "before" }]);
  });

  it.each([
    ["undefined", "return;", "hook must return an array of messages, got undefined"],
    ["an object", "return messages[0];", "hook must return an array of messages, got object"],
    ["a non-object element", "return [42];", "message 0: expected an object, got number"],
    ["a missing topic", "return [{ payload: 'x' }];", "message 0: topic must be a non-empty string"],
    ["a number payload", "return [{ topic: 't', payload: 1 }];", "message 0: payload must be a string or a Uint8Array"],
    ["a bad qos", "return [{ topic: 't', payload: 'x', qos: 3 }];", "message 0: qos must be 0, 1 or 2"],
    ["bad user properties", "return [{ topic: 't', payload: 'x', userProperties: { a: 'b' } }];", "message 0: userProperties must be an array of [key, value] string pairs"],
  ])("rejects a return value with %s", async (_name, body, expected) => {
    const sandbox = await deployed(hook(body));
    expect(failure(await sandbox.run([message()], { timeoutMs: TIMEOUT_MS }))).toEqual({ kind: "bad_return", message: expected });
  });

  it("rejects a return value that cannot leave the sandbox", async () => {
    const sandbox = await deployed(hook(`return [{ topic: "t", payload: "x", extra: () => 1 }];`));
    expect(failure(await sandbox.run([message()], { timeoutMs: TIMEOUT_MS })).kind).toBe("bad_return");
  });

  it("stops an infinite loop with a timeout, then works again", async () => {
    const sandbox = await deployed(hook(`if (messages[0].topic === "loop") while (true) {} return messages;`));
    const started = Date.now();
    expect(failure(await sandbox.run([message({ topic: "loop" })], { timeoutMs: 100 }))).toEqual({ kind: "timeout", message: "hook did not finish within 100 ms" });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(output(await sandbox.run([message()], { timeoutMs: TIMEOUT_MS }))).toHaveLength(1);
  });

  it("stops a loop after an await, and a hook that never settles", async () => {
    const sandbox = await deployed(
      hook(`if (messages[0].topic === "spin") { await null; while (true) {} }
      if (messages[0].topic === "hang") await new Promise(() => {});
      return messages;`),
    );
    expect(failure(await sandbox.run([message({ topic: "spin" })], { timeoutMs: 100 })).kind).toBe("timeout");
    expect(failure(await sandbox.run([message({ topic: "hang" })], { timeoutMs: 100 })).kind).toBe("timeout");
    expect(output(await sandbox.run([message()], { timeoutMs: TIMEOUT_MS }))).toHaveLength(1);
  });

  it("stops a hook that allocates forever, then works again", async () => {
    const sandbox = await deployed(
      hook(`if (messages[0].topic === "hog") { const hoard = []; while (true) hoard.push(new Array(100_000).fill(messages.length)); }
      return messages;`),
      { memoryLimitMb: 32 },
    );
    expect(failure(await sandbox.run([message({ topic: "hog" })], { timeoutMs: 5000 }))).toEqual({ kind: "out_of_memory", message: "hook exceeded the 32 MB memory limit" });
    expect(output(await sandbox.run([message()], { timeoutMs: TIMEOUT_MS }))).toHaveLength(1);
  });

  it("rebuilds from the current source: state kept in module scope starts over", async () => {
    const sandbox = await deployed(`let count = 0;\nexport default { onPublish(m) { count++; if (m[0].topic === "loop") while (true) {} return [{ topic: "count", payload: String(count) }]; } };`);
    expect(output(await sandbox.run([message()], { timeoutMs: TIMEOUT_MS }))[0].payload).toBe("1");
    expect(output(await sandbox.run([message()], { timeoutMs: TIMEOUT_MS }))[0].payload).toBe("2");
    expect(failure(await sandbox.run([message({ topic: "loop" })], { timeoutMs: 50 })).kind).toBe("timeout");
    expect(output(await sandbox.run([message()], { timeoutMs: TIMEOUT_MS }))[0].payload).toBe("1");
  });
});

describe("ScriptSandbox: isolation", () => {
  it.each([
    ["process", "typeof process"],
    ["require", "typeof require"],
    ["globalThis.process", "typeof globalThis.process"],
    ["setTimeout", "typeof setTimeout"],
    ["the binding dispatcher", `[typeof $host, typeof host, typeof call, typeof pending].every((t) => t === "undefined") ? "undefined" : "leaked"`],
  ])("%s is not defined", async (_name, expression) => {
    const sandbox = await deployed(hook(`return [{ topic: "probe", payload: ${expression} }];`));
    expect(output(await sandbox.run([message()], { timeoutMs: TIMEOUT_MS }))[0].payload).toBe("undefined");
  });

  it.each([
    ["constructor.constructor", `return [{ topic: "t", payload: String(this.constructor.constructor("return process")()) }];`, "ReferenceError: process is not defined"],
    ["a function's constructor", `return [{ topic: "t", payload: String((() => 0).constructor("return process.env")()) }];`, "ReferenceError: process is not defined"],
    ["an async function's constructor", `const F = (async () => 0).constructor; return [{ topic: "t", payload: String(await new F("return require('fs')")()) }];`, "ReferenceError: require is not defined"],
    ["a message's constructor", `return [{ topic: "t", payload: String(messages[0].constructor.constructor("return process")()) }];`, "ReferenceError: process is not defined"],
    ["dynamic import", `const fs = await import("fs"); return [{ topic: "t", payload: typeof fs.readFileSync }];`, expect.stringMatching(/^Error: /)],
  ])("reaching Node through %s fails inside the sandbox", async (_name, body, expected) => {
    const sandbox = await deployed(hook(body));
    expect(failure(await sandbox.run([message()], { timeoutMs: TIMEOUT_MS }))).toEqual({ kind: "exception", message: expected });
  });

  it("refuses static imports at deploy time", async () => {
    const sandbox = new ScriptSandbox();
    sandboxes.push(sandbox);
    const result = await sandbox.deploy(`import fs from "node:fs";\nexport default { onPublish(m) { return m; } };`);
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ message: expect.stringContaining('"node:fs" is not allowed') }) });
  });
});

describe("ScriptSandbox: the event loop", () => {
  it("keeps ticking while a hook is busy for 300 ms", async () => {
    const sandbox = await deployed(hook(`const end = Date.now() + 300; while (Date.now() < end) {} return messages;`));
    let ticks = 0;
    const interval = setInterval(() => ticks++, 20);
    try {
      expect(output(await sandbox.run([message()], { timeoutMs: 2000 }))).toHaveLength(1);
    } finally {
      clearInterval(interval);
    }
    expect(ticks).toBeGreaterThanOrEqual(5);
  });
});

// The hook scenarios' use of Sluice's control-plane API, from the load runner: deploy an
// on-publish hook before the load and remove it after, and check with the hook's own metrics that
// it ran on every message and failed none. The webhook scenario's receiver (an echo) lives here
// too. Anything unexpected throws: a scenario never reports a broker that ran without its hook.
import http from "node:http";
import type { AddressInfo } from "node:net";

/** Where the load runner reaches Sluice's API, with the admin token Sluice was started with. */
export interface SluiceApi {
  url: string;
  token: string;
}

/** The hook a scenario deploys: a script, or a webhook to the echo receiver; `transforms`: it changes every message (checked). */
export type BenchHook = { kind: "script"; source: string; transforms: boolean } | { kind: "webhook"; transforms: false };

/** The live version's counters (GET …/hook/metrics), from deploy to the end of the run. */
interface HookMetrics {
  invocations: number;
  messagesIn: number;
  messagesOut: number;
  dropped: number;
  modified: number;
  errors: number;
  timeouts: number;
  latencyMs: { p50: number | null; p99: number | null };
}

const HOOK_PATH = "/v1/namespaces/default/brokers/default/hook";

/** Deploys `hook`, runs `load`, removes the hook; returns the load's result and notes on what the hook did. */
export async function withHook<T>(api: SluiceApi | undefined, hook: BenchHook, load: () => Promise<T>): Promise<{ result: T; notes: string[] }> {
  if (!api) throw new Error("hook scenarios need Sluice's API (they run on Sluice only)");
  const receiver = hook.kind === "webhook" ? await startEchoReceiver() : undefined;
  try {
    // 1. Deploy; the API answers 201 once the version is live on the broker.
    const body = hook.kind === "script" ? { kind: "script", source: hook.source } : { kind: "webhook", url: receiver!.url };
    const deployed = await call(api, "PUT", HOOK_PATH, body);
    if (deployed.status !== 201) throw new Error(`hook deploy answered ${deployed.status}: ${JSON.stringify(deployed.body)}`);
    const version = (deployed.body as { version: number }).version;
    // 2. The load, then what the hook says it did (a failed load gets the hook's view added).
    const run = await load().then(
      async (result) => ({ result, metrics: await versionMetrics(api, version) }),
      async (error: Error) => ({ error: new Error(`${error.message}${await hookView(api, hook, version)}`) }),
    );
    // 3. Removed whatever happened, so the next scenario runs without it.
    const removed = await call(api, "DELETE", HOOK_PATH);
    if ("error" in run) throw run.error;
    if (removed.status !== 204) throw new Error(`hook removal answered ${removed.status}: ${JSON.stringify(removed.body)}`);
    const problems = problemsOf(hook, run.metrics);
    if (problems.length > 0) throw new Error(`the ${hook.kind} hook did not run as it should: ${problems.join("; ")}`);
    return { result: run.result, notes: [describe(run.metrics)] };
  } finally {
    await receiver?.close();
  }
}

async function versionMetrics(api: SluiceApi, version: number): Promise<HookMetrics> {
  const response = await call(api, "GET", `${HOOK_PATH}/metrics`);
  if (response.status !== 200) throw new Error(`hook metrics answered ${response.status}: ${JSON.stringify(response.body)}`);
  const metrics = (response.body as { versions: Array<HookMetrics & { version: number }> }).versions.find((v) => v.version === version);
  if (!metrics) throw new Error(`hook metrics have no version ${version}`);
  return metrics;
}

/** What is wrong with a run of the hook: it must see messages, fail and drop none, and change exactly those it should. */
function problemsOf(hook: BenchHook, m: HookMetrics): string[] {
  const problems: string[] = [];
  if (m.messagesIn === 0) problems.push("the hook saw no message");
  if (m.errors > 0) problems.push(`${m.errors} failed call(s), ${m.timeouts} of them timeouts`);
  if (m.dropped > 0 || m.messagesOut !== m.messagesIn) problems.push(`${m.messagesIn} messages in, ${m.messagesOut} out, ${m.dropped} dropped`);
  const expectedModified = hook.transforms ? m.messagesIn : 0;
  if (m.modified !== expectedModified) problems.push(`${m.modified} messages modified, expected ${expectedModified}`);
  return problems;
}

/** The hook's problems and its last error log line, to explain a failed load; best effort. */
async function hookView(api: SluiceApi, hook: BenchHook, version: number): Promise<string> {
  try {
    const problems = problemsOf(hook, await versionMetrics(api, version));
    const logs = (await call(api, "GET", `${HOOK_PATH}/logs?limit=100`)).body as { logs?: Array<{ level: string; message: string }> };
    const lastError = logs.logs?.findLast((l) => l.level === "error")?.message;
    return problems.length > 0 || lastError ? ` (hook: ${[...problems, ...(lastError ? [`last error: ${lastError}`] : [])].join("; ")})` : "";
  } catch (error) {
    return ` (hook metrics unavailable: ${(error as Error).message})`;
  }
}

function describe(m: HookMetrics): string {
  const ms = (value: number | null) => (value === null ? "—" : `${value.toFixed(2)} ms`);
  return `${m.invocations.toLocaleString("en-US")} hook calls of ${(m.messagesIn / m.invocations).toFixed(1)} messages on average, call p50 ${ms(m.latencyMs.p50)}, p99 ${ms(m.latencyMs.p99)}`;
}

async function call(api: SluiceApi, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${api.token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/**
 * The webhook receiver: answers every POST with its own body, which keeps every message unchanged
 * (the contract ignores the extra fields). It verifies nothing: the broker's signing is measured,
 * a receiver's checking is not.
 */
async function startEchoReceiver(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json" }).end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

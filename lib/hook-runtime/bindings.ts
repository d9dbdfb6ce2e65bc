// What a script hook's `env`, `fetch` and `ctx` reach on the host (DESIGN §5): KV in the store,
// analytics data points, publishing into the broker, a per-broker object directory, and fetch to
// the broker's allow-list. The sandbox (sandbox.ts) forwards each call here by name, with
// arguments copied out of the isolate: they are untrusted and checked before use.
import { Buffer, isUtf8 } from "node:buffer";
import type { HookLog } from "./sandbox.ts";
import type { ObjectStore } from "./object-store.ts";

/** KV as a binding sees it: one broker's keys. */
export interface KvNamespace {
  get(key: string): Promise<string | null>;
  put(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  list(options: { prefix?: string; limit?: number; cursor?: string }): Promise<{ keys: string[]; cursor?: string }>;
}

export interface PublishRequest {
  topic: string;
  payload: Buffer;
  qos: 0 | 1 | 2;
  retain: boolean;
  contentType?: string;
  userProperties?: Array<[string, string]>;
}

export interface HookBindingTargets {
  kv: KvNamespace;
  /** Returns an error message for a data point that does not fit the analytics table. */
  writeDataPoint(labels: string[], metrics: number[]): string | undefined;
  /** Returns an error message when the broker refuses the message (bad topic, too large). */
  publish(request: PublishRequest): string | undefined;
  objects: ObjectStore;
  /** Host names `fetch` may reach: exact, or `*.example.com` for its subdomains. */
  fetchAllowList(): Promise<readonly string[]>;
}

/** The binding functions by the name the sandbox's bootstrap calls them. */
export type HookBindings = Record<string, (...args: unknown[]) => unknown>;

/** Replies larger than this fail the fetch: a hook enriches messages, it does not download files. */
export const MAX_FETCH_RESPONSE_BYTES = 1024 * 1024;
export const FETCH_TIMEOUT_MS = 10_000;
const MAX_KV_LIST = 1000;

class BindingError extends Error {}

/** Dispatches one call from the isolate. Never rejects: errors go back to the hook as `{ok: false}`. */
export async function callBinding(bindings: HookBindings | undefined, name: string, args: unknown[]): Promise<{ ok: true; value: unknown } | { ok: false; error: string }> {
  const binding = bindings?.[name];
  if (!binding) return { ok: false, error: bindings ? `unknown binding ${name}` : `${name} is not available here` };
  try {
    return { ok: true, value: (await binding(...args)) ?? null };
  } catch (error) {
    return { ok: false, error: error instanceof BindingError ? error.message : `${name} failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The live bindings of a broker's hook: every call has its effect. */
export function liveBindings(targets: HookBindingTargets): HookBindings {
  return {
    "kv.get": (key) => targets.kv.get(text(key, "key")),
    "kv.put": (key, value) => targets.kv.put(text(key, "key"), text(value, "value")),
    "kv.delete": (key) => targets.kv.delete(text(key, "key")),
    "kv.list": async (options) => {
      const { prefix, limit, cursor } = (options ?? {}) as Record<string, unknown>;
      const page = await targets.kv.list({
        prefix: prefix === undefined ? undefined : text(prefix, "prefix"),
        limit: limit === undefined ? undefined : Math.min(MAX_KV_LIST, Math.max(1, Math.trunc(Number(limit)) || MAX_KV_LIST)),
        cursor: cursor === undefined ? undefined : text(cursor, "cursor"),
      });
      // The Cloudflare Workers KV shape, so Worker code ports over.
      return { keys: page.keys.map((name) => ({ name })), list_complete: page.cursor === undefined, ...(page.cursor !== undefined && { cursor: page.cursor }) };
    },
    "metrics.writeDataPoint": (point) => {
      const { labels = [], metrics = [] } = (point ?? {}) as Record<string, unknown>;
      if (!Array.isArray(labels) || !Array.isArray(metrics)) throw new BindingError("writeDataPoint takes { labels: string[], metrics: number[] }");
      const error = targets.writeDataPoint(labels.map(String), metrics.map(Number));
      if (error) throw new BindingError(`writeDataPoint: ${error}`);
    },
    publish: (topic, payload, options) => {
      const error = targets.publish(publishRequest(topic, payload, options));
      if (error) throw new BindingError(`publish to ${String(topic)}: ${error}`);
    },
    "objects.put": (key, value) => targets.objects.put(text(key, "key"), bytes(value, "value")),
    "objects.get": async (key) => {
      const body = await targets.objects.get(text(key, "key"));
      if (!body) return null;
      // The isolate has no TextDecoder: text comes decoded when the object is UTF-8.
      return { key, size: body.length, bytes: new Uint8Array(body), text: isUtf8(body) ? body.toString("utf8") : null };
    },
    "objects.list": async (options) => {
      const { prefix } = (options ?? {}) as Record<string, unknown>;
      return { objects: await targets.objects.list(prefix === undefined ? "" : text(prefix, "prefix")) };
    },
    fetch: async (url, init) => hookFetch(text(url, "url"), (init ?? {}) as Record<string, unknown>, await targets.fetchAllowList()),
  };
}

/**
 * The bindings of a test run (`POST …/hook/test`): reads are real, side effects are not. KV and
 * object writes land in an overlay the same run reads back; publishes, data points and fetches
 * are noted in the run's logs instead of happening.
 */
export function dryRunBindings(live: HookBindings, notes: HookLog[]): HookBindings {
  const kv = new Map<string, string | null>();
  const objects = new Map<string, Uint8Array>();
  const note = (message: string) => notes.push({ level: "log", message: `(test run) ${message}` });
  return {
    ...live,
    "kv.get": async (key) => (kv.has(text(key, "key")) ? kv.get(key as string) : live["kv.get"]!(key)),
    "kv.put": (key, value) => void kv.set(text(key, "key"), text(value, "value")),
    "kv.delete": (key) => void kv.set(text(key, "key"), null),
    "metrics.writeDataPoint": (point) => note(`data point not written: ${JSON.stringify(point)}`),
    publish: (topic, payload, options) => {
      const request = publishRequest(topic, payload, options);
      note(`not published: ${request.topic} (${request.payload.length} bytes, QoS ${request.qos}${request.retain ? ", retained" : ""})`);
    },
    "objects.put": (key, value) => void objects.set(text(key, "key"), new Uint8Array(bytes(value, "value"))),
    "objects.get": async (key) => {
      const body = objects.get(text(key, "key"));
      if (!body) return live["objects.get"]!(key);
      const buffer = Buffer.from(body);
      return { key, size: body.length, bytes: body, text: isUtf8(buffer) ? buffer.toString("utf8") : null };
    },
    fetch: (url) => {
      throw new BindingError(`fetch is off in test runs (${String(url)})`);
    },
  };
}

function text(value: unknown, what: string): string {
  if (typeof value !== "string") throw new BindingError(`${what} must be a string`);
  return value;
}

function bytes(value: unknown, what: string): Buffer {
  if (typeof value === "string") return Buffer.from(value, "utf8");
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  throw new BindingError(`${what} must be a string, a Uint8Array or an ArrayBuffer`);
}

function publishRequest(topic: unknown, payload: unknown, options: unknown): PublishRequest {
  const o = (options ?? {}) as Record<string, unknown>;
  const qos = o.qos ?? 0;
  if (qos !== 0 && qos !== 1 && qos !== 2) throw new BindingError("publish: qos must be 0, 1 or 2");
  if (o.contentType !== undefined && typeof o.contentType !== "string") throw new BindingError("publish: contentType must be a string");
  const userProperties = o.userProperties;
  if (userProperties !== undefined && !(Array.isArray(userProperties) && userProperties.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === "string" && typeof p[1] === "string"))) {
    throw new BindingError("publish: userProperties must be [key, value] string pairs");
  }
  return {
    topic: text(topic, "publish: topic"),
    payload: bytes(payload, "publish: payload"),
    qos,
    retain: o.retain === true,
    contentType: o.contentType as string | undefined,
    userProperties: userProperties as Array<[string, string]> | undefined,
  };
}

/** `fetch` for hooks: http(s) to allowed hosts only, no redirects followed, bounded in time and size. */
async function hookFetch(url: string, init: Record<string, unknown>, allowList: readonly string[]) {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new BindingError(`fetch: not a URL: ${url}`);
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") throw new BindingError(`fetch: only http and https URLs are allowed, not ${target.protocol}`);
  if (!hostAllowed(target.hostname, allowList)) throw new BindingError(`fetch: ${target.hostname} is not in this broker's fetch allow-list`);
  const headers = new Headers();
  if (init.headers !== undefined) {
    const entries = Array.isArray(init.headers) ? init.headers : Object.entries(init.headers as object);
    for (const pair of entries) {
      if (!Array.isArray(pair) || pair.length !== 2) throw new BindingError("fetch: headers must be an object or [name, value] pairs");
      headers.append(String(pair[0]), String(pair[1]));
    }
  }
  const response = await fetch(target, {
    method: init.method === undefined ? "GET" : text(init.method, "fetch: method"),
    headers,
    body: init.body === undefined || init.body === null ? undefined : new Uint8Array(bytes(init.body, "fetch: body")),
    redirect: "manual",
    signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
  });
  const declared = Number(response.headers.get("content-length"));
  if (declared > MAX_FETCH_RESPONSE_BYTES) {
    await response.body?.cancel();
    throw new BindingError(`fetch: reply of ${declared} bytes exceeds the ${MAX_FETCH_RESPONSE_BYTES}-byte limit`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  for (let read = await reader?.read(); reader && read && !read.done; read = await reader.read()) {
    const chunk = read.value;
    size += chunk.length;
    if (size > MAX_FETCH_RESPONSE_BYTES) {
      await reader.cancel();
      throw new BindingError(`fetch: reply exceeds the ${MAX_FETCH_RESPONSE_BYTES}-byte limit`);
    }
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks);
  return {
    status: response.status,
    statusText: response.statusText,
    url: response.url,
    headers: [...response.headers.entries()],
    bytes: new Uint8Array(body),
    text: body.toString("utf8"),
  };
}

export function hostAllowed(hostname: string, allowList: readonly string[]): boolean {
  const host = hostname.toLowerCase();
  return allowList.some((entry) => (entry.startsWith("*.") ? host.endsWith(entry.slice(1)) && host.length > entry.length - 1 : host === entry));
}

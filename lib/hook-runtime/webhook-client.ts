// Runs a webhook hook: POSTs a batch as the signed JSON array of the Cloudflare Pub/Sub contract
// (README.md here) and turns the reply into hook output, or into one failure kind that the
// caller counts, logs and answers with the hook's failure policy. Never throws for a bad receiver.
import { Buffer } from "node:buffer";
import type { BrokerKeySet } from "../auth/broker-keys.ts";
import { checkHookOutput, type HookMessage, type HookOutputMessage } from "./message.ts";
import { signRequest } from "./webhook-signature.ts";

/** Replies larger than this are refused: a hook's output is a batch of MQTT messages, not a download. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

export type WebhookFailureKind = "timeout" | "http_error" | "bad_response" | "network";

export type WebhookResult = { ok: true; output: HookOutputMessage[] } | { ok: false; kind: WebhookFailureKind; message: string };

export interface WebhookCallOptions {
  keySet: BrokerKeySet;
  /** `ns/broker`, sent in every message as `broker`. */
  broker: string;
  /** Covers the whole exchange: connect, request, response headers and body. */
  timeoutMs: number;
  fetch?: typeof globalThis.fetch;
}

/** A message as it travels in a request or response body. */
interface WireMessage extends Omit<HookMessage, "payload"> {
  broker: string;
  payload: string;
  /** Present, and "base64", exactly when the payload is binary. */
  payloadEncoding?: "base64";
}

class Failure extends Error {
  constructor(
    readonly kind: WebhookFailureKind,
    message: string,
  ) {
    super(message);
  }
}

/** May await I/O; not for the connection's ordered packet path (the batcher calls it). */
export async function callWebhook(url: string, messages: HookMessage[], options: WebhookCallOptions): Promise<WebhookResult> {
  const { keySet, broker, timeoutMs, fetch = globalThis.fetch } = options;
  const body = JSON.stringify(messages.map((message) => toWire(message, broker)));
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    // 1. Sign the exact bytes we send.
    const headers = { "content-type": "application/json", ...(await signRequest(keySet, body)) };
    // 2. POST; a redirect is an answer, not something to follow with a signed body.
    const response = await fetch(url, { method: "POST", headers, body, signal: controller.signal, redirect: "manual" });
    // 3. Read at most MAX_RESPONSE_BYTES, still under the timeout.
    const text = await readLimited(response);
    if (response.status < 200 || response.status > 299) throw new Failure("http_error", `receiver answered HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ""}`);
    // 4. Parse and validate: every element must be a message.
    return { ok: true, output: parseReply(text) };
  } catch (error) {
    if (error instanceof Failure) return { ok: false, kind: error.kind, message: error.message };
    if (timedOut) return { ok: false, kind: "timeout", message: `no complete reply within ${timeoutMs} ms` };
    return { ok: false, kind: "network", message: networkMessage(error) };
  } finally {
    clearTimeout(timer);
  }
}

function toWire(message: HookMessage, broker: string): WireMessage {
  const { payload, ...rest } = message;
  return typeof payload === "string" ? { ...rest, broker, payload } : { ...rest, broker, payload: Buffer.from(payload).toString("base64"), payloadEncoding: "base64" };
}

async function readLimited(response: Response): Promise<string> {
  const declared = Number(response.headers.get("content-length"));
  if (declared > MAX_RESPONSE_BYTES) {
    await response.body?.cancel();
    throw new Failure("bad_response", `reply of ${declared} bytes exceeds the ${MAX_RESPONSE_BYTES}-byte limit`);
  }
  if (!response.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > MAX_RESPONSE_BYTES) {
      await reader.cancel();
      throw new Failure("bad_response", `reply exceeds the ${MAX_RESPONSE_BYTES}-byte limit`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parseReply(text: string): HookOutputMessage[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Failure("bad_response", `reply is not JSON: ${JSON.stringify(text.slice(0, 100))}`);
  }
  const checked = checkHookOutput(Array.isArray(value) ? value.map(fromWire) : value);
  if (!checked.ok) throw new Failure("bad_response", checked.message);
  return checked.messages as HookOutputMessage[]; // without `unchanged`, only messages
}

/** Turns a base64-marked payload back into bytes; anything else is left for `checkHookOutput`. */
function fromWire(item: unknown, index: number): unknown {
  if (typeof item !== "object" || item === null || !("payloadEncoding" in item) || item.payloadEncoding === undefined) return item;
  const { payloadEncoding, payload } = item as { payloadEncoding: unknown; payload: unknown };
  if (payloadEncoding !== "base64") throw new Failure("bad_response", `message ${index}: payloadEncoding must be "base64" when present`);
  if (typeof payload !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(payload) || payload.length % 4 !== 0) {
    throw new Failure("bad_response", `message ${index}: payload is not base64`);
  }
  return { ...item, payload: new Uint8Array(Buffer.from(payload, "base64")) };
}

function networkMessage(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  const detail = cause?.code ?? cause?.message;
  const message = error instanceof Error ? error.message : String(error);
  return detail ? `${message} (${detail})` : message;
}

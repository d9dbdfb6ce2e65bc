// The message a hook sees and returns (issue 4), shared by both hook kinds: the script sandbox
// hands these objects to `onPublish`, the webhook client sends them as JSON (webhook-client.ts).
// `checkHookOutput` is the one shape rule for what a hook returns, whichever kind it is;
// `toHookMessage` / `fromHookOutput` convert from and to the broker's messages.
import { Buffer, isUtf8 } from "node:buffer";
import type { Message } from "../broker/message.ts";

export interface HookMessage {
  /** Identifies an accepted publish within its batch. */
  mid: number;
  /** The broker's namespace and name (scripts; webhooks get `broker` as `namespace/name`). */
  namespace?: string;
  broker?: string;
  topic: string;
  /** A string for UTF-8 text, bytes otherwise. */
  payload: string | Uint8Array;
  clientId: string;
  /** Milliseconds since the epoch. */
  receivedAt: number;
  qos: 0 | 1 | 2;
  retain: boolean;
  contentType?: string;
  /** MQTT 5 Payload Format Indicator: 1 when the publisher declared the payload UTF-8. */
  payloadFormatIndicator?: 0 | 1;
  /** Ordered pairs; a key may repeat [MQTT-3.3.2-17]. */
  userProperties?: Array<[string, string]>;
}

/**
 * What a hook returns per message: with the `mid` of an input message it replaces that message;
 * without `mid` it is a new publish. Fields other than these are ignored.
 */
export interface HookOutputMessage {
  mid?: number;
  topic: string;
  payload: string | Uint8Array;
  qos?: 0 | 1 | 2;
  retain?: boolean;
  contentType?: string;
  payloadFormatIndicator?: 0 | 1;
  userProperties?: Array<[string, string]>;
}

/**
 * The validated output, or a message naming the first offending element and field. With
 * `unchanged`, element j stands for input `unchanged[j]` returned as it came when that is ≥ 0
 * (the script sandbox's shortcut, see sandbox.ts): it comes back as that index.
 */
export function checkHookOutput(value: unknown, unchanged?: ArrayLike<number>): { ok: true; messages: Array<HookOutputMessage | number> } | { ok: false; message: string } {
  if (!Array.isArray(value)) return { ok: false, message: `hook must return an array of messages, got ${describe(value)}` };
  const messages: Array<HookOutputMessage | number> = [];
  for (const [index, item] of value.entries()) {
    const input = unchanged?.[index] ?? -1;
    if (input >= 0) {
      messages.push(input);
      continue;
    }
    const error = outputMessageError(item);
    if (error) return { ok: false, message: `message ${index}: ${error}` };
    messages.push(normalizedOutput(item as HookOutputMessage));
  }
  return { ok: true, messages };
}

/** The fields of an output message that matter, and nothing else. */
export function normalizedOutput(m: HookOutputMessage): HookOutputMessage {
  const out: HookOutputMessage = { topic: m.topic, payload: m.payload };
  if (m.mid !== undefined) out.mid = m.mid;
  if (m.qos !== undefined) out.qos = m.qos;
  if (m.retain !== undefined) out.retain = m.retain;
  if (m.contentType !== undefined) out.contentType = m.contentType;
  if (m.payloadFormatIndicator !== undefined) out.payloadFormatIndicator = m.payloadFormatIndicator;
  if (m.userProperties !== undefined) out.userProperties = m.userProperties.map(([k, v]) => [k, v] as [string, string]);
  return out;
}

/**
 * A batch as the script sandbox receives it: one array per field rather than one object per
 * message, which copies into the isolate about twice as fast; the isolate builds the objects.
 */
export interface HookBatch {
  namespace?: string;
  broker?: string;
  mids: number[];
  topics: string[];
  payloads: Array<string | Uint8Array>;
  clientIds: string[];
  receivedAt: number[];
  qos: Array<0 | 1 | 2>;
  retain: boolean[];
  contentTypes: Array<string | undefined>;
  payloadFormats: Array<0 | 1 | undefined>;
  userProperties: Array<Array<[string, string]> | undefined>;
}

export function emptyBatch(where?: { namespace: string; name: string }): HookBatch {
  return { ...(where && { namespace: where.namespace, broker: where.name }), mids: [], topics: [], payloads: [], clientIds: [], receivedAt: [], qos: [], retain: [], contentTypes: [], payloadFormats: [], userProperties: [] };
}

/** Appends one hook message to a batch. */
export function addToBatch(batch: HookBatch, m: HookMessage): void {
  batch.mids.push(m.mid);
  batch.topics.push(m.topic);
  batch.payloads.push(m.payload);
  batch.clientIds.push(m.clientId);
  batch.receivedAt.push(m.receivedAt);
  batch.qos.push(m.qos);
  batch.retain.push(m.retain);
  batch.contentTypes.push(m.contentType);
  batch.payloadFormats.push(m.payloadFormatIndicator);
  batch.userProperties.push(m.userProperties);
}

/** Appends a broker message to a batch, as `toHookMessage` would show it, without the object. */
export function addMessageToBatch(batch: HookBatch, message: Message, mid: number): void {
  const p = message.properties;
  batch.mids.push(mid);
  batch.topics.push(message.topic);
  batch.payloads.push(payloadForHook(message.payload));
  batch.clientIds.push(message.publisherId);
  batch.receivedAt.push(message.receivedAt);
  batch.qos.push(message.qos);
  batch.retain.push(message.retain);
  batch.contentTypes.push(p.contentType);
  batch.payloadFormats.push(p.payloadFormatIndicator === undefined ? undefined : p.payloadFormatIndicator ? 1 : 0);
  batch.userProperties.push(p.userProperties);
}

/** Text payloads as strings, anything else as bytes. */
function payloadForHook(payload: Buffer): string | Uint8Array {
  return isUtf8(payload) ? payload.toString("utf8") : new Uint8Array(payload);
}

function outputMessageError(item: unknown): string | undefined {
  if (typeof item !== "object" || item === null || Array.isArray(item)) return `expected an object, got ${describe(item)}`;
  const m = item as Record<string, unknown>;
  if (typeof m.topic !== "string" || m.topic === "") return "topic must be a non-empty string";
  if (typeof m.payload !== "string" && !(m.payload instanceof Uint8Array)) return "payload must be a string or a Uint8Array";
  if (m.mid !== undefined && !Number.isInteger(m.mid)) return "mid must be an integer when present";
  if (m.qos !== undefined && m.qos !== 0 && m.qos !== 1 && m.qos !== 2) return "qos must be 0, 1 or 2";
  if (m.retain !== undefined && typeof m.retain !== "boolean") return "retain must be a boolean";
  if (m.contentType !== undefined && typeof m.contentType !== "string") return "contentType must be a string";
  if (m.payloadFormatIndicator !== undefined && m.payloadFormatIndicator !== 0 && m.payloadFormatIndicator !== 1) return "payloadFormatIndicator must be 0 or 1";
  if (m.userProperties !== undefined && !isStringPairs(m.userProperties)) return "userProperties must be an array of [key, value] string pairs";
  return undefined;
}

function isStringPairs(value: unknown): value is Array<[string, string]> {
  return Array.isArray(value) && value.every((pair) => Array.isArray(pair) && pair.length === 2 && typeof pair[0] === "string" && typeof pair[1] === "string");
}

function describe(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
}

/** The broker's message as a hook sees it: text payloads as strings, anything else as bytes. */
export function toHookMessage(message: Message, mid: number): HookMessage {
  const p = message.properties;
  return {
    mid,
    topic: message.topic,
    payload: payloadForHook(message.payload),
    clientId: message.publisherId,
    receivedAt: message.receivedAt,
    qos: message.qos,
    retain: message.retain,
    ...(p.contentType !== undefined && { contentType: p.contentType }),
    ...(p.payloadFormatIndicator !== undefined && { payloadFormatIndicator: p.payloadFormatIndicator ? 1 : 0 }),
    ...(p.userProperties !== undefined && { userProperties: p.userProperties }),
  };
}

/**
 * What a hook returned, as a broker message: the fields the hook controls come from `output`;
 * the rest (expiry, response topic, correlation data, publisher) from the message it derives
 * from, if any.
 */
export function fromHookOutput(output: HookOutputMessage, original: Message | undefined, now: number): Message {
  const payload = typeof output.payload === "string" ? Buffer.from(output.payload, "utf8") : Buffer.from(output.payload.buffer, output.payload.byteOffset, output.payload.byteLength);
  return {
    topic: output.topic,
    payload,
    qos: output.qos ?? original?.qos ?? 0,
    retain: output.retain ?? original?.retain ?? false,
    properties: {
      payloadFormatIndicator: output.payloadFormatIndicator === undefined ? undefined : output.payloadFormatIndicator === 1,
      contentType: output.contentType,
      userProperties: output.userProperties,
      responseTopic: original?.properties.responseTopic,
      correlationData: original?.properties.correlationData,
    },
    expiresAt: original?.expiresAt,
    publisherId: original?.publisherId ?? "",
    receivedAt: original?.receivedAt ?? now,
  };
}

/** Whether the hook changed anything a subscriber would see. */
export function isModified(output: Message, original: Message): boolean {
  const a = output.properties;
  const b = original.properties;
  return (
    output.topic !== original.topic ||
    output.qos !== original.qos ||
    output.retain !== original.retain ||
    !output.payload.equals(original.payload) ||
    a.contentType !== b.contentType ||
    Boolean(a.payloadFormatIndicator) !== Boolean(b.payloadFormatIndicator) ||
    JSON.stringify(a.userProperties ?? []) !== JSON.stringify(b.userProperties ?? [])
  );
}

/**
 * What a call did to each input message, by the rule the broker counts with: dropped when no
 * output carries its `mid`, modified when one that does differs in what a subscriber would see.
 * Output without a `mid` is a new publish, which needs no entry here.
 */
export function decisionsFor(input: readonly HookMessage[], output: readonly HookOutputMessage[]): Array<{ mid: number; decision: "passed" | "modified" | "dropped" }> {
  const now = Date.now();
  return input.map(({ mid, ...fields }) => {
    const kept = output.filter((m) => m.mid === mid);
    if (kept.length === 0) return { mid, decision: "dropped" };
    const original = fromHookOutput(fields, undefined, now);
    return { mid, decision: kept.some((m) => isModified(fromHookOutput(m, original, now), original)) ? "modified" : "passed" };
  });
}

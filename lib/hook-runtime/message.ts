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

/** The validated output, or a message naming the first offending element and field. */
export function checkHookOutput(value: unknown): { ok: true; messages: HookOutputMessage[] } | { ok: false; message: string } {
  if (!Array.isArray(value)) return { ok: false, message: `hook must return an array of messages, got ${describe(value)}` };
  const messages: HookOutputMessage[] = [];
  for (const [index, item] of value.entries()) {
    const error = outputMessageError(item);
    if (error) return { ok: false, message: `message ${index}: ${error}` };
    const m = item as HookOutputMessage;
    messages.push({
      ...(m.mid !== undefined && { mid: m.mid }),
      topic: m.topic,
      payload: m.payload,
      ...(m.qos !== undefined && { qos: m.qos }),
      ...(m.retain !== undefined && { retain: m.retain }),
      ...(m.contentType !== undefined && { contentType: m.contentType }),
      ...(m.payloadFormatIndicator !== undefined && { payloadFormatIndicator: m.payloadFormatIndicator }),
      ...(m.userProperties !== undefined && { userProperties: m.userProperties.map(([k, v]) => [k, v] as [string, string]) }),
    });
  }
  return { ok: true, messages };
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
export function toHookMessage(message: Message, mid: number, broker?: { namespace: string; name: string }): HookMessage {
  const p = message.properties;
  return {
    mid,
    ...(broker && { namespace: broker.namespace, broker: broker.name }),
    topic: message.topic,
    payload: isUtf8(message.payload) ? message.payload.toString("utf8") : new Uint8Array(message.payload),
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

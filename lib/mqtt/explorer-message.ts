// A message as the explorer keeps it: the bytes, what MQTT 5 said about them (properties, QoS,
// retain), when it arrived, and which of the page's subscriptions it came through. Built from an
// MQTT.js PUBLISH (live) or from the API's recent-messages ring (history).
import type { IPublishPacket } from "mqtt";
import { parseSharedFilter, topicMatches } from "../broker/protocol/topic.ts";

export type QoS = 0 | 1 | 2;

/** MQTT 5 PUBLISH properties [MQTT-3.3.2.3], user properties as ordered pairs. */
export interface ExplorerProperties {
  payloadFormatIndicator?: boolean;
  contentType?: string;
  responseTopic?: string;
  correlationData?: Uint8Array;
  messageExpiryInterval?: number;
  userProperties?: Array<[string, string]>;
  subscriptionIdentifiers?: number[];
}

export interface ExplorerMessage {
  /** Arrival order on this page, from 1; the store and its views go by it. */
  seq: number;
  topic: string;
  /** The bytes kept: all of them unless `truncated`. */
  payload: Uint8Array;
  /** The whole payload's size in bytes, kept or not. */
  size: number;
  /** Only the first bytes are kept; `truncatedBy` says who cut them. */
  truncated: boolean;
  truncatedBy?: "server" | "explorer";
  receivedAt: number;
  qos: QoS;
  retain: boolean;
  properties: ExplorerProperties;
  /** Where it came from: a live subscription or the broker's recent-messages history. */
  source: "live" | "history";
  /** The API's id of a history message (to leave out duplicates); the publisher's client ID when known. */
  id?: string;
  clientId?: string;
}

export type NewMessage = Omit<ExplorerMessage, "seq">;

/** A received PUBLISH as the explorer keeps it. */
export function fromPacket(packet: IPublishPacket, receivedAt: number): NewMessage {
  const payload = typeof packet.payload === "string" ? new TextEncoder().encode(packet.payload) : ownBytes(packet.payload);
  return { topic: packet.topic, payload, size: payload.length, truncated: false, receivedAt, qos: packet.qos, retain: packet.retain, properties: fromPacketProperties(packet.properties), source: "live" };
}

/**
 * The payload in memory of its own: a received payload may be a view into the whole WebSocket
 * frame it came in, which the buffer's byte budget would not see.
 */
function ownBytes(payload: Uint8Array): Uint8Array {
  return payload.byteOffset === 0 && payload.byteLength === payload.buffer.byteLength ? payload : new Uint8Array(payload);
}

function fromPacketProperties(properties: IPublishPacket["properties"]): ExplorerProperties {
  if (!properties) return {};
  const out: ExplorerProperties = {};
  if (properties.payloadFormatIndicator !== undefined) out.payloadFormatIndicator = properties.payloadFormatIndicator;
  if (properties.contentType !== undefined) out.contentType = properties.contentType;
  if (properties.responseTopic !== undefined) out.responseTopic = properties.responseTopic;
  if (properties.correlationData !== undefined) out.correlationData = new Uint8Array(properties.correlationData);
  if (properties.messageExpiryInterval !== undefined) out.messageExpiryInterval = properties.messageExpiryInterval;
  if (properties.userProperties) out.userProperties = userPropertyPairs(properties.userProperties);
  const ids = properties.subscriptionIdentifier;
  if (ids !== undefined) out.subscriptionIdentifiers = Array.isArray(ids) ? ids : [ids];
  return out;
}

/** MQTT.js gives user properties as an object, a repeated key as an array: back to pairs, in order. */
export function userPropertyPairs(properties: Record<string, string | string[]>): Array<[string, string]> {
  return Object.entries(properties).flatMap(([key, value]) => (Array.isArray(value) ? value : [value]).map((v): [string, string] => [key, String(v)]));
}

/** Pairs as MQTT.js sends them (a repeated key as an array). */
export function userPropertyObject(pairs: Array<[string, string]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of pairs) {
    const had = out[key];
    out[key] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
  }
  return out;
}

/** Whether a subscription with `filter` gets messages on `topic`: `$share/<group>/f` as `f` does [MQTT-4.8.2]. */
export function subscriptionMatches(filter: string, topic: string): boolean {
  return topicMatches(parseSharedFilter(filter)?.filter ?? filter, topic);
}

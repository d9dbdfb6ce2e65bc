// What the explorer opens with before its own subscriptions deliver anything: the broker's recent
// messages on each subscribed filter (GET …/messages, its recent-messages ring), and for quiet
// topics the last message the broker's topic index holds (GET …/topics). Merged, oldest first,
// as messages of the store (source "history").
import type { IndexedTopic, RecentMessage, WireProperties } from "./explorer-api.ts";
import { subscriptionMatches, type ExplorerProperties, type NewMessage, type QoS } from "./explorer-message.ts";
import { fromBase64, toUtf8 } from "./payload.ts";

export function fromRecentMessage(message: RecentMessage): NewMessage {
  return {
    ...wirePayload(message),
    topic: message.topic,
    receivedAt: Date.parse(message.receivedAt),
    qos: message.qos as QoS,
    retain: message.retain,
    properties: fromWireProperties(message.properties),
    source: "history",
    id: String(message.id),
    clientId: message.clientId,
  };
}

/**
 * The topic's last message as the index holds it. Retained topics are left out: subscribing
 * delivers their retained message whole anyway.
 */
export function fromIndexedTopic(topic: IndexedTopic): NewMessage {
  const last = topic.lastMessage;
  return { ...wirePayload(last), topic: topic.topic, receivedAt: Date.parse(topic.lastSeenAt), qos: last.qos as QoS, retain: last.retain, properties: fromWireProperties(last.properties), source: "history" };
}

/**
 * The history to open with: every recent message of the subscribed filters once, then the last
 * message of each quiet topic (subscribed, not retained, absent from the recent messages), all
 * oldest first.
 */
export function openingHistory(recent: readonly RecentMessage[], topics: readonly IndexedTopic[], filters: readonly string[]): NewMessage[] {
  const byId = new Map(recent.map((m) => [m.id, m]));
  const seen = new Set(recent.map((m) => m.topic));
  const quiet = topics.filter((t) => !t.retained && !seen.has(t.topic) && filters.some((f) => subscriptionMatches(f, t.topic)));
  return [...[...byId.values()].sort((a, b) => a.id - b.id).map(fromRecentMessage), ...quiet.map(fromIndexedTopic)].sort((a, b) => a.receivedAt - b.receivedAt);
}

function wirePayload(message: { payload: string; encoding: "utf8" | "base64"; size: number; truncated: boolean }) {
  const payload = message.encoding === "base64" ? fromBase64(message.payload) : toUtf8(message.payload);
  return { payload, size: message.size, truncated: message.truncated, ...(message.truncated && { truncatedBy: "server" as const }) };
}

function fromWireProperties(properties: WireProperties): ExplorerProperties {
  const out: ExplorerProperties = {};
  if (properties.payloadFormatIndicator !== undefined) out.payloadFormatIndicator = properties.payloadFormatIndicator === 1;
  if (properties.contentType !== undefined) out.contentType = properties.contentType;
  if (properties.responseTopic !== undefined) out.responseTopic = properties.responseTopic;
  if (properties.correlationData !== undefined) out.correlationData = fromBase64(properties.correlationData);
  if (properties.messageExpiryInterval !== undefined) out.messageExpiryInterval = properties.messageExpiryInterval;
  if (properties.userProperties?.length) out.userProperties = properties.userProperties;
  return out;
}

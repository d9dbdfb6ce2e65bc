// Per-broker limits. Each one bounds a buffer or a rate, and exceeding it has a reason code
// (DESIGN §3) or a counted drop reason. The control plane stores overrides per broker.

export interface BrokerLimits {
  /** Connections at once (CONNACK 0x97 Quota exceeded beyond it). */
  maxConnections: number;
  /** Largest packet accepted and announced in CONNACK (0x95 Packet too large). */
  maxPacketSize: number;
  /** Topic name/filter length in UTF-8 bytes and number of levels (0x90 / 0x8F). */
  maxTopicLength: number;
  maxTopicLevels: number;
  /** Client identifier length (0x85 Client identifier not valid). */
  maxClientIdLength: number;
  /** Packets a client may send per second, in one-second windows (0x96); PUBACK/PUBREC/PUBCOMP, which answer our deliveries, are not counted. */
  maxPacketsPerSecond: number;
  /** Messages queued for one session while offline or beyond its in-flight window; overflow is a "queue full" drop. */
  maxQueuedMessages: number;
  /** Bytes a connection's socket may hold unsent before QoS 0 deliveries to it are dropped ("slow subscriber"). */
  maxSocketBufferBytes: number;
  /** Retained messages held by the broker (new topics beyond it are refused with 0x97). */
  maxRetainedMessages: number;
  /** Outgoing QoS 1/2 messages in flight per client when the client sets no Receive Maximum. */
  maxInflightMessages: number;
  /** Receive Maximum announced to clients: their QoS 1/2 PUBLISHes awaiting our ack (0x93 beyond it). */
  receiveMaximum: number;
  /** Topic Alias Maximum announced to clients (0x94 beyond it). */
  topicAliasMaximum: number;
  /** Longest keep alive accepted; a longer or zero request is answered with Server Keep Alive. */
  maxKeepAliveSeconds: number;
  /** Longest session expiry accepted; MQTT 3.1.1 persistent sessions use it too. */
  maxSessionExpirySeconds: number;
  /** Time from TCP accept to a complete CONNECT. */
  connectTimeoutMs: number;
  /** Subscriptions one session may hold (SUBACK 0x97 beyond it). */
  maxSubscriptionsPerClient: number;
  /** Publishes waiting for or inside the on-publish hook; beyond it new ones are refused (0x97, "hook backlog"). */
  maxHookBacklog: number;
  /** Topics the explorer's topic index keeps (topic-index.ts); beyond it the least recently seen are forgotten. */
  maxIndexedTopics: number;
  /** Messages the explorer's recent-messages ring keeps (recent-messages.ts), and their payload bytes; the oldest go first. */
  recentMessages: number;
  recentMessageBytes: number;
}

export const defaultLimits: Readonly<BrokerLimits> = Object.freeze({
  maxConnections: 100_000,
  maxPacketSize: 1024 * 1024,
  maxTopicLength: 1024,
  maxTopicLevels: 32,
  maxClientIdLength: 256,
  maxPacketsPerSecond: 10_000,
  maxQueuedMessages: 1000,
  maxSocketBufferBytes: 8 * 1024 * 1024,
  maxRetainedMessages: 100_000,
  maxInflightMessages: 256,
  receiveMaximum: 1024,
  topicAliasMaximum: 64,
  maxKeepAliveSeconds: 3600,
  maxSessionExpirySeconds: 7 * 24 * 3600,
  connectTimeoutMs: 10_000,
  maxSubscriptionsPerClient: 1000,
  maxHookBacklog: 10_000,
  maxIndexedTopics: 10_000,
  recentMessages: 1000,
  recentMessageBytes: 8 * 1024 * 1024,
});

/** Applies stored overrides, ignoring unknown keys and non-positive numbers. */
export function resolveLimits(overrides: Record<string, unknown> | undefined): BrokerLimits {
  const limits: BrokerLimits = { ...defaultLimits };
  for (const key of Object.keys(defaultLimits) as Array<keyof BrokerLimits>) {
    const value = overrides?.[key];
    if (typeof value === "number" && Number.isFinite(value) && value > 0) limits[key] = value;
  }
  return limits;
}

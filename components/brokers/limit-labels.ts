// How the broker settings form names each limit (lib/broker/limits.ts documents what each bounds).
// A Record over the limits' keys: a new limit does not compile until it has a label here.
import type { BrokerLimits } from "@/lib/broker/limits.ts";

export const limitLabels: Record<keyof BrokerLimits, string> = {
  maxConnections: "Connections at once",
  maxPacketSize: "Packet size (bytes)",
  maxTopicLength: "Topic length (bytes)",
  maxTopicLevels: "Topic levels",
  maxClientIdLength: "Client ID length",
  maxPacketsPerSecond: "Packets per second per client",
  maxQueuedMessages: "Queued messages per offline session",
  maxSocketBufferBytes: "Unsent bytes per connection",
  maxRetainedMessages: "Retained messages",
  maxInflightMessages: "QoS 1/2 messages in flight per client",
  receiveMaximum: "Receive maximum",
  topicAliasMaximum: "Topic alias maximum",
  maxKeepAliveSeconds: "Keep alive (s)",
  maxSessionExpirySeconds: "Session expiry (s)",
  connectTimeoutMs: "Connect timeout (ms)",
  maxSubscriptionsPerClient: "Subscriptions per client",
  maxHookBacklog: "Publishes waiting for the hook",
  maxIndexedTopics: "Topics in the explorer's index",
  recentMessages: "Recent messages kept for the explorer",
  recentMessageBytes: "Recent messages' payload (bytes)",
};

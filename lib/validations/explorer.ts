// The topic explorer's API (issue 6): its MQTT session, the broker's topic index and recent
// messages, hook tap records and deleting a retained message (API and console share these).
import { z } from "@hono/zod-openapi";
import { MAX_TAP_ID_LENGTH } from "../broker/hook-tap.ts";
import { dropReasons } from "../broker/stats.ts";

const flag = z
  .enum(["0", "1", "true", "false"])
  .optional()
  .transform((v) => v === "1" || v === "true");

export const explorerSession = z
  .object({
    clientId: z.string().openapi({ description: "console-<user>-<random>: the only client ID the credential connects as" }),
    username: z.string().openapi({ description: "Any user name will do; MQTT.js sends a password only with one" }),
    password: z.string().openapi({ description: "The credential (a JWT), valid until expiresAt: ask for a new session before then" }),
    expiresAt: z.string().datetime(),
    websocketUrl: z.string().openapi({ description: "Where the browser connects with MQTT 5 over WebSocket" }),
    acl: z.object({ pub: z.array(z.string()), sub: z.array(z.string()) }),
  })
  .openapi("ExplorerSession");

export const messageProperties = z
  .object({
    contentType: z.string().optional(),
    payloadFormatIndicator: z.union([z.literal(0), z.literal(1)]).optional(),
    userProperties: z.array(z.tuple([z.string(), z.string()])).optional(),
    responseTopic: z.string().optional(),
    correlationData: z.string().optional().openapi({ description: "base64" }),
    messageExpiryInterval: z.number().optional().openapi({ description: "Seconds, as published" }),
  })
  .openapi("MessageProperties");

/** A payload in JSON: text when it is UTF-8, else base64; `truncated` when only its start was kept. */
const payloadFields = {
  payload: z.string(),
  encoding: z.enum(["utf8", "base64"]),
  size: z.number().openapi({ description: "The whole payload's length in bytes" }),
  truncated: z.boolean(),
};

export const topicsQuery = z.object({
  prefix: z.string().default("").openapi({ description: "Only topics starting with this" }),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  sys: flag.openapi({ type: "string", description: "1: include $-topics ($SYS/…); they are also included when the prefix starts with $" }),
});

export const indexedTopic = z
  .object({
    topic: z.string(),
    messages: z.number().openapi({ description: "Delivered since the server started; 0 for a topic known only by its retained message" }),
    lastSeenAt: z.string().datetime(),
    ratePerSecond: z.number().openapi({ description: "Over the last 10 s" }),
    retained: z.boolean().openapi({ description: "The broker holds a retained message for it" }),
    lastMessage: z.object({ ...payloadFields, qos: z.number(), retain: z.boolean(), properties: messageProperties }).openapi({ description: "Its payload is a preview of at most 256 bytes" }),
  })
  .openapi("IndexedTopic");

export const topicList = z.object({ topics: z.array(indexedTopic), truncated: z.boolean() }).openapi("TopicList");

export const recentMessagesQuery = z.object({
  filter: z.string().min(1).default("#").openapi({ description: "An MQTT topic filter" }),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  before: z.coerce.number().int().positive().optional().openapi({ description: "Only messages older than this id: the previous page's nextBefore" }),
});

export const recentMessage = z
  .object({
    id: z.number().openapi({ description: "Increases by one per message the broker delivered: the paging cursor" }),
    topic: z.string(),
    receivedAt: z.string().datetime(),
    ...payloadFields,
    qos: z.number(),
    retain: z.boolean(),
    clientId: z.string().openapi({ description: "The publisher; empty for messages a hook created" }),
    properties: messageProperties,
  })
  .openapi("RecentMessage");

export const recentMessageList = z
  .object({ messages: z.array(recentMessage), nextBefore: z.number().nullable().openapi({ description: "Pass as `before` for older messages; null when there are none" }) })
  .openapi("RecentMessageList");

export const tapParams = z.object({ id: z.string().min(1).max(MAX_TAP_ID_LENGTH).openapi({ param: { name: "id", in: "path" } }) });
export const tapQuery = z.object({ wait: z.coerce.number().min(0).max(10).default(0).openapi({ description: "Seconds to wait for the record to be complete (at most 10)" }) });

const publishResult = z
  .object({ delivered: z.number().openapi({ description: "Sessions it was handed to" }), dropped: z.enum(dropReasons).optional() })
  .openapi("PublishResult");

const tappedMessage = z.object({ topic: z.string(), ...payloadFields, qos: z.number(), retain: z.boolean(), properties: messageProperties });

export const tapRecord = z
  .object({
    id: z.string(),
    clientId: z.string(),
    receivedAt: z.string().datetime(),
    complete: z.boolean(),
    decision: z.enum(["pending", "passed", "modified", "dropped", "error"]),
    published: tappedMessage,
    hook: z
      .object({ version: z.number().optional(), latencyMs: z.number().optional(), error: z.string().optional() })
      .nullable()
      .openapi({ description: "The hook call that decided (its latency is the whole batch's); null when no hook ran" }),
    result: publishResult.nullable().openapi({ description: "What became of the publish, as its PUBACK says; null while pending" }),
    delivered: z.array(tappedMessage.extend({ result: publishResult })).openapi({ description: "What subscribers got because of it: the message itself, or the hook's derivatives (at most 20)" }),
    deliveredCount: z.number(),
    created: z.array(tappedMessage.extend({ result: publishResult })).openapi({ description: "New messages the hook returned in the same call (at most 20)" }),
    createdCount: z.number(),
  })
  .openapi("TapRecord");

export const retainedQuery = z.object({ topic: z.string().min(1).openapi({ description: "The topic name (no wildcards)" }) });

export const retainedListQuery = z.object({
  filter: z.string().min(1).default("#").openapi({ description: "An MQTT topic filter" }),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const retainedList = z
  .object({
    messages: z.array(z.object({ topic: z.string(), receivedAt: z.string().datetime(), ...payloadFields, qos: z.number(), publisherId: z.string(), properties: messageProperties })),
    truncated: z.boolean().openapi({ description: "More matched than `limit`" }),
  })
  .openapi("RetainedList");

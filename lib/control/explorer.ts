// The console's topic explorer, API side (issue 6): short-lived MQTT credentials for the signed-in
// user, the broker's topic index and recent messages, the hook tap's records of test publishes,
// and deleting a retained message. The broker keeps the data in memory (lib/broker/topic-index.ts,
// recent-messages.ts, hook-tap.ts); this reads it and turns it into the API's JSON.
import { randomBytes } from "node:crypto";
import { isUtf8 } from "node:buffer";
import type { TopicAcl } from "../auth/acl.ts";
import type { BrokerInstance } from "../broker/broker.ts";
import { CONSOLE_CLIENT_PREFIX, type TapRecord, type TappedMessage } from "../broker/hook-tap.ts";
import type { BrokerHost } from "../broker/host.ts";
import type { Message, MessageProperties } from "../broker/message.ts";
import { topicFilterError, topicNameError } from "../broker/protocol/topic.ts";
import { IndexedTopic, PREVIEW_BYTES } from "../broker/topic-index.ts";
import type { Store } from "../store/index.ts";
import type { CredentialService } from "./credentials.ts";
import { ControlError } from "./errors.ts";

/** How long an explorer session's credential lives; the console asks for a new one before it runs out. */
export const EXPLORER_SESSION_SECONDS = 15 * 60;
/** The random part of an explorer client ID: 16 hex digits. */
const CLIENT_SUFFIX = /^[0-9a-f]{16}$/;
/** Longest user part of an explorer client ID, so the whole stays within 73 characters. */
const MAX_SLUG = 48;

/** Who reads a tap record: admins read any; others only those of their own explorer sessions. */
export interface TapReader {
  name: string;
  admin: boolean;
}

/**
 * `console-<user>-`: the client-ID prefix of a user's explorer sessions, the user being a slug
 * of the actor's name (an email, `token:<id>` or `admin-token`). Two names may share a slug
 * (`a.b@x` and `a-b@x`); tap ids, not the slug, are what keep records private.
 */
export function explorerClientPrefix(actor: string): string {
  const slug =
    actor
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .slice(0, MAX_SLUG)
      .replace(/^-+|-+$/g, "") || "user";
  return `${CONSOLE_CLIENT_PREFIX}${slug}-`;
}

/** Whether `clientId` is one of `actor`'s explorer sessions. */
function isSessionOf(actor: string, clientId: string): boolean {
  const prefix = explorerClientPrefix(actor);
  return clientId.startsWith(prefix) && CLIENT_SUFFIX.test(clientId.slice(prefix.length));
}

export function explorerService(store: Store, host: BrokerHost, credentials: CredentialService) {
  const live = (namespace: string, name: string): BrokerInstance => {
    const broker = host.getBroker(namespace, name);
    if (!broker) throw new ControlError("not_found", `no broker ${namespace}/${name}`);
    return broker;
  };

  return {
    /**
     * A device credential for `actor`'s explorer: client ID `console-<user>-<random>`, 15 minutes,
     * subscribe to every topic, publish to every topic when `mayPublish`. Not listed among the
     * broker's credentials (see CredentialService.issueUnlisted); written to the audit log.
     */
    async session(actor: string, namespace: string, name: string, mayPublish: boolean): Promise<{ clientId: string; username: string; password: string; expiresAt: string; acl: TopicAcl }> {
      const clientId = `${explorerClientPrefix(actor)}${randomBytes(8).toString("hex")}`;
      const acl: TopicAcl = { pub: mayPublish ? ["#"] : [], sub: ["#"] };
      const { token, claims } = await credentials.issueUnlisted(namespace, name, { clientId, expiresInSeconds: EXPLORER_SESSION_SECONDS, acl });
      const expiresAt = new Date(claims.exp! * 1000).toISOString();
      await store.audit.append({ actor, action: "explorer.session", target: `${namespace}/${name}`, details: { clientId, jti: claims.jti, expiresAt, acl } });
      return { clientId, username: actor, password: token, expiresAt, acl };
    },

    /** Indexed topics starting with `prefix`, by name; $-topics only when asked. Topics known only by a retained message count too. */
    topics(namespace: string, name: string, { prefix, limit, sys }: { prefix: string; limit: number; sys: boolean }) {
      const broker = live(namespace, name);
      const withDollar = sys || prefix.startsWith("$");
      const wanted = (topic: string) => topic.startsWith(prefix) && (withDollar || topic.charCodeAt(0) !== 0x24);
      const now = Date.now();
      const found: Array<IndexedTopic | Message> = [];
      for (const entry of broker.topicIndex.values()) if (wanted(entry.topic)) found.push(entry);
      // After a restart the index is empty, but retained messages still say what the topics are.
      for (const message of broker.retained.values()) {
        if (wanted(message.topic) && !broker.topicIndex.get(message.topic) && (message.expiresAt === undefined || message.expiresAt > now)) found.push(message);
      }
      found.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0));
      const topics = found.slice(0, limit).map((item) =>
        item instanceof IndexedTopic
          ? {
              topic: item.topic,
              messages: item.messages,
              lastSeenAt: new Date(item.lastSeenAt).toISOString(),
              ratePerSecond: Math.round(item.ratePerSecond(now) * 100) / 100,
              retained: broker.retained.get(item.topic) !== undefined,
              lastMessage: {
                ...payloadJson(broker.topicIndex.preview(item), item.size),
                qos: item.qos,
                retain: item.retain,
                properties: propertiesJson(item.properties, item.lastSeenAt, item.expiresAt),
              },
            }
          : {
              topic: item.topic,
              messages: 0,
              lastSeenAt: new Date(item.receivedAt).toISOString(),
              ratePerSecond: 0,
              retained: true,
              lastMessage: {
                ...payloadJson(item.payload.subarray(0, PREVIEW_BYTES), item.payload.length),
                qos: item.qos,
                retain: true,
                properties: propertiesJson(item.properties, item.receivedAt, item.expiresAt),
              },
            },
      );
      return { topics, truncated: found.length > limit };
    },

    /** The broker's recent deliveries matching `filter`, newest first, older than id `before`. */
    messages(namespace: string, name: string, { filter, limit, before }: { filter: string; limit: number; before?: number }) {
      const broker = live(namespace, name);
      const filterError = filter.startsWith("$share/") ? "a shared subscription is not a topic filter here" : topicFilterError(filter, broker.limits);
      if (filterError) throw new ControlError("invalid", filterError, [{ path: "filter", message: filterError }]);
      const { messages, more } = broker.recentMessages.list(filter, limit, before);
      return {
        messages: messages.map((m) => ({
          id: m.id,
          topic: m.topic,
          receivedAt: new Date(m.receivedAt).toISOString(),
          ...payloadJson(m.payload, m.size),
          qos: m.qos,
          retain: m.retain,
          clientId: m.clientId,
          properties: propertiesJson(m.properties, m.receivedAt, m.expiresAt),
        })),
        nextBefore: more ? messages.at(-1)!.id : null,
      };
    },

    /**
     * The tap record `id`, once complete or after `waitSeconds`, if `reader` may read it: an
     * admin any, anyone else those of their own explorer sessions. Others' look missing.
     */
    async tap(namespace: string, name: string, id: string, waitSeconds: number, reader: TapReader) {
      const broker = live(namespace, name);
      const record = await broker.taps.wait(id, waitSeconds * 1000);
      if (!record || !(reader.admin || isSessionOf(reader.name, record.clientId))) {
        throw new ControlError("not_found", `no tap record ${id} on broker ${namespace}/${name}${waitSeconds > 0 ? ` after ${waitSeconds} s` : ""}`);
      }
      return tapJson(record);
    },

    /** The broker's retained messages on topics matching `filter`, by topic, whole payloads. */
    retained(namespace: string, name: string, { filter, limit }: { filter: string; limit: number }) {
      const broker = live(namespace, name);
      const filterError = filter.startsWith("$share/") ? "a shared subscription is not a topic filter here" : topicFilterError(filter, broker.limits);
      if (filterError) throw new ControlError("invalid", filterError, [{ path: "filter", message: filterError }]);
      const found = broker.retained.match(filter).sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0));
      return {
        messages: found.slice(0, limit).map((m) => ({
          topic: m.topic,
          receivedAt: new Date(m.receivedAt).toISOString(),
          ...payloadJson(m.payload, m.payload.length),
          qos: m.qos,
          publisherId: m.publisherId,
          properties: propertiesJson(m.properties, m.receivedAt, m.expiresAt),
        })),
        truncated: found.length > limit,
      };
    },

    /** Deletes the retained message of `topic` without publishing anything. */
    async deleteRetained(actor: string, namespace: string, name: string, topic: string): Promise<void> {
      const broker = live(namespace, name);
      const topicError = topicNameError(topic, broker.limits);
      if (topicError) throw new ControlError("invalid", topicError, [{ path: "topic", message: topicError }]);
      if (!broker.retained.delete(topic)) throw new ControlError("not_found", `no retained message on ${topic}`);
      await store.audit.append({ actor, action: "retained.delete", target: `${namespace}/${name}`, details: { topic } });
    },
  };
}

export type ExplorerService = ReturnType<typeof explorerService>;

/**
 * A payload (or its kept start) as JSON: text when it is UTF-8, base64 otherwise. A start cut
 * inside a multi-byte character is still text, without the partial character.
 */
function payloadJson(bytes: Buffer, size: number): { payload: string; encoding: "utf8" | "base64"; size: number; truncated: boolean } {
  const truncated = bytes.length < size;
  for (let cut = 0; cut <= (truncated ? Math.min(3, bytes.length) : 0); cut++) {
    const text = bytes.subarray(0, bytes.length - cut);
    if (isUtf8(text)) return { payload: text.toString("utf8"), encoding: "utf8", size, truncated };
  }
  return { payload: bytes.toString("base64"), encoding: "base64", size, truncated };
}

function propertiesJson(p: MessageProperties, receivedAt: number, expiresAt: number | undefined) {
  return {
    ...(p.contentType !== undefined && { contentType: p.contentType }),
    ...(p.payloadFormatIndicator !== undefined && { payloadFormatIndicator: p.payloadFormatIndicator ? (1 as const) : (0 as const) }),
    ...(p.userProperties !== undefined && { userProperties: p.userProperties }),
    ...(p.responseTopic !== undefined && { responseTopic: p.responseTopic }),
    ...(p.correlationData !== undefined && { correlationData: p.correlationData.toString("base64") }),
    ...(expiresAt !== undefined && { messageExpiryInterval: Math.round((expiresAt - receivedAt) / 1000) }),
  };
}

function tappedJson(m: TappedMessage) {
  return {
    topic: m.topic,
    ...payloadJson(m.payload, m.size),
    qos: m.qos,
    retain: m.retain,
    properties: propertiesJson(m.properties, m.receivedAt, m.expiresAt),
  };
}

function tapJson(record: TapRecord) {
  const withResult = (m: TappedMessage) => ({ ...tappedJson(m), result: m.result! });
  return {
    id: record.id,
    clientId: record.clientId,
    receivedAt: new Date(record.published.receivedAt).toISOString(),
    complete: record.completedAt !== undefined,
    decision: record.decision,
    published: tappedJson(record.published),
    hook: record.hook && { ...record.hook, ...(record.hook.latencyMs !== undefined && { latencyMs: Math.round(record.hook.latencyMs * 1000) / 1000 }) },
    result: record.result ?? null,
    delivered: record.delivered.map(withResult),
    deliveredCount: record.deliveredCount,
    created: record.created.map(withResult),
    createdCount: record.createdCount,
  };
}

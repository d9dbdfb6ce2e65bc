// Write-behind persistence of retained messages and persistent sessions. The store is never on
// the per-message path: brokers mark what changed, and flush() writes the latest state of each
// changed item in batches every interval and once more on shutdown. A crash (kill -9) loses at
// most the changes of the last interval (see lib/broker/README.md).
import type { Logger } from "../logger.ts";
import type { BrokerInstance } from "./broker.ts";
import type { Message, QoS } from "./message.ts";
import type { OutgoingEntry } from "./session/outgoing.ts";
import type { Session } from "./session/session.ts";

/** The slice of the store persistence needs (lib/store implements it). */
export interface PersistenceStore {
  retained: {
    loadAll(): Promise<RetainedRecord[]>;
    write(batch: { upserts: RetainedRecord[]; deletes: Array<{ brokerId: string; topic: string }> }): Promise<void>;
  };
  sessions: {
    loadAll(): Promise<SessionRecord[]>;
    write(batch: { upserts: SessionRecord[]; deletes: Array<{ brokerId: string; clientId: string }> }): Promise<void>;
  };
}
export interface RetainedRecord {
  brokerId: string;
  topic: string;
  payload: Buffer;
  qos: QoS;
  properties: unknown;
  expiresAt: Date | null;
}
export interface SessionRecord {
  brokerId: string;
  clientId: string;
  expiryInterval: number;
  disconnectedAt: Date | null;
  state: unknown;
}

export class Persistence {
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: PersistenceStore,
    private readonly brokers: () => Iterable<BrokerInstance>,
    private readonly log: Logger,
  ) {}

  /** Loads retained messages and offline sessions into their brokers (at start, before listening). */
  async restore(brokerById: (id: string) => BrokerInstance | undefined): Promise<{ retained: number; sessions: number }> {
    const now = Date.now();
    let retained = 0;
    for (const record of await this.store.retained.loadAll()) {
      const broker = brokerById(record.brokerId);
      if (!broker || (record.expiresAt && record.expiresAt.getTime() <= now)) continue;
      const meta = record.properties as StoredRetainedMeta;
      broker.retained.restore({
        topic: record.topic,
        payload: record.payload,
        qos: record.qos,
        retain: true,
        properties: fromStoredProperties(meta.properties),
        expiresAt: record.expiresAt?.getTime(),
        publisherId: meta.publisherId ?? "",
        receivedAt: meta.receivedAt ?? now,
      });
      retained++;
    }
    let sessions = 0;
    const expired: Array<{ brokerId: string; clientId: string }> = [];
    for (const record of await this.store.sessions.loadAll()) {
      const broker = brokerById(record.brokerId);
      const offlineSince = record.disconnectedAt?.getTime() ?? now;
      const remainingMs = offlineSince + record.expiryInterval * 1000 - now;
      if (!broker || remainingMs <= 0) {
        expired.push({ brokerId: record.brokerId, clientId: record.clientId });
        continue;
      }
      restoreSession(broker, record, remainingMs, offlineSince);
      sessions++;
    }
    if (expired.length > 0) await this.store.sessions.write({ upserts: [], deletes: expired });
    return { retained, sessions };
  }

  /** Writes everything changed since the last flush. Flushes never overlap. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.flushOnce());
    return this.flushing;
  }

  private async flushOnce(): Promise<void> {
    for (const broker of this.brokers()) {
      const id = broker.identity.id;
      const retained = broker.retained.takeChanges();
      const sessions = broker.takeSessionChanges();
      try {
        if (retained.upserts.length + retained.deletes.length > 0) {
          await this.store.retained.write({
            upserts: retained.upserts.map((m) => toRetainedRecord(id, m)),
            deletes: retained.deletes.map((topic) => ({ brokerId: id, topic })),
          });
        }
        if (sessions.dirty.length + sessions.ended.length > 0) {
          await this.store.sessions.write({
            upserts: sessions.dirty.filter((s) => s.persistent).map((s) => toSessionRecord(id, s)),
            deletes: sessions.ended.map((clientId) => ({ brokerId: id, clientId })),
          });
        }
      } catch (error) {
        // Keep the changes for the next attempt rather than losing them.
        this.log.error({ err: error, broker: broker.key }, "persisting broker state failed; will retry");
        for (const m of retained.upserts) broker.retained.markChanged(m.topic);
        for (const topic of retained.deletes) broker.retained.markChanged(topic);
        for (const s of sessions.dirty) broker.markSessionDirty(s);
        broker.requeueEndedSessions(sessions.ended);
      }
    }
  }
}

// ---- serialization: JSON-safe shapes of messages and sessions ----

interface StoredProperties {
  payloadFormatIndicator?: boolean;
  contentType?: string;
  responseTopic?: string;
  correlationData?: string; // base64
  userProperties?: Array<[string, string]>;
}
interface StoredRetainedMeta {
  properties: StoredProperties;
  publisherId?: string;
  receivedAt?: number;
}
interface StoredMessage {
  topic: string;
  payload: string; // base64
  qos: QoS;
  retain: boolean;
  properties: StoredProperties;
  expiresAt?: number;
  publisherId: string;
  receivedAt: number;
}
interface StoredEntry {
  message: StoredMessage;
  qos: QoS;
  retain: boolean;
  subscriptionIds?: number[];
  packetId: number;
  state: "publish" | "pubrel";
}
interface StoredSession {
  subscriptions: Array<{ filter: string; qos: QoS; nl: boolean; rap: boolean; rh: 0 | 1 | 2; id?: number }>;
  inflight: StoredEntry[];
  queue: StoredEntry[];
  incomingQos2: number[];
  will?: { message: StoredMessage; delaySeconds: number; expirySeconds?: number };
}

function toStoredProperties(p: Message["properties"]): StoredProperties {
  return { ...p, correlationData: p.correlationData?.toString("base64") };
}
function fromStoredProperties(p: StoredProperties | undefined): Message["properties"] {
  if (!p) return {};
  return { ...p, correlationData: p.correlationData === undefined ? undefined : Buffer.from(p.correlationData, "base64") };
}
function toStoredMessage(m: Message): StoredMessage {
  return { ...m, payload: m.payload.toString("base64"), properties: toStoredProperties(m.properties) };
}
function fromStoredMessage(m: StoredMessage): Message {
  return { ...m, payload: Buffer.from(m.payload, "base64"), properties: fromStoredProperties(m.properties) };
}
function toStoredEntry(e: OutgoingEntry): StoredEntry {
  return { message: toStoredMessage(e.message), qos: e.qos, retain: e.retain, subscriptionIds: e.subscriptionIds, packetId: e.packetId, state: e.state };
}
function fromStoredEntry(e: StoredEntry): OutgoingEntry {
  return { ...e, message: fromStoredMessage(e.message) };
}

function toRetainedRecord(brokerId: string, m: Message): RetainedRecord {
  const meta: StoredRetainedMeta = { properties: toStoredProperties(m.properties), publisherId: m.publisherId, receivedAt: m.receivedAt };
  return { brokerId, topic: m.topic, payload: m.payload, qos: m.qos, properties: meta, expiresAt: m.expiresAt === undefined ? null : new Date(m.expiresAt) };
}

function toSessionRecord(brokerId: string, s: Session): SessionRecord {
  const state: StoredSession = {
    subscriptions: [...s.subscriptions.values()].map((sub) => ({ filter: sub.filter, qos: sub.qos, nl: sub.noLocal, rap: sub.retainAsPublished, rh: sub.retainHandling, id: sub.subscriptionId })),
    inflight: [...s.inflight.values()].map(toStoredEntry),
    queue: s.queue.map(toStoredEntry),
    incomingQos2: [...s.incomingQos2],
    will: s.will && { message: toStoredMessage(s.will.message), delaySeconds: s.will.delaySeconds, expirySeconds: s.will.expirySeconds },
  };
  return { brokerId, clientId: s.clientId, expiryInterval: s.expiryInterval, disconnectedAt: s.disconnectedAt === undefined ? null : new Date(s.disconnectedAt), state };
}

function restoreSession(broker: BrokerInstance, record: SessionRecord, remainingMs: number, offlineSince: number): void {
  const state = record.state as StoredSession;
  const session = broker.createSession(record.clientId);
  session.expiryInterval = record.expiryInterval;
  for (const sub of state.subscriptions) session.subscribe(sub.filter, { qos: sub.qos, noLocal: sub.nl, retainAsPublished: sub.rap, retainHandling: sub.rh, subscriptionId: sub.id });
  for (const entry of state.inflight) session.inflight.set(entry.packetId, fromStoredEntry(entry));
  session.queue = state.queue.map(fromStoredEntry);
  for (const id of state.incomingQos2) session.incomingQos2.add(id);
  if (state.will) session.will = { message: fromStoredMessage(state.will.message), delaySeconds: state.will.delaySeconds, expirySeconds: state.will.expirySeconds };
  session.startOfflineClocks(offlineSince, remainingMs);
}

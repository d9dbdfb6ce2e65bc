// A broker's clients as the control plane sees them (lib/control/clients.ts): every session,
// connected or offline (a persistent session without a connection), with its connection's
// details and counters, and the administrative disconnect. Runs on the broker's thread and never
// awaits; a view is read from the live state at the moment it is asked for.
import type { BrokerInstance } from "./broker.ts";
import type { DisconnectRecord } from "./disconnect-log.ts";
import type { QoS } from "./message.ts";
import { ReasonCode } from "./protocol/reason-codes.ts";
import type { Session } from "./session/session.ts";

export const clientStates = ["connected", "offline"] as const;
export type ClientState = (typeof clientStates)[number];

export interface ClientSummary {
  clientId: string;
  state: ClientState;
  // Of the connection, or of the last one while offline; null when the broker no longer
  // remembers it (a session restored at start, or one whose history was evicted).
  transport: string | null;
  remoteAddress: string | null;
  protocolVersion: number | null;
  keepAlive: number | null;
  credentialId: string | null;
  /** Epoch ms. */
  connectedAt: number | null;
  /** Epoch ms: the last bytes from the client while connected; when it disconnected while offline. */
  lastSeenAt: number | null;
  messagesIn: number | null;
  messagesOut: number | null;
  // Of the session.
  subscriptionCount: number;
  inflight: number;
  queued: number;
}

interface ClientSubscription {
  filter: string;
  qos: QoS;
  noLocal: boolean;
  retainAsPublished: boolean;
  retainHandling: 0 | 1 | 2;
  subscriptionId: number | undefined;
}

interface ClientWill {
  topic: string;
  payload: Buffer;
  qos: QoS;
  retain: boolean;
  delaySeconds: number;
  expirySeconds: number | undefined;
  contentType: string | undefined;
}

export interface ClientDetail extends ClientSummary {
  /** Seconds the session outlives its connection; 0: it ends with it. */
  sessionExpiryInterval: number;
  /** Epoch ms, while offline. */
  sessionExpiresAt: number | null;
  subscriptions: ClientSubscription[];
  will: ClientWill | null;
  /** Newest first. */
  disconnects: DisconnectRecord[];
}

export interface ClientQuery {
  /** Client IDs starting with this. */
  prefix?: string;
  state?: ClientState;
  /** Client IDs after this one (the last of the page before). */
  after?: string;
  limit: number;
}

/**
 * A page of clients in client-ID order (UTF-16 code units, as `<` compares), with the cursor of
 * the next page and how many match in all. One pass over the sessions, keeping only the page's
 * smallest IDs sorted: no sort of every session per request.
 */
export function listClients(broker: BrokerInstance, { prefix = "", state, after, limit }: ClientQuery): { clients: ClientSummary[]; nextCursor: string | null; total: number } {
  const page: string[] = []; // sorted; one more than the limit tells there is a next page
  let total = 0;
  for (const [clientId, session] of broker.sessions) {
    if (!clientId.startsWith(prefix) || (state !== undefined && stateOf(session) !== state)) continue;
    total++;
    if (after !== undefined && clientId <= after) continue;
    if (page.length > limit && clientId >= page[limit]) continue;
    page.splice(insertionIndex(page, clientId), 0, clientId);
    if (page.length > limit + 1) page.pop();
  }
  const ids = page.slice(0, limit);
  return { clients: ids.map((id) => summarize(broker, broker.sessions.get(id)!)), nextCursor: page.length > limit ? ids[ids.length - 1] : null, total };
}

export function describeClient(broker: BrokerInstance, clientId: string): ClientDetail | undefined {
  const session = broker.sessionFor(clientId);
  if (!session) return undefined;
  const offlineSince = session.connection === null ? session.disconnectedAt : undefined;
  const will = session.will?.message;
  return {
    ...summarize(broker, session),
    sessionExpiryInterval: session.expiryInterval,
    sessionExpiresAt: offlineSince === undefined || !session.persistent ? null : offlineSince + session.expiryInterval * 1000,
    subscriptions: [...session.subscriptions.values()].map((s) => ({ filter: s.filter, qos: s.qos, noLocal: s.noLocal, retainAsPublished: s.retainAsPublished, retainHandling: s.retainHandling, subscriptionId: s.subscriptionId })),
    will: will
      ? { topic: will.topic, payload: will.payload, qos: will.qos, retain: will.retain, delaySeconds: session.will!.delaySeconds, expirySeconds: session.will!.expirySeconds, contentType: will.properties.contentType }
      : null,
    disconnects: [...(broker.disconnects.get(clientId)?.disconnects ?? [])].reverse(),
  };
}

/**
 * Disconnects the client with 0x98 Administrative action (MQTT 5; a 3.1.1 client is just closed).
 * As for any close the client did not ask for, its will is published [MQTT-3.1.2-8]. With
 * `discardSession`, the session ends too: subscriptions, queued and in-flight messages go, and a
 * will still waiting out its delay is published now [MQTT-3.1.3-9]. Returns whether a connection
 * was closed and whether the session is gone (a non-persistent one ends with its connection),
 * or undefined when the broker has no session for this client ID.
 */
export function disconnectClient(broker: BrokerInstance, clientId: string, discardSession: boolean): { disconnected: boolean; sessionEnded: boolean } | undefined {
  const session = broker.sessionFor(clientId);
  if (!session) return undefined;
  const connection = session.connection;
  connection?.disconnect(ReasonCode.AdministrativeAction, "disconnected by an administrator");
  if (discardSession && broker.sessionFor(clientId) === session) session.end();
  return { disconnected: connection !== null, sessionEnded: broker.sessionFor(clientId) !== session };
}

function stateOf(session: Session): ClientState {
  return session.connection === null ? "offline" : "connected";
}

function summarize(broker: BrokerInstance, session: Session): ClientSummary {
  const counts = { subscriptionCount: session.subscriptions.size, inflight: session.inflight.size, queued: session.queue.length };
  const conn = session.connection;
  if (conn !== null) {
    return {
      clientId: session.clientId,
      state: "connected",
      transport: conn.info.transport,
      remoteAddress: conn.info.remoteAddress,
      protocolVersion: conn.version,
      keepAlive: conn.keepAliveSeconds,
      credentialId: conn.principal?.credentialId ?? null,
      connectedAt: conn.connectedAt,
      lastSeenAt: conn.lastActivityAt,
      messagesIn: conn.messagesIn,
      messagesOut: conn.messagesOut,
      ...counts,
    };
  }
  const last = broker.disconnects.get(session.clientId)?.last;
  return {
    clientId: session.clientId,
    state: "offline",
    transport: last?.transport ?? null,
    remoteAddress: last?.remoteAddress ?? null,
    protocolVersion: last?.protocolVersion ?? null,
    keepAlive: last?.keepAlive ?? null,
    credentialId: last?.credentialId ?? null,
    connectedAt: last?.connectedAt ?? null,
    lastSeenAt: session.disconnectedAt ?? null,
    messagesIn: last?.messagesIn ?? null,
    messagesOut: last?.messagesOut ?? null,
    ...counts,
  };
}

/** Where `id` goes in the sorted `ids` (binary search). */
function insertionIndex(ids: string[], id: string): number {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (ids[mid] < id) low = mid + 1;
    else high = mid;
  }
  return low;
}

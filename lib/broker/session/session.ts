// A client session [MQTT-4.1]: subscriptions, QoS 1/2 messages in flight and queued, incoming
// QoS 2 state, will and expiry. It outlives its connection when its expiry interval is > 0.
// Every method runs on the broker's single thread and never awaits.
import type { BrokerInstance } from "../broker.ts";
import type { Connection } from "../connection.ts";
import type { Message, QoS } from "../message.ts";
import type { Subscription, SubscriptionOptions } from "../routing/subscription.ts";
import { parseSharedFilter } from "../protocol/topic.ts";
import { type EncodeCache, type OutgoingEntry } from "./outgoing.ts";
import { PacketIdAllocator } from "./packet-ids.ts";

export interface Will {
  /** The will as a message; its expiry clock starts when it is published. */
  message: Message;
  delaySeconds: number;
  expirySeconds?: number;
  /** The publisher's ACL, for a hook that rewrites the will's topic (not persisted). */
  mayPublish?: (topic: string) => boolean;
}

/** Per-route scratch fields written by Router.route() to merge overlapping subscriptions. */
export interface RouteScratch {
  stamp: number;
  qos: QoS;
  retainAsPublished: boolean;
  subscriptionIds: number[] | undefined;
  shared: Subscription | undefined;
}

export class Session {
  connection: Connection | null = null;
  readonly subscriptions = new Map<string, Subscription>();
  /** In-flight outgoing QoS 1/2 messages by packet id, in send order. */
  readonly inflight = new Map<number, OutgoingEntry>();
  /** Outgoing QoS 1/2 messages waiting for room in the client's receive window, oldest first. */
  queue: OutgoingEntry[] = [];
  /** Incoming QoS 2 packet ids that were delivered and await PUBREL [MQTT-4.3.3-?]. */
  readonly incomingQos2 = new Set<number>();
  will: Will | undefined;
  /** Seconds the session lives after its connection closes; 0 ends it with the connection. */
  expiryInterval = 0;
  disconnectedAt: number | undefined;
  readonly route: RouteScratch = { stamp: 0, qos: 0, retainAsPublished: false, subscriptionIds: undefined, shared: undefined };
  private readonly packetIds = new PacketIdAllocator();
  private expiryTimer: NodeJS.Timeout | undefined;
  private willTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly broker: BrokerInstance,
    readonly clientId: string,
  ) {}

  get persistent(): boolean {
    return this.expiryInterval > 0;
  }

  /** True when a message handed over now would be written at once (used by shared groups). */
  canTakeNow(): boolean {
    const conn = this.connection;
    return conn !== null && this.queue.length === 0 && this.inflight.size < conn.sendQuota;
  }

  /**
   * Hands a matched message to this session at the given QoS. QoS 0 goes straight to the socket
   * or is dropped (offline, slow subscriber); QoS 1/2 is sent when the client's receive window
   * has room, else queued up to maxQueuedMessages.
   */
  deliver(message: Message, qos: QoS, retain: boolean, subscriptionIds: number[] | undefined, cache: EncodeCache | undefined, shared?: Subscription): void {
    const stats = this.broker.stats;
    if (message.expiresAt !== undefined && message.expiresAt <= Date.now()) {
      stats.drop("expired"); // [MQTT-3.3.2-5] an expired message is not delivered
      return;
    }
    const conn = this.connection;
    if (qos === 0) {
      if (conn === null) stats.drop("offline");
      else if (conn.writableLength > this.broker.limits.maxSocketBufferBytes) stats.drop("slow_subscriber");
      else conn.sendPublish(message, 0, retain, subscriptionIds, 0, false, cache);
      return;
    }
    const entry: OutgoingEntry = { message, qos, retain, subscriptionIds, packetId: 0, state: "publish", shared };
    if (conn !== null && this.queue.length === 0 && this.inflight.size < conn.sendQuota) this.send(conn, entry, cache);
    else this.enqueue(entry);
  }

  /** PUBACK from the client: QoS 1 delivery complete [MQTT-4.3.2]. */
  acknowledge(packetId: number, expected: "puback" | "pubcomp"): boolean {
    const entry = this.inflight.get(packetId);
    if (entry === undefined) return false;
    if (expected === "puback" ? entry.qos !== 1 : entry.state !== "pubrel") return false;
    this.inflight.delete(packetId);
    this.broker.markSessionDirty(this);
    this.drain();
    return true;
  }

  /** PUBREC from the client: moves a QoS 2 delivery to the PUBREL step; a failure code ends it. */
  received(packetId: number, reasonCode: number): "pubrel" | "ended" | "unknown" {
    const entry = this.inflight.get(packetId);
    if (entry === undefined || entry.qos !== 2) return "unknown";
    this.broker.markSessionDirty(this);
    if (reasonCode >= 0x80) {
      // [MQTT-4.3.3-?] a PUBREC with a failure reason ends the exchange; the id is free again
      this.inflight.delete(packetId);
      this.drain();
      return "ended";
    }
    entry.state = "pubrel";
    return "pubrel";
  }

  /** Sends queued messages while the client's receive window has room [MQTT-4.9.0-2]. */
  drain(): void {
    const conn = this.connection;
    if (conn === null) return;
    let taken = 0;
    while (taken < this.queue.length && this.inflight.size < conn.sendQuota) {
      const entry = this.queue[taken++];
      if (entry.message.expiresAt !== undefined && entry.message.expiresAt <= Date.now()) {
        this.broker.stats.drop("expired");
        continue;
      }
      this.send(conn, entry, undefined);
    }
    if (taken > 0) {
      this.queue = this.queue.slice(taken);
      this.broker.markSessionDirty(this);
    }
  }

  /**
   * Binds a new connection. With a resumed session, unacknowledged PUBLISH and PUBREL packets
   * are sent again, in their original order, PUBLISH with DUP set [MQTT-4.4.0-1].
   */
  attach(conn: Connection, resumed: boolean): void {
    this.clearTimers();
    this.connection = conn;
    this.disconnectedAt = undefined;
    if (resumed) {
      for (const entry of this.inflight.values()) {
        if (entry.state === "pubrel") conn.sendPubrel(entry.packetId);
        else if (!conn.sendPublish(entry.message, entry.qos, entry.retain, entry.subscriptionIds, entry.packetId, true, undefined)) {
          // Too large for this connection's Maximum Packet Size: skipped as if sent and
          // acknowledged [MQTT-3.1.2-25], so it must not hold a slot of the window forever.
          this.inflight.delete(entry.packetId);
        }
      }
    }
    this.drain();
  }

  /** Unbinds the closed connection and starts the expiry and will clocks. */
  detach(publishWill: boolean): void {
    this.connection = null;
    this.broker.markSessionDirty(this);
    if (!publishWill) this.will = undefined;
    if (!this.persistent) {
      this.end();
      return;
    }
    // A will without delay is published now, not on a timer: on a takeover, attach() runs in this
    // same tick and would cancel the timer, losing a will that was due [MQTT-3.1.2-8].
    if (this.will?.delaySeconds === 0) this.publishWill();
    this.startOfflineClocks(Date.now(), this.expiryInterval * 1000);
  }

  /**
   * Starts the clocks of a session without a connection: the will after its delay unless the
   * session ends first [MQTT-3.1.3-9], and the end of the session after `remainingMs`.
   */
  startOfflineClocks(offlineSince: number, remainingMs: number): void {
    this.disconnectedAt = offlineSince;
    if (this.will) {
      const willDueMs = offlineSince + this.will.delaySeconds * 1000 - Date.now();
      this.willTimer = setTimeout(() => this.publishWill(), Math.max(0, Math.min(willDueMs, remainingMs)));
      this.willTimer.unref();
    }
    this.scheduleExpiry(remainingMs);
  }

  private scheduleExpiry(delayMs: number): void {
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    // setTimeout cannot wait longer than ~24.8 days; longer expiries re-arm.
    const step = Math.min(delayMs, 2 ** 31 - 1);
    this.expiryTimer = setTimeout(() => (delayMs > step ? this.scheduleExpiry(delayMs - step) : this.end()), step);
    this.expiryTimer.unref();
  }

  /** Adds or replaces [MQTT-3.8.4-3] the subscription for `filter`; returns it and whether one existed. */
  subscribe(filter: string, options: SubscriptionOptions): { subscription: Subscription; existed: boolean } {
    const existing = this.subscriptions.get(filter);
    if (existing) this.broker.router.remove(existing);
    const shared = parseSharedFilter(filter);
    const subscription: Subscription = { ...options, session: this, filter, topicFilter: shared ? shared.filter : filter, shareGroup: shared?.group };
    this.subscriptions.set(filter, subscription);
    this.broker.router.add(subscription);
    this.broker.markSessionDirty(this);
    return { subscription, existed: existing !== undefined };
  }

  /** Removes the subscription for `filter`; false when there was none. */
  unsubscribe(filter: string): boolean {
    const existing = this.subscriptions.get(filter);
    if (!existing) return false;
    this.subscriptions.delete(filter);
    this.broker.router.remove(existing);
    this.broker.markSessionDirty(this);
    return true;
  }

  /**
   * Ends the session [MQTT-4.1.0-?]: publishes a pending will [MQTT-3.1.3-9], removes its
   * subscriptions and hands shared-subscription messages it had not finished to other members.
   */
  end(): void {
    this.clearTimers();
    this.publishWill();
    // A QoS 2 message already sent may have reached the client: it must not go to another member
    // [MQTT-4.8.2-5]. Unsent ones and QoS 1 in flight (at least once) are handed on.
    const handOn = (e: OutgoingEntry) => e.shared !== undefined && (e.packetId === 0 || e.qos === 1);
    const unfinished = [...this.inflight.values(), ...this.queue].filter(handOn);
    for (const sub of this.subscriptions.values()) this.broker.router.remove(sub);
    this.subscriptions.clear();
    this.inflight.clear();
    this.queue = [];
    this.broker.forgetSession(this);
    for (const entry of unfinished) {
      const group = this.broker.router.groupOf(entry.shared!);
      const other = group?.pickOther(entry.shared!);
      if (other) other.session.deliver(entry.message, Math.min(entry.qos, other.qos) as QoS, entry.retain, entry.subscriptionIds, undefined, other);
    }
  }

  private publishWill(): void {
    if (this.willTimer) clearTimeout(this.willTimer);
    this.willTimer = undefined;
    const will = this.will;
    this.will = undefined;
    if (will) this.broker.publishWill(this, will);
  }

  private clearTimers(): void {
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    if (this.willTimer) clearTimeout(this.willTimer);
    this.expiryTimer = this.willTimer = undefined;
  }

  private send(conn: Connection, entry: OutgoingEntry, cache: EncodeCache | undefined): void {
    const packetId = this.packetIds.allocate(this.inflight);
    if (packetId === 0) {
      this.enqueue(entry);
      return;
    }
    entry.packetId = packetId;
    // A message too large for the client is skipped, not sent, and holds no packet id [MQTT-3.1.2-25].
    if (!conn.sendPublish(entry.message, entry.qos, entry.retain, entry.subscriptionIds, packetId, false, cache)) return;
    this.inflight.set(packetId, entry);
    if (this.persistent) this.broker.markSessionDirty(this);
  }

  private enqueue(entry: OutgoingEntry): void {
    if (this.queue.length >= this.broker.limits.maxQueuedMessages) {
      this.broker.stats.drop("queue_full");
      return;
    }
    this.queue.push(entry);
    if (this.persistent) this.broker.markSessionDirty(this);
  }
}

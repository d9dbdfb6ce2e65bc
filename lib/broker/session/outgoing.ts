// Outgoing deliveries: a QoS 1/2 message waiting in a session's queue or in flight, and the
// per-route encode cache that lets every subscriber of the same variant share one buffer.
import type { Message, QoS } from "../message.ts";
import type { Subscription } from "../routing/subscription.ts";

export interface OutgoingEntry {
  message: Message;
  qos: QoS;
  /** RETAIN flag as sent (retain-as-published or a retained message on subscribe). */
  retain: boolean;
  subscriptionIds?: number[];
  /** 0 while queued; the packet identifier once in flight. */
  packetId: number;
  /** In flight: waiting for PUBACK/PUBREC ("publish") or for PUBCOMP after our PUBREL ("pubrel"). */
  state: "publish" | "pubrel";
  /** Set when delivered through a shared subscription, so a leaving member can hand it on. */
  shared?: Subscription;
}

/**
 * The last PUBLISH encoded during one route() call and the variant it was encoded for.
 * Subscribers are visited in a row and most share a variant, so one slot gets nearly all the
 * reuse without a Map or a key string per delivery.
 */
export class EncodeCache {
  buffer: Buffer | undefined = undefined;
  v5 = false;
  qos = 0;
  retain = false;
  subscriptionIds: number[] | undefined = undefined;
  expiry: number | undefined = undefined;

  matches(v5: boolean, qos: number, retain: boolean, subscriptionIds: number[] | undefined, expiry: number | undefined): boolean {
    return (
      this.buffer !== undefined &&
      this.v5 === v5 &&
      this.qos === qos &&
      this.retain === retain &&
      this.expiry === expiry &&
      sameIds(this.subscriptionIds, subscriptionIds)
    );
  }

  store(buffer: Buffer, v5: boolean, qos: number, retain: boolean, subscriptionIds: number[] | undefined, expiry: number | undefined): void {
    this.buffer = buffer;
    this.v5 = v5;
    this.qos = qos;
    this.retain = retain;
    this.subscriptionIds = subscriptionIds;
    this.expiry = expiry;
  }
}

function sameIds(a: number[] | undefined, b: number[] | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// A session's subscription to one topic filter, with its MQTT 5 options (§3.8.3.1).
import type { QoS } from "../message.ts";
import type { Session } from "../session/session.ts";

export interface SubscriptionOptions {
  qos: QoS;
  noLocal: boolean;
  retainAsPublished: boolean;
  retainHandling: 0 | 1 | 2;
  subscriptionId?: number;
}

export interface Subscription extends SubscriptionOptions {
  session: Session;
  /** The filter as subscribed, `$share/group/…` included: the key for UNSUBSCRIBE. */
  filter: string;
  /** The filter matched against topic names (the part after `$share/group/`). */
  topicFilter: string;
  /** Share name for shared subscriptions. */
  shareGroup?: string;
}

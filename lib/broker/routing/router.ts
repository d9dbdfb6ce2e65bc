// Routes an accepted message to the sessions whose subscriptions match its topic.
// Runs on the publisher's ordered packet path and never awaits: delivery order per publisher
// is the order route() is called in.
import type { Message, QoS } from "../message.ts";
import type { Session } from "../session/session.ts";
import { SharedGroup } from "./shared-group.ts";
import type { Subscription } from "./subscription.ts";
import { TopicTrie } from "./topic-trie.ts";
import { EncodeCache } from "../session/outgoing.ts";

type RouteTarget = Subscription | SharedGroup;

export class Router {
  private readonly trie = new TopicTrie<RouteTarget>();
  private readonly groups = new Map<string, SharedGroup>();
  /** Bumped per route() call to aggregate overlapping subscriptions per session without a Map. */
  private routeStamp = 0;

  get subscriptionCount(): number {
    let count = 0;
    for (const group of this.groups.values()) count += group.members.length - 1;
    return this.trie.size + count;
  }

  add(subscription: Subscription): void {
    if (subscription.shareGroup === undefined) {
      this.trie.add(subscription.topicFilter, subscription);
      return;
    }
    const key = groupKey(subscription.shareGroup, subscription.topicFilter);
    let group = this.groups.get(key);
    if (!group) {
      group = new SharedGroup(subscription.shareGroup, subscription.topicFilter);
      this.groups.set(key, group);
      this.trie.add(subscription.topicFilter, group);
    }
    group.add(subscription);
  }

  remove(subscription: Subscription): void {
    if (subscription.shareGroup === undefined) {
      this.trie.remove(subscription.topicFilter, subscription);
      return;
    }
    const key = groupKey(subscription.shareGroup, subscription.topicFilter);
    const group = this.groups.get(key);
    if (!group) return;
    group.remove(subscription);
    if (group.members.length === 0) {
      this.groups.delete(key);
      this.trie.remove(subscription.topicFilter, group);
    }
  }

  groupOf(subscription: Subscription): SharedGroup | undefined {
    return subscription.shareGroup === undefined ? undefined : this.groups.get(groupKey(subscription.shareGroup, subscription.topicFilter));
  }

  /**
   * Delivers `message` to every matching session once, at the highest QoS of its matching
   * subscriptions, with all their subscription identifiers [MQTT-3.3.4-2] [MQTT-3.3.4-3].
   * Returns the number of sessions it was handed to.
   */
  route(message: Message): number {
    const targets = this.trie.match(message.topic);
    if (targets.length === 0) return 0;
    const stamp = ++this.routeStamp;
    const sessions: Session[] = [];
    for (let i = 0; i < targets.length; i++) {
      const target = targets[i];
      const sub = target instanceof SharedGroup ? target.pick() : target;
      if (sub === undefined) continue;
      // [MQTT-3.8.3-3] no-local: not to the publisher's own connection
      if (sub.noLocal && sub.session.clientId === message.publisherId) continue;
      const session = sub.session;
      if (session.route.stamp !== stamp) {
        session.route.stamp = stamp;
        session.route.qos = sub.qos;
        session.route.retainAsPublished = sub.retainAsPublished;
        session.route.subscriptionIds = sub.subscriptionId === undefined ? undefined : [sub.subscriptionId];
        session.route.shared = target instanceof SharedGroup ? sub : undefined;
        sessions.push(session);
      } else {
        if (sub.qos > session.route.qos) session.route.qos = sub.qos;
        session.route.retainAsPublished ||= sub.retainAsPublished;
        if (sub.subscriptionId !== undefined) (session.route.subscriptionIds ??= []).push(sub.subscriptionId);
      }
    }
    const cache = new EncodeCache();
    for (const session of sessions) {
      const r = session.route;
      const qos = (message.qos < r.qos ? message.qos : r.qos) as QoS;
      // [MQTT-3.3.1-12] retain flag cleared unless retain-as-published [MQTT-3.3.1-13]
      session.deliver(message, qos, r.retainAsPublished && message.retain, r.subscriptionIds, cache, r.shared);
    }
    return sessions.length;
  }
}

function groupKey(group: string, filter: string): string {
  return `${group}\u0000${filter}`;
}

// Topic ACLs of device credentials (DESIGN §4): which topics a client may publish to and which
// filters it may subscribe to. The broker asks through Principal.authorizePublish/-Subscribe on
// every PUBLISH and per SUBSCRIBE filter, so these run on the connection's packet path: no I/O.
//
//   publish  "sensors/+/temp" allows "sensors/a/temp"; "#" allows "a/b" but not "$SYS/x" [MQTT-4.7.2-1]
//   subscribe "sensors/#" covers "sensors/+/temp" and "$share/g/sensors/a"; "sensors/+" does not cover "sensors/#"
import { parseSharedFilter, topicMatches } from "../broker/protocol/topic.ts";

export interface TopicAcl {
  /** Topic filters the client may publish to (any match allows). */
  pub: string[];
  /** Topic filters covering what the client may subscribe to. */
  sub: string[];
}

export const defaultAcl: Readonly<TopicAcl> = Object.freeze({ pub: ["#"], sub: ["#"] });

export function aclAllowsPublish(acl: TopicAcl, topic: string): boolean {
  return publishRule(acl, topic) !== undefined;
}

export function aclAllowsSubscribe(acl: TopicAcl, filter: string): boolean {
  return subscribeRule(acl, filter) !== undefined;
}

/** The first `acl.pub` filter that matches `topic`: the rule that allows the publish; undefined: none does. */
export function publishRule(acl: TopicAcl, topic: string): string | undefined {
  for (const filter of acl.pub) {
    // "#" is the common case; it matches every topic but those starting with $ [MQTT-4.7.2-1].
    if (filter === "#" ? topic.charCodeAt(0) !== 0x24 : topicMatches(filter, topic)) return filter;
  }
  return undefined;
}

/** The first `acl.sub` filter that covers `filter`: the rule that allows the subscription; undefined: none does. */
export function subscribeRule(acl: TopicAcl, filter: string): string | undefined {
  return acl.sub.find((allowed) => filterCovers(allowed, filter));
}

/**
 * Whether ACL filter `acl` covers the requested filter `requested`: every topic `requested` can
 * match, `acl` matches too. Level by level: `#` covers the rest (and the parent level); `+`
 * covers a literal or `+`; a literal covers the same literal only. A shared subscription
 * `$share/<group>/<f>` is judged by `f`.
 */
export function filterCovers(acl: string, requested: string): boolean {
  if (requested.startsWith("$share/")) {
    const shared = parseSharedFilter(requested);
    if (!shared) return false;
    requested = shared.filter;
  }
  // "+/#" matches exactly what "#" does: every topic has a first level, and neither matches $-topics.
  if (acl === "+/#") acl = "#";
  // [MQTT-4.7.2-1] a filter starting with a wildcard matches no $-topic, so it covers no $-filter.
  if (requested.startsWith("$") && (acl.startsWith("+") || acl.startsWith("#"))) return false;
  const a = acl.split("/");
  const r = requested.split("/");
  for (let i = 0; i < a.length; i++) {
    if (a[i] === "#") return true;
    if (i >= r.length || r[i] === "#") return false;
    if (a[i] !== "+" && (r[i] === "+" || r[i] !== a[i])) return false;
  }
  return a.length === r.length;
}

// Topic names and topic filters [MQTT-4.7]: validation, shared-subscription parsing and matching.

export interface TopicLimits {
  maxTopicLength: number;
  maxTopicLevels: number;
}

/** Why `topic` is not a valid topic name for PUBLISH, or null when it is. */
export function topicNameError(topic: string, limits: TopicLimits): string | null {
  if (topic.length === 0) return "topic name is empty"; // [MQTT-4.7.3-1]
  if (topic.includes("+") || topic.includes("#")) return "topic name contains a wildcard"; // [MQTT-3.3.2-2]
  return commonError(topic, limits);
}

/** Why `filter` is not a valid topic filter for SUBSCRIBE/UNSUBSCRIBE, or null when it is. */
export function topicFilterError(filter: string, limits: TopicLimits): string | null {
  if (filter.length === 0) return "topic filter is empty"; // [MQTT-4.7.3-1]
  let matched = filter;
  if (filter.startsWith("$share/")) {
    const shared = parseSharedFilter(filter);
    if (!shared) return "shared subscription needs $share/<name>/<filter> with a name free of +, # and /"; // [MQTT-4.8.2-1] [MQTT-4.8.2-2]
    matched = shared.filter;
  }
  const levels = matched.split("/");
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i];
    if (level.includes("#") && (level !== "#" || i !== levels.length - 1)) return "# must be a whole last level"; // [MQTT-4.7.1-1]
    if (level.includes("+") && level !== "+") return "+ must be a whole level"; // [MQTT-4.7.1-2]
  }
  return commonError(filter, limits);
}

function commonError(value: string, limits: TopicLimits): string | null {
  if (value.includes("\u0000")) return "topic contains U+0000"; // [MQTT-4.7.3-2]
  if (Buffer.byteLength(value) > limits.maxTopicLength) return `topic longer than ${limits.maxTopicLength} bytes`;
  let levels = 1;
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) === 0x2f) levels++;
  if (levels > limits.maxTopicLevels) return `topic has more than ${limits.maxTopicLevels} levels`;
  return null;
}

/** Splits `$share/<group>/<filter>`; null when `filter` is not a (well-formed) shared subscription. */
export function parseSharedFilter(filter: string): { group: string; filter: string } | null {
  if (!filter.startsWith("$share/")) return null;
  const slash = filter.indexOf("/", 7);
  if (slash < 0) return null;
  const group = filter.slice(7, slash);
  const rest = filter.slice(slash + 1);
  if (group.length === 0 || group.includes("+") || group.includes("#") || rest.length === 0) return null;
  return { group, filter: rest };
}

/**
 * Whether topic name `topic` matches (non-shared) topic filter `filter`. Topics starting with `$`
 * are not matched by filters starting with a wildcard [MQTT-4.7.2-1].
 */
export function topicMatches(filter: string, topic: string): boolean {
  if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) return false;
  const f = filter.split("/");
  const t = topic.split("/");
  for (let i = 0; i < f.length; i++) {
    if (f[i] === "#") return true; // also matches the parent level (§4.7.1.2)
    if (i >= t.length) return false;
    if (f[i] !== "+" && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

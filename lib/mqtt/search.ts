// What the explorer's filter box means. A valid MQTT topic filter with a wildcard
// ("sensors/+/temp", "sensors/#") matches topics as a subscription would; anything else is
// looked for, ignoring case, in the topic and in the payload's text.
//
//   "sensors/+/temp"  matches topic sensors/a/temp, not sensors/a/b/temp
//   "kitchen"         matches topic home/kitchen/light, or a payload {"room": "Kitchen"}
//   "#ff0000"         not a filter (# is not a whole level): the text "#ff0000"
import { topicFilterError, topicMatches } from "../broker/protocol/topic.ts";
import { lenientText } from "./payload.ts";

export type Search = { kind: "filter"; filter: string } | { kind: "text"; needle: string };

/** Only the start of a large payload is searched, so a search over the buffer stays quick. */
export const SEARCHED_BYTES = 64 * 1024;

export function parseSearch(query: string): Search | null {
  const trimmed = query.trim();
  if (!trimmed) return null;
  const wildcard = trimmed.split("/").some((level) => level === "+" || level === "#");
  if (wildcard && !topicFilterError(trimmed, { maxTopicLength: 65_535, maxTopicLevels: 1024 })) return { kind: "filter", filter: trimmed };
  return { kind: "text", needle: trimmed.toLowerCase() };
}

/** Whether a message (its topic and payload bytes) is one the search asks for. */
export function searchMatches(search: Search, topic: string, payload: Uint8Array | undefined): boolean {
  if (search.kind === "filter") return topicMatches(search.filter, topic);
  if (topic.toLowerCase().includes(search.needle)) return true;
  return payload !== undefined && payload.length > 0 && lenientText(payload.subarray(0, SEARCHED_BYTES)).toLowerCase().includes(search.needle);
}

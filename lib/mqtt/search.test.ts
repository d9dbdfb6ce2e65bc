import { describe, expect, it } from "vitest";
import { toUtf8 } from "./payload.ts";
import { parseSearch, searchMatches } from "./search.ts";

describe("parseSearch", () => {
  it("reads a valid filter with a wildcard as a filter, anything else as text", () => {
    expect(parseSearch("  ")).toBeNull();
    expect(parseSearch("sensors/+/temp")).toEqual({ kind: "filter", filter: "sensors/+/temp" });
    expect(parseSearch("#")).toEqual({ kind: "filter", filter: "#" });
    expect(parseSearch("sensors/#")).toEqual({ kind: "filter", filter: "sensors/#" });
    expect(parseSearch("#ff0000")).toEqual({ kind: "text", needle: "#ff0000" });
    expect(parseSearch("a/#/b")).toEqual({ kind: "text", needle: "a/#/b" }); // # only last: not a filter
    expect(parseSearch("Kitchen")).toEqual({ kind: "text", needle: "kitchen" });
  });
});

describe("searchMatches", () => {
  const matches = (query: string, topic: string, payload = "") => searchMatches(parseSearch(query)!, topic, toUtf8(payload));

  it("matches topics with MQTT wildcards as a subscription does", () => {
    expect(matches("sensors/+/temp", "sensors/a/temp")).toBe(true);
    expect(matches("sensors/+/temp", "sensors/a/b/temp")).toBe(false);
    expect(matches("sensors/#", "sensors")).toBe(true); // # covers the parent level too
    expect(matches("#", "$SYS/broker/uptime")).toBe(false); // [MQTT-4.7.2-1]
    expect(matches("sensors/+", "other/a", "sensors/a")).toBe(false); // a filter looks at topics only
  });

  it("finds text in the topic or the payload, ignoring case", () => {
    expect(matches("KITCHEN", "home/kitchen/light")).toBe(true);
    expect(matches("kitchen", "home/a", '{"room": "Kitchen"}')).toBe(true);
    expect(matches("kitchen", "home/a", "hall")).toBe(false);
    expect(searchMatches(parseSearch("x")!, "t", undefined)).toBe(false);
  });
});

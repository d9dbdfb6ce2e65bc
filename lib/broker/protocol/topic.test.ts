// Topic name and topic filter validation, shared-subscription parsing and the reference matcher.
import { describe, expect, it } from "vitest";
import { parseSharedFilter, topicFilterError, topicMatches, topicNameError } from "./topic.ts";

const limits = { maxTopicLength: 64, maxTopicLevels: 5 };
const nameOk = (t: string) => topicNameError(t, limits) === null;
const filterOk = (f: string) => topicFilterError(f, limits) === null;

describe("topic names", () => {
  it("accepts names with any levels, empty levels and $-prefixes", () => {
    for (const t of ["a", "a/b", "/", "a//b", "/a", "a/", "$SYS/x", "sport/tennis/player1", "ü/日本"]) expect(nameOk(t), t).toBe(true);
  });

  it("[MQTT-4.7.3-1] refuses an empty name", () => {
    expect(topicNameError("", limits)).toBe("topic name is empty");
  });

  it("[MQTT-3.3.2-2] [MQTT-4.7.0-1] refuses wildcards anywhere in a name", () => {
    for (const t of ["+", "#", "a/+", "a/#", "a+", "a/b#", "+/a"]) expect(topicNameError(t, limits), t).toBe("topic name contains a wildcard");
  });

  it("[MQTT-4.7.3-2] refuses U+0000", () => {
    expect(topicNameError("a\u0000b", limits)).toBe("topic contains U+0000");
  });

  it("refuses names beyond the broker's length (in UTF-8 bytes) and level limits", () => {
    expect(nameOk("x".repeat(64))).toBe(true);
    expect(topicNameError("x".repeat(65), limits)).toBe("topic longer than 64 bytes");
    expect(topicNameError("ü".repeat(33), limits)).toBe("topic longer than 64 bytes"); // 66 bytes, 33 characters
    expect(nameOk("a/b/c/d/e")).toBe(true);
    expect(topicNameError("a/b/c/d/e/f", limits)).toBe("topic has more than 5 levels");
  });
});

describe("topic filters", () => {
  it("accepts exact, + and # filters in every valid position", () => {
    for (const f of ["a", "#", "+", "a/#", "+/+", "a/+/b", "+/a/#", "/#", "/+", "a//+", "$SYS/#", "$share/g/a/#"]) expect(filterOk(f), f).toBe(true);
  });

  it("[MQTT-4.7.3-1] refuses an empty filter", () => {
    expect(topicFilterError("", limits)).toBe("topic filter is empty");
  });

  it("[MQTT-4.7.1-1] # must be the whole last level", () => {
    for (const f of ["a/#/b", "#/a", "a#", "a/b#", "##", "a/#/#"]) expect(topicFilterError(f, limits), f).toBe("# must be a whole last level");
  });

  it("[MQTT-4.7.1-2] + must be a whole level", () => {
    for (const f of ["a+", "a/+b", "++", "+a/b"]) expect(topicFilterError(f, limits), f).toBe("+ must be a whole level");
  });

  it("[MQTT-4.7.3-2] refuses U+0000, and applies the length and level limits", () => {
    expect(topicFilterError("a/\u0000", limits)).toBe("topic contains U+0000");
    expect(topicFilterError("+/+/+/+/+/+", limits)).toBe("topic has more than 5 levels");
    expect(topicFilterError(`${"x".repeat(63)}/#`, limits)).toBe("topic longer than 64 bytes");
  });

  it("[MQTT-4.8.2-1] [MQTT-4.8.2-2] validates shared filters: a non-empty share name free of + and #, then / and a filter", () => {
    for (const f of ["$share/g/a", "$share/g/#", "$share/g/+/b", "$share/g//"]) expect(filterOk(f), f).toBe(true);
    for (const f of ["$share/", "$share/g", "$share/g/", "$share//a", "$share/g+/a", "$share/g#/a", "$share/+/a", "$share/#/a"]) {
      expect(topicFilterError(f, limits), f).toMatch(/^shared subscription needs/);
    }
    // The filter part follows the usual rules.
    expect(topicFilterError("$share/g/a/#/b", limits)).toBe("# must be a whole last level");
    expect(topicFilterError("$share/g/a+", limits)).toBe("+ must be a whole level");
  });
});

describe("parseSharedFilter", () => {
  it("splits $share/<group>/<filter>", () => {
    expect(parseSharedFilter("$share/g/a/b")).toEqual({ group: "g", filter: "a/b" });
    expect(parseSharedFilter("$share/consumers/#")).toEqual({ group: "consumers", filter: "#" });
    expect(parseSharedFilter("$share/g//")).toEqual({ group: "g", filter: "/" });
  });

  it("returns null for non-shared and malformed shared filters", () => {
    for (const f of ["a/b", "$SYS/#", "$sharex/g/a", "$share", "$share/g", "$share/g/", "$share//a", "$share/g+/a"]) expect(parseSharedFilter(f), f).toBeNull();
  });
});

describe("topicMatches (the reference matcher)", () => {
  const cases: Array<[string, string, boolean]> = [
    ["a/b", "a/b", true],
    ["a/b", "a", false],
    ["a", "a/b", false],
    ["+", "a", true],
    ["+", "a/b", false],
    ["+", "/", false],
    ["+/+", "/", true],
    ["a/+/c", "a/b/c", true],
    ["a/+/c", "a//c", true],
    ["a/+", "a", false],
    ["#", "a/b/c", true],
    ["a/#", "a", true], // the parent level (§4.7.1.2)
    ["a/#", "ab", false],
    ["a/+/#", "a", false],
    ["a/+/#", "a/b", true],
    ["#", "$SYS/x", false], // [MQTT-4.7.2-1]
    ["+/x", "$SYS/x", false], // [MQTT-4.7.2-1]
    ["$SYS/#", "$SYS/x", true],
    ["$SYS/+", "$SYS/x", true],
    ["a/+", "a/$x", true], // only a leading $ is special
    ["A", "a", false], // [MQTT-4.7.3-4]
  ];
  it.each(cases)("filter %j against topic %j is %s", (filter, topic, expected) => {
    expect(topicMatches(filter, topic)).toBe(expected);
  });
});

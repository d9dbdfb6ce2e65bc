// Topic ACLs: publish matching, subscribe coverage tables, and coverage checked against
// topicMatches over every small filter and topic.
import { describe, expect, it } from "vitest";
import { topicFilterError, topicMatches } from "../broker/protocol/topic.ts";
import { aclAllowsPublish, aclAllowsSubscribe, filterCovers, publishRule, subscribeRule } from "./acl.ts";

describe("aclAllowsPublish", () => {
  it.each([
    [["#"], "a/b", true],
    [["#"], "/", true],
    [["#"], "$SYS/broker/uptime", false], // [MQTT-4.7.2-1]
    [["+/temp"], "$SYS/temp", false], // [MQTT-4.7.2-1]
    [["$SYS/#"], "$SYS/broker/uptime", true],
    [["sensors/+/temp"], "sensors/a/temp", true],
    [["sensors/+/temp"], "sensors/a/b/temp", false],
    [["sensors/#"], "sensors", true], // # also matches the parent level
    [["a", "b/#"], "b/c", true],
    [["a", "b/#"], "c", false],
    [[], "a", false],
  ] as Array<[string[], string, boolean]>)("pub %j, topic %s → %s", (pub, topic, allowed) => {
    expect(aclAllowsPublish({ pub, sub: [] }, topic)).toBe(allowed);
  });
});

describe("filterCovers", () => {
  it.each([
    ["#", "#", true],
    ["#", "a/+/b", true],
    ["#", "$SYS/#", false], // [MQTT-4.7.2-1]
    ["+/#", "$SYS/x", false], // [MQTT-4.7.2-1]
    ["$SYS/#", "$SYS/broker/+", true],
    ["a/#", "a", true],
    ["a/#", "a/#", true],
    ["a/#", "a/+/c", true],
    ["a/#", "#", false],
    ["a/#", "b", false],
    ["a/+", "a/b", true],
    ["a/+", "a/+", true],
    ["a/+", "a/#", false],
    ["a/+", "a", false],
    ["a/+", "a/b/c", false],
    ["a/b", "a/b", true],
    ["a/b", "a/+", false],
    ["a/b", "a/b/c", false],
    ["a/+/#", "a/#", false], // "a/#" matches "a", "a/+/#" does not
    ["a/+/#", "a/+", true],
    ["+/#", "#", true], // same topics
    ["+/+/#", "#", false],
    ["a/#", "$share/g/a/b", true], // a shared subscription is judged by its filter
    ["a/#", "$share/g/b", false],
    ["#", "$share/g/#", true],
  ])("%s covers %s → %s", (acl, requested, covered) => {
    expect(filterCovers(acl, requested)).toBe(covered);
  });

  it("agrees with topicMatches: A covers F exactly when every topic F matches, A matches", () => {
    const limits = { maxTopicLength: 100, maxTopicLevels: 10 };
    const filters: string[] = [];
    const topics: string[] = [];
    const build = (out: string[], alphabet: (depth: number) => string[], maxDepth: number, valid: (s: string) => boolean, prefix: string[] = []) => {
      if (prefix.length > 0 && valid(prefix.join("/"))) out.push(prefix.join("/"));
      if (prefix.length === maxDepth) return;
      for (const level of alphabet(prefix.length)) build(out, alphabet, maxDepth, valid, [...prefix, level]);
    };
    // "$s" only first: a $-topic. Topics one level deeper than filters, and a literal ("c") no filter names.
    build(filters, (d) => ["a", "b", "+", "#", ...(d === 0 ? ["$s"] : [])], 3, (f) => topicFilterError(f, limits) === null);
    build(topics, (d) => ["a", "b", "c", ...(d === 0 ? ["$s"] : [])], 4, () => true);
    expect(filters.length).toBeGreaterThan(50);
    const wrong: string[] = [];
    for (const acl of filters) {
      for (const requested of filters) {
        const semantic = topics.every((t) => !topicMatches(requested, t) || topicMatches(acl, t));
        if (filterCovers(acl, requested) !== semantic) wrong.push(`${acl} covers ${requested}: expected ${semantic}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe("aclAllowsSubscribe", () => {
  it("allows a filter covered by any ACL entry, and nothing else", () => {
    const acl = { pub: [], sub: ["devices/d1/#", "broadcast/+"] };
    expect(aclAllowsSubscribe(acl, "devices/d1/cmd")).toBe(true);
    expect(aclAllowsSubscribe(acl, "broadcast/news")).toBe(true);
    expect(aclAllowsSubscribe(acl, "$share/workers/devices/d1/jobs")).toBe(true);
    expect(aclAllowsSubscribe(acl, "devices/+/cmd")).toBe(false);
    expect(aclAllowsSubscribe(acl, "broadcast/#")).toBe(false);
    expect(aclAllowsSubscribe({ pub: [], sub: [] }, "a")).toBe(false);
  });
});

describe("publishRule and subscribeRule", () => {
  it("name the first ACL filter that allows, in the ACL's order", () => {
    const acl = { pub: ["sensors/s1/temp", "sensors/#"], sub: ["devices/+/cmd", "devices/#"] };
    expect(publishRule(acl, "sensors/s1/temp")).toBe("sensors/s1/temp");
    expect(publishRule(acl, "sensors/s2/temp")).toBe("sensors/#");
    expect(publishRule(acl, "other")).toBeUndefined();
    expect(subscribeRule(acl, "devices/d1/cmd")).toBe("devices/+/cmd");
    expect(subscribeRule(acl, "devices/d1/#")).toBe("devices/#");
    expect(subscribeRule(acl, "#")).toBeUndefined();
  });
});

// The topic trie: matching rules, removal with pruning, the match cache, and a seeded property
// test against the reference matcher topicMatches() in protocol/topic.ts.
import { describe, expect, it } from "vitest";
import { topicMatches } from "../protocol/topic.ts";
import { TopicTrie } from "./topic-trie.ts";

/** The filters (values are the filters themselves) that match `topic`, sorted. */
function matching(trie: TopicTrie<string>, topic: string): string[] {
  return [...trie.match(topic)].sort();
}

function trieOf(...filters: string[]): TopicTrie<string> {
  const trie = new TopicTrie<string>();
  for (const f of filters) trie.add(f, f);
  return trie;
}

/** Nodes below the root, to prove that removal prunes. */
function nodeCount(trie: TopicTrie<string>): number {
  type Node = { literal: Map<string, Node>; plus?: Node; hash?: Node };
  const children = (node: Node) => [...node.literal.values(), ...(node.plus ? [node.plus] : []), ...(node.hash ? [node.hash] : [])];
  const count = (node: Node): number => children(node).reduce((n, child) => n + 1 + count(child), 0);
  return count(trie["root"] as Node);
}

describe("TopicTrie", () => {
  it("matches exact filters level by level, and nothing longer or shorter", () => {
    const trie = trieOf("a/b", "a", "a/b/c", "b");
    expect(matching(trie, "a/b")).toEqual(["a/b"]);
    expect(matching(trie, "a")).toEqual(["a"]);
    expect(matching(trie, "a/b/c/d")).toEqual([]);
    expect(matching(trie, "A/b")).toEqual([]); // [MQTT-4.7.3-4] no normalisation: case matters
  });

  it("keeps empty levels as levels: a//b, /a and a/ are distinct topics", () => {
    const trie = trieOf("a//b", "/a", "a/", "a/+/b", "+/a");
    expect(matching(trie, "a//b")).toEqual(["a/+/b", "a//b"]);
    expect(matching(trie, "/a")).toEqual(["+/a", "/a"]);
    expect(matching(trie, "a/")).toEqual(["a/"]);
  });

  it("+ matches exactly one whole level, at any position (§4.7.1.3)", () => {
    const trie = trieOf("+", "a/+", "+/b", "+/+", "a/+/c");
    expect(matching(trie, "a")).toEqual(["+"]);
    expect(matching(trie, "a/b")).toEqual(["+/+", "+/b", "a/+"]);
    expect(matching(trie, "x/y")).toEqual(["+/+"]);
    expect(matching(trie, "a/b/c")).toEqual(["a/+/c"]);
    expect(matching(trie, "a/b/c/d")).toEqual([]);
  });

  it("# matches its parent level and every level below (§4.7.1.2)", () => {
    const trie = trieOf("#", "a/#", "a/b/#", "a/+/#");
    expect(matching(trie, "a")).toEqual(["#", "a/#"]); // `a/#` matches `a`
    expect(matching(trie, "a/b")).toEqual(["#", "a/#", "a/+/#", "a/b/#"]);
    expect(matching(trie, "a/b/c/d")).toEqual(["#", "a/#", "a/+/#", "a/b/#"]);
    expect(matching(trie, "b")).toEqual(["#"]);
  });

  it("[MQTT-4.7.2-1] topics starting with $ are not matched by filters starting with + or #", () => {
    const trie = trieOf("#", "+/info", "+", "$SYS/#", "$SYS/+", "$SYS/info", "+/+");
    expect(matching(trie, "$SYS/info")).toEqual(["$SYS/#", "$SYS/+", "$SYS/info"]);
    expect(matching(trie, "$SYS")).toEqual(["$SYS/#"]);
    expect(matching(trie, "$x")).toEqual([]);
    // Only a leading $ is special: later levels starting with $ match wildcards.
    expect(matching(trie, "a/$b")).toEqual(["#", "+/+"]);
  });

  it("returns every value of a filter, and the same value under two filters twice", () => {
    const trie = new TopicTrie<string>();
    trie.add("a/+", "x");
    trie.add("a/+", "y");
    trie.add("a/b", "x");
    expect([...trie.match("a/b")].sort()).toEqual(["x", "x", "y"]);
    expect(trie.size).toBe(3);
  });

  it("removes one (filter, value) entry and prunes nodes left empty", () => {
    const trie = new TopicTrie<string>();
    trie.add("a/b/c", "v1");
    trie.add("a/b/c", "v2");
    trie.add("a/x", "v3");
    expect(nodeCount(trie)).toBe(4); // a, b, c, x
    expect(trie.remove("a/b/c", "v1")).toBe(true);
    expect(nodeCount(trie)).toBe(4); // c still holds v2
    expect(trie.remove("a/b/c", "v1")).toBe(false); // already gone
    expect(trie.remove("a/b/c", "v2")).toBe(true);
    expect(nodeCount(trie)).toBe(2); // b and c pruned; a kept for a/x
    expect(trie.remove("a/x", "v3")).toBe(true);
    expect(nodeCount(trie)).toBe(0);
    expect(trie.size).toBe(0);
    expect(trie.match("a/b/c")).toEqual([]);
  });

  it("prunes emptied + and # slots too", () => {
    const trie = new TopicTrie<string>();
    trie.add("+/+/#", "w");
    expect(nodeCount(trie)).toBe(3);
    trie.remove("+/+/#", "w");
    expect(nodeCount(trie)).toBe(0);
    expect(trie.match("a/b/c")).toEqual([]);
  });

  it("does not prune a node that still has values when a longer filter below it goes", () => {
    const trie = new TopicTrie<string>();
    trie.add("a", "short");
    trie.add("a/b", "long");
    trie.remove("a/b", "long");
    expect(nodeCount(trie)).toBe(1);
    expect(trie.match("a")).toEqual(["short"]);
  });

  it("remove of an unknown filter or value is false and changes nothing", () => {
    const trie = trieOf("a/b");
    expect(trie.remove("a/c", "a/c")).toBe(false);
    expect(trie.remove("a", "a/b")).toBe(false); // path exists, no such value at `a`
    expect(trie.remove("a/b", "other")).toBe(false);
    expect(trie.size).toBe(1);
    expect(nodeCount(trie)).toBe(2);
  });

  it("caches a topic's result until the next add or remove", () => {
    const trie = trieOf("a/+");
    const first = trie.match("a/b");
    expect(trie.match("a/b")).toBe(first); // served from the cache
    trie.add("a/#", "a/#");
    const afterAdd = trie.match("a/b");
    expect(afterAdd).not.toBe(first);
    expect([...afterAdd].sort()).toEqual(["a/#", "a/+"]);
    trie.remove("a/+", "a/+");
    expect(trie.match("a/b")).toEqual(["a/#"]);
  });

  it("counts entries in size", () => {
    const trie = new TopicTrie<number>();
    expect(trie.size).toBe(0);
    trie.add("a", 1);
    trie.add("a", 2);
    trie.add("#", 3);
    expect(trie.size).toBe(3);
    trie.remove("a", 1);
    expect(trie.size).toBe(2);
  });
});

/** mulberry32: a tiny seeded PRNG, so a failing case is reproducible from the seed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("TopicTrie against topicMatches (seeded property test)", () => {
  const seed = 0x5eed;
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const nameLevels = ["a", "b", "c", "$x", ""] as const;
  const filterLevels = ["a", "b", "c", "$x", "", "+", "+"] as const;

  function randomTopic(): string {
    const depth = 1 + Math.floor(random() * 4);
    const levels = Array.from({ length: depth }, () => pick(nameLevels));
    const topic = levels.join("/");
    return topic === "" ? "a" : topic; // a topic name is at least one character [MQTT-4.7.3-1]
  }

  function randomFilter(): string {
    const depth = 1 + Math.floor(random() * 4);
    const levels: string[] = Array.from({ length: depth }, () => pick(filterLevels));
    if (random() < 0.3) levels.push("#");
    else if (random() < 0.05) return "#";
    const filter = levels.join("/");
    return filter === "" ? "+" : filter;
  }

  it(`agrees on 3000 topics for 400 filters, before and after removing half (seed ${seed})`, () => {
    const filters = Array.from({ length: 400 }, randomFilter);
    const topics = Array.from({ length: 3000 }, randomTopic);
    const trie = new TopicTrie<number>();
    filters.forEach((f, i) => trie.add(f, i));
    let live = filters.map((_, i) => i);

    const check = () => {
      for (const topic of topics) {
        const expected = live.filter((i) => topicMatches(filters[i], topic));
        const actual = [...trie.match(topic)].sort((x, y) => x - y);
        if (actual.join() !== expected.join()) {
          // Name the first disagreeing pair rather than dumping two long arrays.
          const diff = [...new Set([...expected, ...actual])].find((i) => expected.includes(i) !== actual.includes(i))!;
          expect.fail(`topic ${JSON.stringify(topic)} vs filter ${JSON.stringify(filters[diff])}: topicMatches=${expected.includes(diff)}, trie=${actual.includes(diff)}`);
        }
      }
    };
    check();

    const removed = live.filter(() => random() < 0.5);
    for (const i of removed) expect(trie.remove(filters[i], i)).toBe(true);
    live = live.filter((i) => !removed.includes(i));
    expect(trie.size).toBe(live.length);
    check();

    // The generator must actually exercise the interesting cases.
    expect(topics.some((t) => t.startsWith("$x"))).toBe(true);
    expect(filters.some((f) => f.endsWith("/#"))).toBe(true);
    expect(topics.filter((t) => live.some((i) => topicMatches(filters[i], t))).length).toBeGreaterThan(300);
  });
});

// A trie of topic filters answering "which values' filters match this topic name?" [MQTT-4.7].
// One node per level: a map of literal children plus dedicated `+` and `#` slots. Devices publish
// to the same few topics over and over, so match results are cached per topic; every add/remove
// bumps a generation counter, which makes older cache entries stale.
//
//   filter      matches                  does not match
//   a/b         a/b                      a, a/b/c, A/b
//   a/+         a/b, a/                  a, a/b/c
//   a/#         a, a/b, a/b/c            b/a
//   +/x         a/x, /x                  $SYS/x          ($-topics skip leading wildcards [MQTT-4.7.2-1])
//   #           a, a/b, /                $SYS/broker/uptime
//
// Invalid filters (`a/#/b`, `a+`, `#x`) never get here: protocol/topic.ts rejects them first.

interface TrieNode<T> {
  literal: Map<string, TrieNode<T>>;
  plus: TrieNode<T> | undefined;
  hash: TrieNode<T> | undefined;
  values: T[];
}

interface CacheEntry<T> {
  generation: number;
  values: readonly T[];
}

const maxCachedTopics = 10_000;

export class TopicTrie<T> {
  private readonly root: TrieNode<T> = newNode();
  private readonly cache = new Map<string, CacheEntry<T>>();
  private generation = 0;
  private count = 0;

  /** Number of (filter, value) entries. */
  get size(): number {
    return this.count;
  }

  add(filter: string, value: T): void {
    let node = this.root;
    for (const level of filter.split("/")) node = child(node, level) ?? setChild(node, level, newNode());
    node.values.push(value);
    this.count++;
    this.generation++;
  }

  /** Removes one (filter, value) entry and prunes emptied nodes; false when it was not there. */
  remove(filter: string, value: T): boolean {
    const path: Array<[TrieNode<T>, string]> = [];
    let node = this.root;
    for (const level of filter.split("/")) {
      const next = child(node, level);
      if (!next) return false;
      path.push([node, level]);
      node = next;
    }
    const index = node.values.indexOf(value);
    if (index < 0) return false;
    node.values.splice(index, 1);
    this.count--;
    this.generation++;
    for (let i = path.length - 1; i >= 0; i--) {
      const [parent, level] = path[i];
      if (!isEmpty(child(parent, level)!)) break;
      setChild(parent, level, undefined);
    }
    return true;
  }

  /** Values whose filter matches `topic`. The array is shared: callers must not modify it. */
  match(topic: string): readonly T[] {
    const cached = this.cache.get(topic);
    if (cached && cached.generation === this.generation) return cached.values;
    const values: T[] = [];
    collect(this.root, topic.split("/"), 0, values, topic.startsWith("$"));
    // Bounded: when full, start over rather than track recency on the hot path.
    if (this.cache.size >= maxCachedTopics) this.cache.clear();
    this.cache.set(topic, { generation: this.generation, values });
    return values;
  }
}

function newNode<T>(): TrieNode<T> {
  return { literal: new Map(), plus: undefined, hash: undefined, values: [] };
}

function child<T>(node: TrieNode<T>, level: string): TrieNode<T> | undefined {
  return level === "+" ? node.plus : level === "#" ? node.hash : node.literal.get(level);
}

function setChild<T>(node: TrieNode<T>, level: string, next: TrieNode<T> | undefined): TrieNode<T> {
  if (level === "+") node.plus = next;
  else if (level === "#") node.hash = next;
  else if (next) node.literal.set(level, next);
  else node.literal.delete(level);
  return next!;
}

function isEmpty<T>(node: TrieNode<T>): boolean {
  return node.values.length === 0 && node.literal.size === 0 && node.plus === undefined && node.hash === undefined;
}

function collect<T>(node: TrieNode<T>, levels: string[], depth: number, out: T[], dollarTopic: boolean): void {
  // [MQTT-4.7.2-1] a topic starting with $ is not matched by a wildcard in the first level.
  const wildcards = !(dollarTopic && depth === 0);
  // `#` matches the parent level too: `a/#` matches `a` (§4.7.1.2).
  if (wildcards && node.hash) pushAll(out, node.hash.values);
  if (depth === levels.length) {
    pushAll(out, node.values);
    return;
  }
  const exact = node.literal.get(levels[depth]);
  if (exact) collect(exact, levels, depth + 1, out, dollarTopic);
  if (wildcards && node.plus) collect(node.plus, levels, depth + 1, out, dollarTopic);
}

function pushAll<T>(out: T[], values: T[]): void {
  for (let i = 0; i < values.length; i++) out.push(values[i]);
}

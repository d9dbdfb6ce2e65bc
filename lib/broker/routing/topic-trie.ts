// A trie of topic filters, one level per node, answering "which values' filters match this topic
// name?" [MQTT-4.7]. Results are cached per topic until the next add/remove, because devices
// publish to the same few topics over and over.

interface TrieNode<T> {
  children: Map<string, TrieNode<T>>;
  values: T[];
}

const maxCachedTopics = 10_000;

export class TopicTrie<T> {
  private readonly root: TrieNode<T> = newNode();
  private readonly cache = new Map<string, readonly T[]>();
  private count = 0;

  /** Number of (filter, value) entries. */
  get size(): number {
    return this.count;
  }

  add(filter: string, value: T): void {
    let node = this.root;
    for (const level of filter.split("/")) {
      let child = node.children.get(level);
      if (!child) {
        child = newNode();
        node.children.set(level, child);
      }
      node = child;
    }
    node.values.push(value);
    this.count++;
    this.cache.clear();
  }

  /** Removes one (filter, value) entry; false when it was not there. */
  remove(filter: string, value: T): boolean {
    const path: Array<[TrieNode<T>, string]> = [];
    let node = this.root;
    for (const level of filter.split("/")) {
      const child = node.children.get(level);
      if (!child) return false;
      path.push([node, level]);
      node = child;
    }
    const index = node.values.indexOf(value);
    if (index < 0) return false;
    node.values.splice(index, 1);
    this.count--;
    this.cache.clear();
    // Prune nodes left with neither values nor children.
    for (let i = path.length - 1; i >= 0; i--) {
      const [parent, level] = path[i];
      const child = parent.children.get(level)!;
      if (child.values.length > 0 || child.children.size > 0) break;
      parent.children.delete(level);
    }
    return true;
  }

  /** Values whose filter matches `topic`. The array is shared: callers must not modify it. */
  match(topic: string): readonly T[] {
    const cached = this.cache.get(topic);
    if (cached) return cached;
    const result: T[] = [];
    const levels = topic.split("/");
    // [MQTT-4.7.2-1] a topic starting with $ is not matched by a leading + or #.
    collect(this.root, levels, 0, result, topic.startsWith("$"));
    if (this.cache.size >= maxCachedTopics) this.cache.clear();
    this.cache.set(topic, result);
    return result;
  }

  clear(): void {
    this.root.children.clear();
    this.root.values.length = 0;
    this.count = 0;
    this.cache.clear();
  }
}

function newNode<T>(): TrieNode<T> {
  return { children: new Map(), values: [] };
}

function collect<T>(node: TrieNode<T>, levels: string[], depth: number, out: T[], dollarRoot: boolean): void {
  const wildcardsAllowed = !(dollarRoot && depth === 0);
  // `a/#` matches `a` too: the # child of the current node counts at every depth [MQTT-4.7.1-2].
  const hash = wildcardsAllowed ? node.children.get("#") : undefined;
  if (hash) pushAll(out, hash.values);
  if (depth === levels.length) {
    pushAll(out, node.values);
    return;
  }
  const exact = node.children.get(levels[depth]);
  if (exact) collect(exact, levels, depth + 1, out, dollarRoot);
  const plus = wildcardsAllowed ? node.children.get("+") : undefined;
  if (plus) collect(plus, levels, depth + 1, out, dollarRoot);
}

function pushAll<T>(out: T[], values: T[]): void {
  for (let i = 0; i < values.length; i++) out.push(values[i]);
}

// The explorer's topic tree: one node per topic level, counts kept up to date as each message
// arrives (the message store calls record()), so nothing is recounted per frame.
//
//   sensors            messages 3, topics 2 (sensors/a/temp, sensors/b)
//   ├─ a               messages 2, topics 1
//   │  └─ temp         messages 2, topics 0, last value "21.5"
//   └─ b               messages 1, topics 0, last value "on", retained
//
// A node's `messages` counts its own topic and everything under it; `topics` the topics under it
// that have had a message (itself excluded). Empty levels ("a//b", "/a") are nodes named "".
// At most `maxTopics` topics are tracked; messages on topics beyond that are only counted.
import type { ExplorerMessage } from "./explorer-message.ts";

export class TopicNode {
  readonly children = new Map<string, TopicNode>();
  /** Messages on this topic and every topic under it. */
  messages = 0;
  /** Messages on this topic itself. */
  ownMessages = 0;
  /** Topics under this one that have had a message. */
  topics = 0;
  /** The latest message on this topic itself. */
  last: ExplorerMessage | undefined;
  /** When a message last arrived here or under here (ms), for the activity highlight. */
  activeAt = 0;
  /** Whether the broker holds a retained message on this topic, as far as the explorer has seen. */
  retained = false;
  private sorted: TopicNode[] | null = null;

  constructor(
    readonly name: string,
    /** The full topic; "" for the root. */
    readonly topic: string,
    readonly parent: TopicNode | null,
  ) {}

  /** Children in name order, cached until a child is added. */
  sortedChildren(): TopicNode[] {
    this.sorted ??= [...this.children.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return this.sorted;
  }

  child(name: string): TopicNode {
    let node = this.children.get(name);
    if (!node) {
      node = new TopicNode(name, this.parent ? `${this.topic}/${name}` : name, this);
      this.children.set(name, node);
      this.sorted = null;
    }
    return node;
  }
}

export class TopicTree {
  root = new TopicNode("", "", null);
  /** Every node by its topic: a message on a known topic is counted without splitting it. */
  private nodes = new Map<string, TopicNode>();
  /** Topics that have had a message. */
  size = 0;
  /** Messages on topics the tree had no room for. */
  untracked = 0;

  constructor(readonly maxTopics = 20_000) {}

  /** Counts `message` on its topic and every level above; returns its node, or undefined when the tree is full. */
  record(message: ExplorerMessage): TopicNode | undefined {
    let node = this.find(message.topic);
    if (!node || node.ownMessages === 0) {
      if (this.size >= this.maxTopics) {
        this.untracked++;
        return undefined;
      }
      node = this.path(message.topic);
      this.size++;
      for (let up = node.parent; up; up = up.parent) up.topics++;
    }
    node.ownMessages++;
    node.last = message;
    // The explorer subscribes with Retain As Published, so the flag reaches it as sent
    // [MQTT-3.3.1-12]: a retained message replaces the one the broker holds, an empty one deletes
    // it [MQTT-3.3.1-6]; a message without the flag leaves it as it was.
    if (message.retain) node.retained = message.size > 0;
    for (let up: TopicNode | null = node; up; up = up.parent) {
      up.messages++;
      up.activeAt = message.receivedAt;
    }
    return node;
  }

  find(topic: string): TopicNode | undefined {
    return this.nodes.get(topic);
  }

  clear(): void {
    this.root = new TopicNode("", "", null);
    this.nodes = new Map();
    this.size = 0;
    this.untracked = 0;
  }

  private path(topic: string): TopicNode {
    let node = this.root;
    for (const level of topic.split("/")) {
      node = node.child(level);
      this.nodes.set(node.topic, node);
    }
    return node;
  }
}

export interface TreeRow {
  node: TopicNode;
  depth: number;
  expanded: boolean;
}

/**
 * The rows a tree view shows, depth first: the children of every expanded node. With `matches`,
 * only nodes that match or have a match under them, opened down to every match.
 */
export function treeRows(tree: TopicTree, expanded: ReadonlySet<string>, matches?: (node: TopicNode) => boolean): TreeRow[] {
  const rows: TreeRow[] = [];
  if (!matches) {
    const walk = (node: TopicNode, depth: number) => {
      for (const child of node.sortedChildren()) {
        const open = expanded.has(child.topic) && child.children.size > 0;
        rows.push({ node: child, depth, expanded: open });
        if (open) walk(child, depth + 1);
      }
    };
    walk(tree.root, 0);
    return rows;
  }
  // Post-order: a node is shown when it or anything under it matches.
  const walk = (node: TopicNode, depth: number): boolean => {
    let shown = false;
    for (const child of node.sortedChildren()) {
      const at = rows.length;
      rows.push({ node: child, depth, expanded: false });
      const below = walk(child, depth + 1);
      if (below) rows[at]!.expanded = true;
      if (below || matches(child)) shown = true;
      else rows.length = at; // neither it nor anything under it: take it back out
    }
    return shown;
  };
  walk(tree.root, 0);
  return rows;
}

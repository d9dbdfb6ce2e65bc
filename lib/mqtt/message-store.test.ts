// The explorer's buffer, tree, views and throughput: counts kept as messages arrive, and every
// bound held whatever arrives.
import { describe, expect, it } from "vitest";
import type { NewMessage } from "./explorer-message.ts";
import { MessageStore } from "./message-store.ts";
import { MessageView } from "./message-view.ts";
import { toUtf8 } from "./payload.ts";
import { treeRows } from "./topic-tree.ts";

let clock = 1_700_000_000_000;
function message(topic: string, payload: string | Uint8Array = "x", extra: Partial<NewMessage> = {}): NewMessage {
  const bytes = typeof payload === "string" ? toUtf8(payload) : payload;
  return { topic, payload: bytes, size: bytes.length, truncated: false, receivedAt: clock++, qos: 0, retain: false, properties: {}, source: "live", ...extra };
}

describe("MessageStore", () => {
  it("keeps messages in arrival order by sequence number and finds the previous one on a topic", () => {
    const store = new MessageStore();
    const a1 = store.add(message("a", "1"));
    store.add(message("b", "2"));
    const a2 = store.add(message("a", "3"));
    expect([store.size, store.oldestSeq, store.newestSeq]).toEqual([3, 1, 3]);
    expect(store.get(2)?.topic).toBe("b");
    expect(store.previousOnTopic(a2)).toBe(a1);
    expect(store.previousOnTopic(a1)).toBeUndefined();
    const seen: number[] = [];
    store.forEachAfter(1, (m) => seen.push(m.seq));
    expect(seen).toEqual([2, 3]);
  });

  it("lets the oldest go beyond the message count, and the byte budget", () => {
    const store = new MessageStore({ maxMessages: 3, maxBytes: 10 });
    for (let i = 1; i <= 5; i++) store.add(message("t", String(i)));
    expect([store.size, store.oldestSeq, store.evicted]).toEqual([3, 3, 2]);
    store.add(message("t", "123456789")); // 9 bytes: the oldest go until it fits in 10
    expect([store.size, store.bytes, store.oldestSeq]).toEqual([2, 10, 5]);
    store.add(message("big", "x".repeat(50))); // larger than the budget: it stays, alone
    expect([store.size, store.bytes]).toEqual([1, 50]);
  });

  it("stays within its bounds under a flood of large messages on ever new topics", () => {
    const limits = { maxMessages: 500, maxBytes: 100_000, maxTopics: 300, keptBytes: 64 };
    const store = new MessageStore(limits);
    for (let i = 0; i < 20_000; i++) store.add(message(`flood/${i}`, new Uint8Array(1000)));
    expect(store.size).toBeLessThanOrEqual(limits.maxMessages);
    expect(store.bytes).toBeLessThanOrEqual(limits.maxBytes);
    expect(store.tree.size).toBe(limits.maxTopics);
    expect(store.tree.untracked).toBe(20_000 - limits.maxTopics);
    // The tree's last values that left the buffer keep their first bytes, marked and sized.
    const last = store.tree.find("flood/0")!.last!;
    expect([last.payload.length, last.size, last.truncated, last.truncatedBy]).toEqual([64, 1000, true, "explorer"]);
    let treeBytes = 0;
    const walk = (node = store.tree.root) => node.children.forEach((child) => ((treeBytes += child.last?.payload.length ?? 0), walk(child)));
    walk();
    expect(treeBytes).toBeLessThanOrEqual(limits.maxTopics * 1000);
  });

  it("counts messages and topics on every level, and the latest value", () => {
    const store = new MessageStore();
    store.add(message("sensors/a/temp", "21.5"));
    store.add(message("sensors/a/temp", "21.6"));
    store.add(message("sensors/b", "on"));
    store.add(message("sensors", "parent"));
    const { tree } = store;
    expect(tree.size).toBe(3);
    const sensors = tree.find("sensors")!;
    expect([sensors.messages, sensors.ownMessages, sensors.topics]).toEqual([4, 1, 2]);
    expect([tree.find("sensors/a")!.messages, tree.find("sensors/a")!.topics, tree.find("sensors/a")!.last]).toEqual([2, 1, undefined]);
    expect(new TextDecoder().decode(tree.find("sensors/a/temp")!.last!.payload)).toBe("21.6");
    expect(tree.find("sensors/a/temp")!.activeAt).toBe(store.get(2)!.receivedAt);
    expect(tree.find("nope")).toBeUndefined();
  });

  it("keeps empty levels as nodes of their own", () => {
    const store = new MessageStore();
    store.add(message("/a"));
    store.add(message("a//b"));
    expect(treeRows(store.tree, new Set(["", "a", "a/"])).map((r) => [r.node.topic, r.depth])).toEqual([
      ["", 0],
      ["/a", 1],
      ["a", 0],
      ["a/", 1],
      ["a//b", 2],
    ]);
  });

  it("marks a topic retained from a retained message until an empty retained one or a deletion, whatever comes between", () => {
    const store = new MessageStore();
    store.add(message("cfg", "v1", { retain: true }));
    expect(store.tree.find("cfg")!.retained).toBe(true);
    store.add(message("cfg", "live")); // not retained: the broker still holds v1
    expect(store.tree.find("cfg")!.retained).toBe(true);
    store.add(message("cfg", "", { retain: true })); // [MQTT-3.3.1-6] an empty retained message deletes it
    expect(store.tree.find("cfg")!.retained).toBe(false);
    store.add(message("cfg", "v2", { retain: true }));
    store.retainedCleared("cfg");
    expect(store.tree.find("cfg")!.retained).toBe(false);
  });

  it("tells its listeners of every change and clears everything but the sequence", () => {
    const store = new MessageStore();
    let calls = 0;
    const unsubscribe = store.subscribe(() => calls++);
    store.add(message("a"));
    store.add(message("a/b"));
    store.clear();
    expect([calls, store.size, store.bytes, store.tree.size, store.oldestSeq]).toEqual([3, 0, 0, 0, 3]);
    expect(store.throughput.series(clock + 1000).every((p) => p.messages === 0)).toBe(true);
    unsubscribe();
    store.add(message("a"));
    expect(calls).toBe(3);
    expect(store.newestSeq).toBe(3);
  });
});

describe("treeRows", () => {
  const store = new MessageStore();
  for (const topic of ["home/kitchen/light", "home/kitchen/temp", "home/hall/light", "garden/temp"]) store.add(message(topic, `${topic} value`));

  it("lists the children of expanded nodes, in name order", () => {
    const rows = (expanded: string[]) => treeRows(store.tree, new Set(expanded)).map((r) => `${"  ".repeat(r.depth)}${r.node.name}${r.expanded ? "/" : ""}`);
    expect(rows([])).toEqual(["garden", "home"]);
    expect(rows(["home", "home/kitchen"])).toEqual(["garden", "home/", "  hall", "  kitchen/", "    light", "    temp"]);
    expect(rows(["home/kitchen"])).toEqual(["garden", "home"]); // under a closed node
  });

  it("with a search, keeps only matches and what leads to them, opened", () => {
    const rows = (matches: (topic: string) => boolean) => treeRows(store.tree, new Set(), (node) => matches(node.topic)).map((r) => `${r.node.topic}${r.expanded ? "/" : ""}`);
    expect(rows((t) => t.endsWith("light"))).toEqual(["home/", "home/hall/", "home/hall/light", "home/kitchen/", "home/kitchen/light"]);
    expect(rows((t) => t === "garden")).toEqual(["garden"]);
    expect(rows(() => false)).toEqual([]);
  });
});

describe("MessageView", () => {
  it("follows the store: appends what matches, drops what left it, and starts over after a clear", () => {
    const store = new MessageStore({ maxMessages: 4 });
    const view = new MessageView((m) => m.topic.startsWith("a"));
    store.add(message("a/1"));
    store.add(message("b/1"));
    view.sync(store);
    expect([view.length, view.at(0)?.topic]).toEqual([1, "a/1"]);
    for (const topic of ["a/2", "a/3", "b/2", "a/4"]) store.add(message(topic));
    view.sync(store);
    expect(Array.from({ length: view.length }, (_, i) => view.newest(i)?.topic)).toEqual(["a/4", "a/3", "a/2"]); // a/1 left the store
    const frozen = view.snapshot();
    store.clear();
    view.sync(store);
    expect(view.length).toBe(0);
    expect(frozen.map((m) => m.topic)).toEqual(["a/2", "a/3", "a/4"]);
    store.add(message("a/5"));
    view.sync(store);
    expect(view.at(0)?.topic).toBe("a/5");
  });

  it("stays bounded by the store however long it follows it", () => {
    const store = new MessageStore({ maxMessages: 100 });
    const view = new MessageView();
    for (let i = 0; i < 50_000; i++) {
      store.add(message(`t/${i % 7}`));
      if (i % 37 === 0) view.sync(store);
    }
    view.sync(store);
    expect(view.length).toBe(100);
    expect(view.newest(0)!.seq).toBe(store.newestSeq);
  });
});

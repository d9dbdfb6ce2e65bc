// The topic index: counts, last message with a capped preview, a rate derived from window
// counts, and eviction of the least recently seen topics at the broker's limit.
import { describe, expect, it } from "vitest";
import type { Message } from "./message.ts";
import { PREVIEW_BYTES, TopicIndex } from "./topic-index.ts";

const message = (topic: string, payload: string | Buffer, receivedAt: number, extra: Partial<Message> = {}): Message => ({
  topic,
  payload: typeof payload === "string" ? Buffer.from(payload) : payload,
  qos: 0,
  retain: false,
  properties: {},
  publisherId: "c",
  receivedAt,
  ...extra,
});

describe("topic index", () => {
  it("counts each topic's messages and keeps its last one, the payload cut to a preview", () => {
    const index = new TopicIndex();
    index.record(message("a", "first", 1000), 100);
    const long = Buffer.alloc(1000, 0x61);
    const properties = { contentType: "text/plain" };
    index.record(message("a", long, 2000, { qos: 1, retain: true, properties }), 100);
    index.record(message("b", "other", 2500), 100);
    const a = index.get("a")!;
    expect(a).toMatchObject({ messages: 2, lastSeenAt: 2000, size: 1000, previewLength: PREVIEW_BYTES, qos: 1, retain: true, properties });
    expect(index.preview(a).equals(long.subarray(0, PREVIEW_BYTES))).toBe(true);
    index.record(message("a", "short", 3000), 100);
    expect(index.preview(a).toString()).toBe("short");
    expect(index.preview(index.get("b")!).toString()).toBe("other");
  });

  it("derives messages per second over the last 10 s from window counts", () => {
    const index = new TopicIndex();
    const t0 = 1_000_000;
    for (let i = 0; i < 50; i++) index.record(message("r", "x", t0 + i * 200), 10); // 5/s for 10 s
    const topic = index.get("r")!;
    expect(topic.ratePerSecond(t0 + 10_000)).toBeCloseTo(5, 0);
    expect(topic.ratePerSecond(t0 + 15_000)).toBeCloseTo(2.5, 0); // half of the last 10 s
    expect(topic.ratePerSecond(t0 + 30_000)).toBe(0);
  });

  it("forgets the least recently seen topics when full, keeping busy ones", () => {
    const index = new TopicIndex();
    let now = 0;
    for (let i = 0; i < 100; i++) index.record(message(`t/${i}`, String(i), ++now), 100);
    index.record(message("t/0", "still busy", ++now), 100);
    index.record(message("new", "n", ++now), 100);
    expect(index.size).toBeLessThanOrEqual(100);
    expect(index.size).toBeGreaterThanOrEqual(85);
    expect(index.get("t/0")).toBeDefined();
    expect(index.get("t/1")).toBeUndefined(); // the oldest
    expect(index.get("new")).toBeDefined();
    expect(index.get("t/99")).toBeDefined();
    // Freed preview slots are reused without mixing up previews.
    for (let i = 0; i < 300; i++) index.record(message(`u/${i}`, `u${i}`, ++now), 100);
    expect(index.size).toBeLessThanOrEqual(100);
    for (const topic of index.values()) expect(index.preview(topic).toString()).toBe(topic.topic.startsWith("u/") ? `u${topic.topic.slice(2)}` : topic.topic === "new" ? "n" : "still busy");
  });

  it("evicts even when every topic was seen in the same millisecond", () => {
    const index = new TopicIndex();
    for (let i = 0; i < 1000; i++) index.record(message(`s/${i}`, "x", 42), 50);
    expect(index.size).toBeLessThanOrEqual(50);
    expect(index.get("s/999")).toBeDefined();
  });
});

// The recent-messages ring: bounded by count and by payload bytes, newest first, paged by id,
// filtered by MQTT filter; payloads survive the arena wrapping around, growing and being resized.
import { describe, expect, it } from "vitest";
import type { Message } from "./message.ts";
import { RecentMessages } from "./recent-messages.ts";

let clock = 1_700_000_000_000;
const message = (topic: string, payload: string | Buffer, extra: Partial<Message> = {}): Message => ({
  topic,
  payload: typeof payload === "string" ? Buffer.from(payload) : payload,
  qos: 0,
  retain: false,
  properties: {},
  publisherId: "c",
  receivedAt: clock++,
  ...extra,
});
const payloads = (ring: RecentMessages, filter = "#", limit = 10_000, before?: number) => ring.list(filter, limit, before).messages.map((m) => m.payload.toString());

describe("recent messages", () => {
  it("keeps the newest `recentMessages`, newest first, with monotonic ids", () => {
    const ring = new RecentMessages();
    const limits = { recentMessages: 3, recentMessageBytes: 1024 };
    for (const p of ["a", "b", "c", "d", "e"]) ring.record(message("t", p), limits);
    const { messages, more } = ring.list("#", 10);
    expect(messages.map((m) => [m.id, m.payload.toString()])).toEqual([
      [5, "e"],
      [4, "d"],
      [3, "c"],
    ]);
    expect(more).toBe(false);
  });

  it("keeps at most `recentMessageBytes` of payload, intact across the arena's wrap-around", () => {
    const ring = new RecentMessages();
    const limits = { recentMessages: 1000, recentMessageBytes: 100 };
    const written: string[] = [];
    for (let i = 0; i < 50; i++) {
      const p = String(i).padStart(2, "0").repeat(1 + (i % 7)); // 2 to 14 bytes, so payloads straddle the end
      written.push(p);
      ring.record(message(`t/${i}`, p), limits);
      const kept = payloads(ring);
      expect(kept.join("").length).toBeLessThanOrEqual(100);
      // Exactly the newest ones, as written, and no fewer than fit.
      expect(kept).toEqual(written.slice(written.length - kept.length).reverse());
      expect(kept.length === written.length || kept.join("").length + written[written.length - kept.length - 1]!.length > 100).toBe(true);
    }
  });

  it("grows its arena from small to the limit without losing messages", () => {
    const ring = new RecentMessages();
    const limits = { recentMessages: 1000, recentMessageBytes: 1024 * 1024 };
    const big = (n: number) => Buffer.alloc(20_000, n);
    for (let i = 0; i < 40; i++) ring.record(message("big", big(i)), limits); // 800 kB: several doublings
    const kept = ring.list("#", 100).messages;
    expect(kept).toHaveLength(40);
    kept.forEach((m, i) => expect(m.payload.equals(big(39 - i))).toBe(true));
  });

  it("keeps the start of a payload larger than the whole ring, marked truncated", () => {
    const ring = new RecentMessages();
    ring.record(message("small", "x"), { recentMessages: 10, recentMessageBytes: 16 });
    ring.record(message("huge", Buffer.from("0123456789abcdefXYZ")), { recentMessages: 10, recentMessageBytes: 16 });
    const [huge, ...rest] = ring.list("#", 10).messages;
    expect(huge).toMatchObject({ topic: "huge", size: 19, truncated: true });
    expect(huge!.payload.toString()).toBe("0123456789abcdef");
    expect(rest).toEqual([]);
  });

  it("filters by MQTT topic filter ($-topics only by filters that name them) and pages with `before`", () => {
    const ring = new RecentMessages();
    const limits = { recentMessages: 100, recentMessageBytes: 1024 };
    for (let i = 1; i <= 6; i++) ring.record(message(i % 2 ? `odd/${i}` : `even/${i}`, String(i)), limits);
    ring.record(message("$internal/x", "7"), limits);
    expect(payloads(ring)).toEqual(["6", "5", "4", "3", "2", "1"]);
    expect(payloads(ring, "odd/+")).toEqual(["5", "3", "1"]);
    expect(payloads(ring, "$internal/#")).toEqual(["7"]);
    const page = ring.list("#", 2);
    expect(page.messages.map((m) => m.id)).toEqual([6, 5]);
    expect(page.more).toBe(true);
    const next = ring.list("#", 2, 5);
    expect(next.messages.map((m) => m.id)).toEqual([4, 3]);
    expect(ring.list("#", 10, 3)).toMatchObject({ more: false });
    expect(payloads(ring, "#", 10, 3)).toEqual(["2", "1"]);
  });

  it("follows new limits: the newest messages that fit stay, with their ids", () => {
    const ring = new RecentMessages();
    for (let i = 1; i <= 10; i++) ring.record(message("t", `m${i}`), { recentMessages: 100, recentMessageBytes: 1024 });
    ring.record(message("t", "m11"), { recentMessages: 4, recentMessageBytes: 1024 });
    expect(ring.list("#", 100).messages.map((m) => [m.id, m.payload.toString()])).toEqual([
      [11, "m11"],
      [10, "m10"],
      [9, "m9"],
      [8, "m8"],
    ]);
    ring.record(message("t", "m12"), { recentMessages: 4, recentMessageBytes: 7 });
    expect(payloads(ring)).toEqual(["m12", "m11"]);
  });

  it("keeps each message's topic, publisher, flags and properties", () => {
    const ring = new RecentMessages();
    const properties = { contentType: "text/plain", userProperties: [["k", "v"]] as Array<[string, string]>, correlationData: Buffer.from([1, 2]) };
    ring.record(message("a/b", "hi", { qos: 1, retain: true, publisherId: "dev-1", properties, expiresAt: clock + 60_000 }), { recentMessages: 10, recentMessageBytes: 100 });
    expect(ring.list("#", 1).messages[0]).toMatchObject({ topic: "a/b", size: 2, truncated: false, qos: 1, retain: true, clientId: "dev-1", properties });
  });
});

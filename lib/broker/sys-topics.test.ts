import { afterEach, describe, expect, it } from "vitest";
import { startSysTopics } from "./sys-topics.ts";
import { ClientPool, createTestHost } from "./test/harness.ts";

const pool = new ClientPool();
afterEach(() => pool.endAll());

describe("$SYS topics", () => {
  it("publishes each broker's counters as retained $SYS/broker/… messages", async () => {
    const { host } = createTestHost();
    const publisher = await pool.connect(host, "publisher");
    publisher.publish("nobody/listens", "x");
    publisher.publish("nobody/listens", "y");
    const watcher = await pool.connect(host, "watcher");
    await watcher.subscribe("$SYS/broker/+/+");
    const stop = startSysTopics(host, 60);
    try {
      const values = new Map<string, string>();
      while (values.size < 9) {
        const p = await watcher.expect("publish");
        values.set(p.topic, p.payload.toString());
        expect(p.retain).toBe(false); // a live update, not a retained replay
      }
      expect(values.get("$SYS/broker/clients/connected")).toBe("2");
      expect(values.get("$SYS/broker/messages/received")).toBe("2");
      expect(values.get("$SYS/broker/messages/dropped")).toBe("2"); // no subscribers
      expect(values.get("$SYS/broker/subscriptions/count")).toBe("1");
      expect(Number(values.get("$SYS/broker/bytes/received"))).toBeGreaterThan(0);

      // Retained: a later subscriber gets the latest value at once.
      const late = await pool.connect(host, "late");
      await late.subscribe("$SYS/broker/clients/connected");
      const replay = await late.expect("publish");
      expect([replay.payload.toString(), replay.retain]).toEqual(["2", true]);
    } finally {
      stop();
    }
  });
});

// The overview's traffic history: rates from counters, the four resolutions, bounded rings,
// totals across brokers, hook latency and errors, and deleted brokers forgotten.
import { describe, expect, it } from "vitest";
import { BrokerStats } from "../broker/stats.ts";
import { HookMetrics } from "../hook-runtime/metrics.ts";
import { TrafficHistory } from "./traffic-history.ts";

const start = 1_700_000_000_000;

function setup(keys: string[]) {
  // Brokers that started at `start`, the test's clock.
  const brokers = keys.map((key) => ({ key, stats: Object.assign(new BrokerStats(), { startedAt: start }) }));
  const hooks = new HookMetrics();
  const history = new TrafficHistory({ allBrokers: brokers }, hooks);
  return { brokers, hooks, history, stats: (i: number) => brokers[i]!.stats };
}

describe("TrafficHistory", () => {
  it("turns counters into per-second rates since the broker started", () => {
    const { history, stats } = setup(["acme/plant"]);
    history.sample(start);
    expect(history.series("acme/plant", "1m")).toEqual([]);

    Object.assign(stats(0), { connections: 3, messagesReceived: 100, messagesSent: 250, bytesReceived: 6400, bytesSent: 16000 });
    stats(0).drop("no_subscribers", 4);
    stats(0).drop("hook", 2);
    history.sample(start + 1000);
    expect(history.series("acme/plant", "1m")).toEqual([
      { t: start + 1000, connections: 3, messagesIn: 100, messagesOut: 250, bytesIn: 6400, bytesOut: 16000, drops: { no_subscribers: 4, hook: 2 }, hookErrors: 0, hookLatencyP99: null },
    ]);

    // Two seconds later (a late timer): rates are per second over the real interval.
    stats(0).messagesReceived += 300;
    history.sample(start + 3000);
    expect(history.series("acme/plant", "1m")!.at(-1)).toMatchObject({ t: start + 3000, messagesIn: 150, messagesOut: 0, drops: {} });
  });

  it("keeps one point per step for each range, and never more than the range holds", () => {
    const { history, stats } = setup(["acme/plant"]);
    for (let second = 0; second <= 400; second++) {
      history.sample(start + second * 1000);
      stats(0).messagesReceived += 10; // in the second that follows
    }
    expect(history.series("acme/plant", "1m")).toHaveLength(60);
    expect(history.series("acme/plant", "15m")).toHaveLength(80); // every 5 s over 400 s
    expect(history.series("acme/plant", "1h")).toHaveLength(20); // every 20 s
    expect(history.series("acme/plant", "24h")).toHaveLength(1); // every 300 s
    for (const range of ["1m", "15m", "1h", "24h"] as const) {
      for (const point of history.series("acme/plant", range)!) expect(point.messagesIn).toBeCloseTo(10);
    }
    expect(history.series("acme/plant", "1m")!.at(0)!.t).toBe(start + 341_000);
  });

  it("sums brokers per instant for the total, and forgets a broker that is gone", () => {
    const { brokers, history, stats } = setup(["acme/a", "acme/b"]);
    history.sample(start);
    Object.assign(stats(0), { connections: 2, messagesReceived: 10 });
    Object.assign(stats(1), { connections: 5, messagesReceived: 30 });
    stats(1).drop("queue_full", 7);
    history.sample(start + 1000);
    expect(history.total("1m")).toEqual([
      { t: start + 1000, connections: 7, messagesIn: 40, messagesOut: 0, bytesIn: 0, bytesOut: 0, drops: { queue_full: 7 }, hookErrors: 0, hookLatencyP99: null },
    ]);
    // The total is a copy: reading it twice gives the same answer.
    expect(history.total("1m")[0]!.messagesIn).toBe(40);

    brokers.splice(1, 1);
    history.sample(start + 2000);
    expect(history.series("acme/b", "1m")).toBeUndefined();
    expect(history.total("1m").at(-1)).toMatchObject({ connections: 2, messagesIn: 0 });
  });

  it("records hook errors and the p99 latency of the versions that ran", () => {
    const { history, hooks } = setup(["acme/plant"]);
    history.sample(start);
    const v1 = hooks.for("acme/plant", 1);
    for (let i = 1; i <= 100; i++) v1.recordLatency(i);
    v1.invocations = 100;
    v1.errors = 3;
    history.sample(start + 1000);
    expect(history.series("acme/plant", "1m")!.at(-1)).toMatchObject({ hookErrors: 3, hookLatencyP99: 100 });

    // A second without calls has no latency, even though the window still holds samples.
    history.sample(start + 2000);
    expect(history.series("acme/plant", "1m")!.at(-1)).toMatchObject({ hookErrors: 0, hookLatencyP99: null });

    // The coarser ranges keep the highest p99 seen within their step: v1's slow second 3, though
    // only v2 (fast) ran in second 5.
    for (let i = 0; i < 200; i++) v1.recordLatency(500);
    v1.invocations++;
    history.sample(start + 3000);
    const v2 = hooks.for("acme/plant", 2);
    for (const second of [4, 5]) {
      v2.recordLatency(1);
      v2.invocations++;
      history.sample(start + second * 1000);
    }
    expect(history.series("acme/plant", "1m")!.at(-1)).toMatchObject({ t: start + 5000, hookLatencyP99: 1 });
    expect(history.series("acme/plant", "15m")!.at(-1)).toMatchObject({ t: start + 5000, hookLatencyP99: 500 });
  });
});

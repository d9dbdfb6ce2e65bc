import { describe, expect, it } from "vitest";
import { Throughput } from "./throughput.ts";

describe("Throughput", () => {
  const t0 = 1_700_000_000_000; // a whole second

  it("gives the last 60 whole seconds, in total and per subscription, quiet seconds as zero", () => {
    const rates = new Throughput();
    rates.record(t0 + 10, 100, [1]);
    rates.record(t0 + 900, 50, [1, 2]);
    rates.record(t0 + 2_000, 10, []);
    rates.record(t0 + 3_500, 10, [2]); // the current second: not shown yet
    const series = rates.series(t0 + 3_600);
    expect(series).toHaveLength(60);
    expect(series.at(-1)).toEqual({ t: t0 + 2_000, messages: 1, bytes: 10, perSubscription: {} });
    expect(series.at(-2)).toEqual({ t: t0 + 1_000, messages: 0, bytes: 0, perSubscription: {} });
    expect(series.at(-3)).toEqual({ t: t0, messages: 2, bytes: 150, perSubscription: { 1: { messages: 2, bytes: 150 }, 2: { messages: 1, bytes: 50 } } });
  });

  it("forgets what is older than the window, and a late record for a reused second", () => {
    const rates = new Throughput(60);
    rates.record(t0, 1, []);
    rates.record(t0 + 60_000, 2, []); // same bucket, a minute later
    rates.record(t0 + 5, 4, []); // late, for a second the ring no longer holds
    const series = rates.series(t0 + 61_000);
    expect(series.at(-1)).toMatchObject({ t: t0 + 60_000, messages: 1, bytes: 2 });
    expect(series.reduce((sum, p) => sum + p.messages, 0)).toBe(1);
  });
});

// The latency histogram: exact below 128 µs, within 1.6% above, percentiles by rank.
import { describe, expect, it } from "vitest";
import { Histogram } from "./histogram.ts";

describe("Histogram", () => {
  it("reports percentiles of uniform samples within the bucket error", () => {
    const h = new Histogram();
    for (let i = 1; i <= 10_000; i++) h.record(i / 1000); // 1 µs … 10 ms
    expect(h.count).toBe(10_000);
    expect(Math.abs(h.percentile(0.5)! - 5) / 5).toBeLessThan(0.016);
    expect(Math.abs(h.percentile(0.99)! - 9.9) / 9.9).toBeLessThan(0.016);
  });

  it("is exact for small values and ignores NaN and negative samples", () => {
    const h = new Histogram();
    h.record(0.05);
    h.record(Number.NaN);
    h.record(-1);
    expect(h.count).toBe(1);
    expect(h.percentile(0.5)).toBe(0.05);
  });

  it("holds very large values and empties on reset", () => {
    const h = new Histogram();
    h.record(1_000_000); // 1000 s
    expect(h.percentile(1)! / 1_000_000).toBeCloseTo(1, 1);
    h.reset();
    expect(h.percentile(0.5)).toBeUndefined();
  });
});

// The sign-in limiter: N attempts per sliding window per key, Retry-After, reset, and a bounded
// number of tracked keys. The clock is a fake one the tests move by hand.
import { describe, expect, it } from "vitest";
import { RateLimiter, signInLimits } from "./rate-limiter.ts";

const minute = 60_000;

function limiter(options: { limit?: number; windowMs?: number; maxKeys?: number } = {}) {
  const clock = { now: 0 };
  const rl = new RateLimiter({ limit: 5, windowMs: 15 * minute, maxKeys: 1000, ...options, now: () => clock.now });
  return { rl, clock };
}

function attempts(rl: RateLimiter, key: string, n: number) {
  return Array.from({ length: n }, () => rl.attempt(key));
}

describe("RateLimiter", () => {
  it("allows `limit` attempts, then refuses with the seconds until the window frees one", () => {
    const { rl, clock } = limiter();
    expect(attempts(rl, "ada@example.com", 5)).toEqual(Array(5).fill({ allowed: true, retryAfterSeconds: 0 }));
    expect(rl.attempt("ada@example.com")).toEqual({ allowed: false, retryAfterSeconds: 15 * 60 });
    clock.now = 4 * minute;
    expect(rl.attempt("ada@example.com")).toEqual({ allowed: false, retryAfterSeconds: 11 * 60 });
  });

  it("rounds Retry-After up, so a client that waits it out is allowed", () => {
    const { rl, clock } = limiter();
    attempts(rl, "k", 5);
    clock.now = 15 * minute - 1;
    expect(rl.attempt("k")).toEqual({ allowed: false, retryAfterSeconds: 1 });
    clock.now = 15 * minute - 1001;
    expect(rl.attempt("k")).toEqual({ allowed: false, retryAfterSeconds: 2 });
    clock.now = 15 * minute;
    expect(rl.attempt("k").allowed).toBe(true);
  });

  it("slides: each attempt leaves the window on its own, oldest first", () => {
    const { rl, clock } = limiter();
    for (let i = 0; i < 5; i++) {
      clock.now = i * minute;
      expect(rl.attempt("k").allowed).toBe(true);
    }
    clock.now = 10 * minute;
    expect(rl.attempt("k")).toEqual({ allowed: false, retryAfterSeconds: 5 * 60 }); // the t=0 attempt leaves at 15 min
    clock.now = 15 * minute;
    expect(rl.attempt("k").allowed).toBe(true); // replaces the t=0 attempt
    expect(rl.attempt("k")).toEqual({ allowed: false, retryAfterSeconds: 60 }); // the t=1 min attempt leaves at 16 min
    clock.now = 20 * minute;
    expect(attempts(rl, "k", 4).every((r) => r.allowed)).toBe(true); // t=1…4 min have all left
    expect(rl.attempt("k").allowed).toBe(false);
  });

  it("does not count refused attempts, so hammering does not extend the block", () => {
    const { rl, clock } = limiter();
    attempts(rl, "k", 5);
    for (let s = 1; s < 15 * 60; s += 7) {
      clock.now = s * 1000;
      expect(rl.attempt("k").allowed).toBe(false);
    }
    clock.now = 15 * minute;
    expect(attempts(rl, "k", 5).every((r) => r.allowed)).toBe(true);
  });

  it("keeps keys apart", () => {
    const { rl } = limiter({ limit: 2 });
    attempts(rl, "a", 2);
    expect(rl.attempt("a").allowed).toBe(false);
    expect(rl.attempt("b").allowed).toBe(true);
    expect(rl.attempt("A").allowed).toBe(true); // keys are exact; the caller normalizes emails
  });

  it("forgets a key on reset, and only that key", () => {
    const { rl } = limiter({ limit: 2 });
    attempts(rl, "a", 2);
    attempts(rl, "b", 2);
    rl.reset("a");
    expect(attempts(rl, "a", 2).every((r) => r.allowed)).toBe(true);
    expect(rl.attempt("a").allowed).toBe(false);
    expect(rl.attempt("b").allowed).toBe(false);
    rl.reset("never seen"); // harmless
  });

  it("tracks at most maxKeys keys however many distinct keys arrive", () => {
    const { rl, clock } = limiter({ maxKeys: 100 });
    let mostTracked = 0;
    for (let i = 0; i < 50_000; i++) {
      clock.now = i;
      rl.attempt(`flood-${i}`);
      mostTracked = Math.max(mostTracked, rl.trackedKeys);
    }
    expect(mostTracked).toBe(100);
    expect(rl.trackedKeys).toBe(100);
  });

  it("evicts the key whose last counted attempt is oldest, keeping recently active ones", () => {
    const { rl, clock } = limiter({ limit: 2, maxKeys: 3 });
    const at = (t: number, key: string) => {
      clock.now = t;
      return rl.attempt(key).allowed;
    };
    at(0, "a");
    at(1, "b");
    at(2, "a"); // a's second attempt: a is now more recent than b
    at(3, "c");
    expect(at(4, "d")).toBe(true); // a fourth key: b, the least recent, goes
    expect(rl.trackedKeys).toBe(3);
    expect(at(5, "a")).toBe(false); // still tracked: both attempts count
    expect([at(6, "b"), at(7, "b"), at(8, "b")]).toEqual([true, true, false]); // forgotten: a fresh start
  });

  it("refuses a limit, window or key bound that could never allow anything", () => {
    expect(() => new RateLimiter({ limit: 0, windowMs: minute, maxKeys: 10 })).toThrow(RangeError);
    expect(() => new RateLimiter({ limit: 1, windowMs: 0, maxKeys: 10 })).toThrow(RangeError);
    expect(() => new RateLimiter({ limit: 1, windowMs: minute, maxKeys: 0 })).toThrow(RangeError);
    expect(() => new RateLimiter({ limit: Number.NaN, windowMs: minute, maxKeys: 10 })).toThrow(RangeError);
  });

  it("uses a real monotonic clock by default", () => {
    const rl = new RateLimiter(signInLimits.perEmail);
    expect(attempts(rl, "ada@example.com", 5).every((r) => r.allowed)).toBe(true);
    const refused = rl.attempt("ada@example.com");
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBeGreaterThan(15 * 60 - 5);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
  });
});

describe("signInLimits", () => {
  it("are 5 attempts per email and 20 per IP per 15 minutes", () => {
    expect(signInLimits.perEmail).toMatchObject({ limit: 5, windowMs: 15 * minute });
    expect(signInLimits.perIp).toMatchObject({ limit: 20, windowMs: 15 * minute });
  });
});

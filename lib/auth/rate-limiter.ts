// Sign-in throttling: a sliding-window attempt limiter keyed by string, in memory, with a bounded
// number of keys. POST /v1/auth/verify keeps one per email and one per IP (signInLimits) and
// answers 429 with Retry-After when either refuses.
//
// Every attempt is counted when it starts (`attempt`), not when it fails: verifying a password
// awaits argon2 (about 20 ms), and with a check-then-recordFailure API a burst of concurrent
// guesses would all pass the check before the first failure was recorded. A successful
// sign-in then calls `reset(email)`, so in effect the email key counts failures. The IP key is
// never reset, since one valid account must not buy an attacker fresh guesses at others; it counts
// successful sign-ins too, which its higher limit allows for.
import { performance } from "node:perf_hooks";

export interface RateLimiterOptions {
  /** Attempts a key may make within any window of `windowMs`. */
  limit: number;
  windowMs: number;
  /** Keys tracked at once; a new key beyond it evicts the key whose last attempt is oldest. */
  maxKeys: number;
  /** Milliseconds; monotonic by default so wall-clock steps neither lift nor extend a block. */
  now?: () => number;
}

export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until an attempt would be allowed: 0 when allowed, at least 1 when not. */
  retryAfterSeconds: number;
}

// Keys are a normalized email (trimmed, lower-case: the caller's job) and a client IP. Eviction
// resets a key's count, so maxKeys must exceed the distinct keys one window sees in normal use;
// a flood of distinct emails from one address is itself capped by the IP limiter.
export const signInLimits = Object.freeze({
  perEmail: Object.freeze({ limit: 5, windowMs: 15 * 60_000, maxKeys: 10_000 }),
  perIp: Object.freeze({ limit: 20, windowMs: 15 * 60_000, maxKeys: 10_000 }),
});

export class RateLimiter {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #maxKeys: number;
  readonly #now: () => number;
  // Per key, the times of its counted attempts still in the window, oldest first: at most `limit`
  // numbers. The map is ordered by each key's last counted attempt, so its first key is the one
  // whose window ends soonest, the cheapest to forget.
  readonly #attempts = new Map<string, number[]>();

  constructor({ limit, windowMs, maxKeys, now = () => performance.now() }: RateLimiterOptions) {
    if (!(limit >= 1 && windowMs > 0 && maxKeys >= 1)) throw new RangeError("RateLimiter needs limit ≥ 1, windowMs > 0 and maxKeys ≥ 1");
    this.#limit = limit;
    this.#windowMs = windowMs;
    this.#maxKeys = maxKeys;
    this.#now = now;
  }

  /** Counts an attempt for `key` unless the key is at its limit; a refused attempt is not counted, so hammering does not extend the block. */
  attempt(key: string): RateLimitResult {
    const now = this.#now();
    const times = (this.#attempts.get(key) ?? []).filter((t) => now - t < this.#windowMs);
    if (times.length >= this.#limit) {
      const msLeft = times[0] + this.#windowMs - now;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(msLeft / 1000)) };
    }
    times.push(now);
    this.#attempts.delete(key); // re-inserted last: its latest attempt is now the newest
    if (this.#attempts.size >= this.#maxKeys) this.#attempts.delete(this.#attempts.keys().next().value!);
    this.#attempts.set(key, times);
    return { allowed: true, retryAfterSeconds: 0 };
  }

  /** Forgets `key`'s attempts (a successful sign-in resets its email key). */
  reset(key: string): void {
    this.#attempts.delete(key);
  }

  /** Keys currently tracked, never more than maxKeys. */
  get trackedKeys(): number {
    return this.#attempts.size;
  }
}

// Messages and bytes per second over the last minute, in total and per subscription (by its MQTT 5
// subscription identifier): one bucket per second in a ring, so recording is constant work and
// the memory is 60 buckets whatever the rate.

export interface RatePoint {
  /** The second's start (ms since the epoch). */
  t: number;
  messages: number;
  bytes: number;
  /** Per subscription identifier. */
  perSubscription: Record<number, { messages: number; bytes: number }>;
}

interface Bucket {
  second: number;
  messages: number;
  bytes: number;
  perSubscription: Map<number, { messages: number; bytes: number }>;
}

export class Throughput {
  private buckets: Array<Bucket | undefined>;

  constructor(readonly seconds = 60) {
    this.buckets = new Array(seconds);
  }

  record(at: number, bytes: number, subscriptionIds: readonly number[]): void {
    const second = Math.floor(at / 1000);
    const index = second % this.seconds;
    let bucket = this.buckets[index];
    if (!bucket || bucket.second !== second) {
      // A bucket a minute old is reused; an older second than the ring holds is not counted.
      if (bucket && bucket.second > second) return;
      bucket = { second, messages: 0, bytes: 0, perSubscription: new Map() };
      this.buckets[index] = bucket;
    }
    bucket.messages++;
    bucket.bytes += bytes;
    for (const id of subscriptionIds) {
      const sub = bucket.perSubscription.get(id);
      if (sub) {
        sub.messages++;
        sub.bytes += bytes;
      } else bucket.perSubscription.set(id, { messages: 1, bytes });
    }
  }

  /** One point per whole second of the last `seconds` before `now`'s second, oldest first; quiet seconds are zero. */
  series(now: number): RatePoint[] {
    const current = Math.floor(now / 1000);
    const points: RatePoint[] = [];
    for (let second = current - this.seconds; second < current; second++) {
      const bucket = this.buckets[((second % this.seconds) + this.seconds) % this.seconds];
      const live = bucket?.second === second ? bucket : undefined;
      points.push({ t: second * 1000, messages: live?.messages ?? 0, bytes: live?.bytes ?? 0, perSubscription: live ? Object.fromEntries(live.perSubscription) : {} });
    }
    return points;
  }

  clear(): void {
    this.buckets = new Array(this.seconds);
  }
}

// Latency histogram for the subscribers: a fixed array of log-linear buckets in microseconds, so
// recording a sample never allocates. Values below 128 µs are exact; above, each power of two is
// split into 64 buckets (under 1.6% error), up to 2^31 µs.

const SUB_BUCKETS = 64;
const EXACT_BELOW = 2 * SUB_BUCKETS;
const BUCKETS = 25 * SUB_BUCKETS + EXACT_BELOW;

export class Histogram {
  private counts = new Float64Array(BUCKETS);
  count = 0;

  /** Records one latency in milliseconds (negative and NaN samples are ignored). */
  record(ms: number): void {
    const micros = Math.round(ms * 1000);
    if (!(micros >= 0)) return;
    this.counts[bucketOf(Math.min(micros, 2 ** 31 - 1))]++;
    this.count++;
  }

  reset(): void {
    this.counts.fill(0);
    this.count = 0;
  }

  /** The value (ms) below which `fraction` of the samples fall; undefined without samples. */
  percentile(fraction: number): number | undefined {
    if (this.count === 0) return undefined;
    const rank = Math.ceil(fraction * this.count);
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i];
      if (seen >= rank) return bucketMiddle(i) / 1000;
    }
    return undefined;
  }
}

function bucketOf(micros: number): number {
  if (micros < EXACT_BELOW) return micros;
  const shift = 31 - Math.clz32(micros) - 6; // micros >> shift lands in [64, 128)
  return shift * SUB_BUCKETS + (micros >> shift);
}

function bucketMiddle(index: number): number {
  if (index < EXACT_BELOW) return index;
  const shift = Math.floor(index / SUB_BUCKETS) - 1;
  const width = 2 ** shift;
  return (index - shift * SUB_BUCKETS) * width + (width - 1) / 2;
}

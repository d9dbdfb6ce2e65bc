// Per-version hook metrics (issue 4): counters and a latency window for p50/p99, in memory.
// Read by `GET …/hook/metrics` and the Prometheus collector; they start from zero at each start.

/** Latency samples kept per version: enough for a stable p99, bounded. */
const LATENCY_WINDOW = 2048;

export interface HookVersionMetricsSnapshot {
  version: number;
  invocations: number;
  messagesIn: number;
  messagesOut: number;
  dropped: number;
  modified: number;
  created: number;
  errors: number;
  timeouts: number;
  latencyMs: { p50: number | null; p99: number | null };
}

export class HookVersionMetrics {
  invocations = 0;
  messagesIn = 0;
  messagesOut = 0;
  dropped = 0;
  modified = 0;
  /** Messages the hook returned without a `mid`: new publishes. */
  created = 0;
  /** Failed calls, timeouts included. */
  errors = 0;
  timeouts = 0;
  private readonly latencies = new Float64Array(LATENCY_WINDOW);
  private samples = 0;

  constructor(readonly version: number) {}

  recordLatency(ms: number): void {
    this.latencies[this.samples % LATENCY_WINDOW] = ms;
    this.samples++;
  }

  snapshot(): HookVersionMetricsSnapshot {
    const { version, invocations, messagesIn, messagesOut, dropped, modified, created, errors, timeouts } = this;
    return { version, invocations, messagesIn, messagesOut, dropped, modified, created, errors, timeouts, latencyMs: { p50: this.quantile(0.5), p99: this.quantile(0.99) } };
  }

  quantile(q: number): number | null {
    const count = Math.min(this.samples, LATENCY_WINDOW);
    if (count === 0) return null;
    const sorted = this.latencies.slice(0, count).sort();
    return Math.round(sorted[Math.min(count - 1, Math.floor(q * count))]! * 100) / 100;
  }
}

/** Every broker's per-version metrics, by broker key (`ns/broker`). */
export class HookMetrics {
  private readonly brokers = new Map<string, Map<number, HookVersionMetrics>>();

  for(broker: string, version: number): HookVersionMetrics {
    let versions = this.brokers.get(broker);
    if (!versions) this.brokers.set(broker, (versions = new Map()));
    let metrics = versions.get(version);
    if (!metrics) versions.set(version, (metrics = new HookVersionMetrics(version)));
    return metrics;
  }

  /** Versions that ran since the start, newest first. */
  list(broker: string): HookVersionMetricsSnapshot[] {
    return [...(this.brokers.get(broker)?.values() ?? [])].map((m) => m.snapshot()).sort((a, b) => b.version - a.version);
  }

  *all(): Generator<[string, HookVersionMetrics]> {
    for (const [broker, versions] of this.brokers) for (const metrics of versions.values()) yield [broker, metrics];
  }

  forget(broker: string): void {
    this.brokers.delete(broker);
  }
}

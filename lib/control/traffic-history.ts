// Recent traffic per broker for the console's overview: once a second every broker's counters
// (lib/broker/stats.ts) and hook metrics are read and turned into per-second rates, kept in
// fixed-size rings at four resolutions, one per range the overview offers. In memory only: the
// history starts again with the server, and Prometheus (/metrics) is the place for long-term data.
import { dropReasons, type BrokerStats, type DropReason } from "../broker/stats.ts";
import type { HookMetrics } from "../hook-runtime/metrics.ts";
import { trafficRangeNames, trafficRanges, type TrafficPoint, type TrafficRange } from "../validations/traffic.ts";

/** What the history reads: the broker host's brokers (narrowed, so tests can drive it). */
export interface TrafficSource {
  readonly allBrokers: Iterable<{ readonly key: string; readonly stats: BrokerStats }>;
}

interface Counters {
  at: number;
  messagesIn: number;
  messagesOut: number;
  bytesIn: number;
  bytesOut: number;
  drops: number[];
  hookErrors: number;
}

/** One range of one broker: the ring of points and the counters at its last point. */
class Ring {
  readonly points: TrafficPoint[] = [];
  /** Highest hook p99 seen by the per-second samples since the last point. */
  hookLatencyP99: number | null = null;

  constructor(
    readonly range: TrafficRange,
    public last: Counters,
  ) {}

  due(now: number): boolean {
    // Half a second of slack: the timer fires late now and then, never early by that much.
    return now - this.last.at >= trafficRanges[this.range].stepSeconds * 1000 - 500;
  }

  push(point: TrafficPoint): void {
    this.points.push(point);
    if (this.points.length > trafficRanges[this.range].points) this.points.shift();
  }
}

export class TrafficHistory {
  private readonly brokers = new Map<string, Map<TrafficRange, Ring>>();
  /** Invocations seen per hook version (`broker#version`), to tell which versions ran in a second. */
  private readonly hookInvocations = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly source: TrafficSource,
    private readonly hooks: HookMetrics,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.sample(Date.now()), 1000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Reads every broker once (the timer calls this each second; tests call it with their clock). */
  sample(now: number): void {
    const hooks = this.hookSample();
    const seen = new Set<string>();
    for (const broker of this.source.allBrokers) {
      seen.add(broker.key);
      const counters = readCounters(broker.stats, hooks.errors.get(broker.key) ?? 0, now);
      let rings = this.brokers.get(broker.key);
      if (!rings) {
        // A broker's counters start at zero when it starts: its first point covers the time since.
        const origin: Counters = { at: broker.stats.startedAt, messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0, drops: dropReasons.map(() => 0), hookErrors: 0 };
        this.brokers.set(broker.key, (rings = new Map(trafficRangeNames.map((range) => [range, new Ring(range, origin)]))));
      }
      const latency = hooks.latency.get(broker.key) ?? null;
      for (const ring of rings.values()) {
        if (latency !== null) ring.hookLatencyP99 = Math.max(ring.hookLatencyP99 ?? 0, latency);
        if (!ring.due(now)) continue;
        ring.push(pointBetween(ring.last, counters, broker.stats.connections, ring.hookLatencyP99));
        ring.last = counters;
        ring.hookLatencyP99 = null;
      }
    }
    for (const key of this.brokers.keys()) if (!seen.has(key)) this.forget(key);
  }

  private forget(broker: string): void {
    this.brokers.delete(broker);
    for (const key of this.hookInvocations.keys()) if (key.startsWith(`${broker}#`)) this.hookInvocations.delete(key);
  }

  /** A broker's points over the range, oldest first; undefined for a broker never sampled. */
  series(broker: string, range: TrafficRange): TrafficPoint[] | undefined {
    return this.brokers.get(broker)?.get(range)?.points.slice();
  }

  /** Every broker's points summed per instant (latency: the highest), oldest first. */
  total(range: TrafficRange): TrafficPoint[] {
    const byTime = new Map<number, TrafficPoint>();
    for (const rings of this.brokers.values()) {
      for (const point of rings.get(range)!.points) {
        const sum = byTime.get(point.t);
        byTime.set(point.t, sum ? addPoints(sum, point) : { ...point, drops: { ...point.drops } });
      }
    }
    return [...byTime.values()].sort((a, b) => a.t - b.t);
  }

  /** Hook errors per broker and, for brokers whose hook ran since the last sample, the highest p99. */
  private hookSample(): { errors: Map<string, number>; latency: Map<string, number> } {
    const errors = new Map<string, number>();
    const latency = new Map<string, number>();
    for (const [broker, metrics] of this.hooks.all()) {
      errors.set(broker, (errors.get(broker) ?? 0) + metrics.errors);
      const key = `${broker}#${metrics.version}`;
      if (metrics.invocations === (this.hookInvocations.get(key) ?? 0)) continue;
      this.hookInvocations.set(key, metrics.invocations);
      const p99 = metrics.quantile(0.99);
      if (p99 !== null) latency.set(broker, Math.max(latency.get(broker) ?? 0, p99));
    }
    return { errors, latency };
  }
}

function readCounters(stats: BrokerStats, hookErrors: number, at: number): Counters {
  return {
    at,
    messagesIn: stats.messagesReceived,
    messagesOut: stats.messagesSent,
    bytesIn: stats.bytesReceived,
    bytesOut: stats.bytesSent,
    drops: dropReasons.map((reason) => stats.drops[reason]),
    hookErrors,
  };
}

function pointBetween(from: Counters, to: Counters, connections: number, hookLatencyP99: number | null): TrafficPoint {
  const seconds = Math.max((to.at - from.at) / 1000, 0.001);
  // Counters only grow; a broker recreated under the same key starts again at zero.
  const rate = (a: number, b: number) => Math.max(b - a, 0) / seconds;
  const drops: TrafficPoint["drops"] = {};
  dropReasons.forEach((reason, i) => {
    const perSecond = rate(from.drops[i]!, to.drops[i]!);
    if (perSecond > 0) drops[reason] = perSecond;
  });
  return {
    t: to.at,
    connections,
    messagesIn: rate(from.messagesIn, to.messagesIn),
    messagesOut: rate(from.messagesOut, to.messagesOut),
    bytesIn: rate(from.bytesIn, to.bytesIn),
    bytesOut: rate(from.bytesOut, to.bytesOut),
    drops,
    hookErrors: rate(from.hookErrors, to.hookErrors),
    hookLatencyP99,
  };
}

function addPoints(sum: TrafficPoint, point: TrafficPoint): TrafficPoint {
  sum.connections += point.connections;
  sum.messagesIn += point.messagesIn;
  sum.messagesOut += point.messagesOut;
  sum.bytesIn += point.bytesIn;
  sum.bytesOut += point.bytesOut;
  sum.hookErrors += point.hookErrors;
  for (const [reason, perSecond] of Object.entries(point.drops) as Array<[DropReason, number]>) sum.drops[reason] = (sum.drops[reason] ?? 0) + perSecond;
  if (point.hookLatencyP99 !== null) sum.hookLatencyP99 = Math.max(sum.hookLatencyP99 ?? 0, point.hookLatencyP99);
  return sum;
}

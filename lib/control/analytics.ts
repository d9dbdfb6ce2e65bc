// Analytics: script hooks write data points (`env.metrics.writeDataPoint`) through the
// AnalyticsWriter, which buffers them off the publish path and appends them to the store once a
// second; the console and the API read them back with one read-only SELECT over `telemetry`.
import type { Logger } from "../logger.ts";
import type { Store } from "../store/index.ts";
import { AnalyticsCostError, type AnalyticsPoint, type AnalyticsQueryResult } from "../store/repositories/analytics.ts";
import { databaseError } from "../store/repositories/errors.ts";
import { isStorableText } from "../store/text.ts";
import { singleSelect } from "../validations/analytics.ts";
import { ControlError } from "./errors.ts";

export const analyticsLimits = {
  maxLabels: 20,
  maxLabelLength: 256,
  maxMetrics: 20,
  /** Points waiting for the next flush; more are dropped (and counted) rather than grow memory. */
  maxPending: 10_000,
  flushIntervalMs: 1000,
  maxRows: 1000,
  /** Of a query's rows as JSON: a thousand rows of 20 full labels take about 5 MiB. */
  maxResultBytes: 16 * 1024 * 1024,
  queryTimeoutMs: 10_000,
  /**
   * Planner cost units (≈ reading one 8 KB page sequentially each); above it a query is refused
   * before it runs. A full scan of a million data points costs about 40,000.
   */
  maxQueryCost: 1_000_000,
} as const;

/** Why a data point does not fit the table, or undefined when it does. */
function pointError(labels: unknown, metrics: unknown): string | undefined {
  if (!Array.isArray(labels) || labels.length > analyticsLimits.maxLabels) return `labels must be an array of at most ${analyticsLimits.maxLabels} strings`;
  if (labels.some((l) => typeof l !== "string" || l.length > analyticsLimits.maxLabelLength)) return `each label must be a string of at most ${analyticsLimits.maxLabelLength} characters`;
  // Checked here, not at flush: one unstorable label would fail every point of its batch.
  if (!labels.every(isStorableText)) return "labels must not contain NUL characters or unpaired surrogates";
  if (!Array.isArray(metrics) || metrics.length > analyticsLimits.maxMetrics) return `metrics must be an array of at most ${analyticsLimits.maxMetrics} numbers`;
  if (metrics.some((m) => typeof m !== "number" || !Number.isFinite(m))) return "each metric must be a finite number";
  return undefined;
}

/**
 * Buffers data points in memory and appends them to the store in the background. write() is
 * synchronous and never waits for I/O, so a hook's writeDataPoint costs no delivery time; flushes
 * run one after another, and their failures are logged and counted, never thrown to writers.
 */
export class AnalyticsWriter {
  private pending: AnalyticsPoint[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setInterval> | undefined;
  /** Points refused because maxPending were already waiting. */
  dropped = 0;
  /** Points lost because writing them to the store failed. */
  failed = 0;

  constructor(
    private readonly store: Pick<Store, "analytics">,
    private readonly log: Logger,
  ) {}

  /** Queues a point; returns why it was refused when it does not fit the table. */
  write(point: { brokerId: string; namespace: string; broker: string; labels: string[]; metrics: number[] }): string | undefined {
    const error = pointError(point.labels, point.metrics);
    if (error) return error;
    if (this.pending.length >= analyticsLimits.maxPending) {
      this.dropped++;
      return undefined;
    }
    this.pending.push({ ...point, labels: [...point.labels], metrics: [...point.metrics], at: new Date() });
    return undefined;
  }

  /** Writes what is pending now, after any flush already running. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      const batch = this.pending;
      if (batch.length === 0) return;
      this.pending = [];
      try {
        await this.store.analytics.append(batch);
      } catch (error) {
        this.failed += batch.length;
        this.log.error({ err: error, points: batch.length }, "writing analytics points failed; they are lost");
      }
    });
    return this.flushing;
  }

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), analyticsLimits.flushIntervalMs);
    this.timer.unref();
  }

  /** Stops the timer and writes what is still pending (call before closing the store). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}

export function analyticsService(store: Store) {
  return {
    /** Runs one SELECT over `telemetry`; the database's refusals come back as "invalid" with its message. */
    async query(sql: string): Promise<AnalyticsQueryResult> {
      const checked = singleSelect(sql);
      if ("error" in checked) throw new ControlError("invalid", checked.error, [{ path: "sql", message: checked.error }]);
      try {
        return await store.analytics.query(checked.sql, { timeoutMs: analyticsLimits.queryTimeoutMs, maxRows: analyticsLimits.maxRows, maxBytes: analyticsLimits.maxResultBytes, maxCost: analyticsLimits.maxQueryCost });
      } catch (error) {
        if (error instanceof AnalyticsCostError) throw new ControlError("invalid", error.message, [{ path: "sql", message: error.message }]);
        const refusal = userError(error);
        if (!refusal) throw error;
        throw new ControlError("invalid", refusal, [{ path: "sql", message: refusal }]);
      }
    },
  };
}

export type AnalyticsService = ReturnType<typeof analyticsService>;

/**
 * The database's message when the query itself was at fault (syntax, permissions, timeout, …);
 * undefined for the server's own trouble (connection, I/O, internal: SQLSTATE classes 08, 57P,
 * 58, XX), which stays a 500.
 */
function userError(error: unknown): string | undefined {
  const found = databaseError(error);
  if (!found || /^(08|57P|58|XX)/.test(found.code)) return undefined;
  // The view is all a query may read; say so where PostgreSQL only says no.
  return found.code === "42501" || found.code === "42P01" ? `${found.message} (queries may read only the view telemetry)` : found.message;
}

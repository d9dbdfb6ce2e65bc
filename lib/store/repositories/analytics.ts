// Analytics data points (script hooks' `metrics.writeDataPoint`) and the read-only SQL over them.
// Queries see only the view analytics.telemetry: migration 0004 defines it with the role
// sluice_analytics and the function analytics.run_query that runs a query as that role.
import { sql } from "drizzle-orm";
import type { Database } from "../client.ts";

export interface AnalyticsPoint {
  brokerId: string;
  namespace: string;
  broker: string;
  at: Date;
  labels: string[];
  metrics: number[];
}

export interface AnalyticsQueryResult {
  columns: string[];
  /** Values as JSON renders them: numbers, strings, timestamps as ISO 8601 strings in UTC. */
  rows: unknown[][];
  /** More rows matched than came back (maxRows, or maxBytes of them). */
  truncated: boolean;
}

/** A query whose estimated cost is above the limit: refused without running. */
export class AnalyticsCostError extends Error {
  constructor(
    readonly cost: number,
    readonly maxCost: number,
  ) {
    super(`the query's estimated cost (${Math.round(cost)}) exceeds the limit of ${maxCost}: filter on timestamp, or aggregate less`);
  }
}

export function analyticsRepository(db: Database) {
  return {
    /**
     * Inserts the points in one statement (one parameter, however many points). Points of a broker
     * deleted since they were written are skipped rather than failing the others.
     */
    async append(points: AnalyticsPoint[]): Promise<void> {
      if (points.length === 0) return;
      const json = JSON.stringify(points.map((p) => ({ broker_id: p.brokerId, namespace: p.namespace, broker: p.broker, at: p.at.toISOString(), labels: p.labels, metrics: p.metrics })));
      await db.execute(sql`
        insert into analytics_points (broker_id, namespace, broker, at, labels, metrics)
        select p.broker_id, p.namespace, p.broker, p.at, p.labels, p.metrics
        from jsonb_to_recordset(${json}::jsonb) as p(broker_id uuid, namespace text, broker text, at timestamptz, labels jsonb, metrics jsonb)
        where exists (select from brokers where brokers.id = p.broker_id)`);
    },

    /**
     * Runs one SELECT (checked by the caller) in a read-only transaction as sluice_analytics, with
     * a statement timeout (PostgreSQL only: PGlite runs on Node's thread and cannot interrupt a
     * query, so there a slow query blocks the server until it ends).
     */
    async query(query: string, options: { timeoutMs: number; maxRows: number; maxBytes: number; maxCost: number }): Promise<AnalyticsQueryResult> {
      return db.transaction(
        async (tx) => {
          await tx.execute(sql`select set_config('statement_timeout', ${String(Math.trunc(options.timeoutMs))}, true)`);
          await tx.execute(sql`set local search_path = analytics, pg_catalog`);
          await tx.execute(sql`set local role sluice_analytics`);
          // The planner's estimate, before anything runs: PGlite cannot stop a query at the
          // timeout, so a query that would run long is refused up front. EXPLAIN plans only; the
          // caller checked that this is one SELECT, and the role still applies.
          const plan = (await tx.execute(sql.raw(`explain (format json) ${query}`))) as { rows: Array<{ "QUERY PLAN": Array<{ Plan: { "Total Cost": number } }> }> };
          const cost = plan.rows[0]?.["QUERY PLAN"][0]?.Plan["Total Cost"] ?? 0;
          if (cost > options.maxCost) throw new AnalyticsCostError(cost, options.maxCost);
          // One more row than allowed tells truncation; the limit here holds whatever the query
          // does. Rows past maxBytes (counted as JSON text) come back as null, not sent.
          const result = await tx.execute(sql`
            select case when sum(octet_length(run_query::text)) over (rows unbounded preceding) <= ${options.maxBytes} then run_query end as row
            from (select run_query from analytics.run_query(${query}, ${options.maxRows + 1}) limit ${options.maxRows + 2}) as result`);
          // Both drivers (node-postgres, PGlite) answer raw SQL with `{rows}`.
          const [columns, ...rows] = (result as { rows: Array<{ row: unknown[] | null }> }).rows.map((r) => r.row);
          const cut = rows.indexOf(null);
          const kept = (cut === -1 ? rows : rows.slice(0, cut)) as unknown[][];
          return { columns: (columns ?? []) as string[], rows: kept.slice(0, options.maxRows), truncated: cut !== -1 || rows.length > options.maxRows };
        },
        { accessMode: "read only" },
      );
    },
  };
}

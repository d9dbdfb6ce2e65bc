"use client";
// Per-version metrics of the hook since the server started, refreshed every few seconds: the
// chart, and the numbers in a table.
import { Empty, LoadError, Loading } from "@/components/ui/states.tsx";
import { Cell, Row, Table } from "@/components/ui/table.tsx";
import { useHookMetrics } from "@/lib/swr/use-hook-metrics.ts";
import { HookMetricsChart } from "./hook-metrics-chart.tsx";
import { duration } from "@/components/ui/units.ts";

export function HookMetrics({ namespace, name }: { namespace: string; name: string }) {
  const { data, error, isLoading, mutate } = useHookMetrics(namespace, name);
  return (
    <section aria-labelledby="hook-metrics" className="space-y-4">
      <div className="space-y-1">
        <h2 id="hook-metrics" className="text-lg font-semibold">
          Metrics
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">Per version, since the server started. Latency is over each version&apos;s last 2,048 calls.</p>
      </div>
      {isLoading ? (
        <Loading label="Loading metrics…" />
      ) : error || !data ? (
        <LoadError error={error} retry={() => mutate()} />
      ) : data.versions.length === 0 ? (
        <Empty title="Nothing has run yet">Numbers appear once a version has handled messages.</Empty>
      ) : (
        <>
          <HookMetricsChart versions={data.versions} />
          <Table caption="Hook metrics per version" columns={["Version", "Calls", "Messages in", "Out", "Modified", "Dropped", "New", "Failed calls (timeouts)", "p50", "p99"]}>
            {data.versions.map((v) => (
              <Row key={v.version}>
                <Cell className="font-medium">{`v${v.version}${v.version === data.live ? " (live)" : ""}`}</Cell>
                {[v.invocations, v.messagesIn, v.messagesOut, v.modified, v.dropped, v.created].map((count, i) => (
                  <Cell key={i} className="tabular-nums">
                    {count.toLocaleString()}
                  </Cell>
                ))}
                <Cell className="tabular-nums">{`${v.errors.toLocaleString()} (${v.timeouts.toLocaleString()})`}</Cell>
                <Cell className="whitespace-nowrap tabular-nums">{v.latencyMs.p50 === null ? "—" : duration(v.latencyMs.p50)}</Cell>
                <Cell className="whitespace-nowrap tabular-nums">{v.latencyMs.p99 === null ? "—" : duration(v.latencyMs.p99)}</Cell>
              </Row>
            ))}
          </Table>
        </>
      )}
    </section>
  );
}

"use client";
// The overview's charts over the selected range: messages, bytes, connections, drops by reason,
// and the hook's latency and errors.
import { bytes, duration, perSecond } from "@/components/ui/units.ts";
import type { DropReason } from "@/lib/broker/stats.ts";
import type { TrafficPoint } from "@/lib/validations/traffic.ts";
import { TimeChart, type Series } from "@/components/charts/time-chart.tsx";

const palette = ["#0284c7", "#16a34a", "#d97706", "#dc2626", "#7c3aed", "#db2777", "#0d9488", "#65a30d", "#ea580c", "#4f46e5", "#64748b"];

export function TrafficCharts({ points, stepSeconds }: { points: TrafficPoint[]; stepSeconds: number }) {
  const withSeconds = stepSeconds < 60;
  const reasons = [...new Set(points.flatMap((p) => Object.keys(p.drops) as DropReason[]))].sort();
  const data = points.map((p) => ({ ...p, ...Object.fromEntries(reasons.map((r) => [`drop_${r}`, p.drops[r] ?? 0])) })) as unknown as Array<Record<string, number | null>>;
  const dropSeries: Series[] = reasons.map((reason, i) => ({ key: `drop_${reason}`, name: reason.replaceAll("_", " "), color: palette[i % palette.length]! }));
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <TimeChart
        title="Messages per second"
        data={data}
        withSeconds={withSeconds}
        format={(v) => perSecond(v, "msg")}
        series={[
          { key: "messagesIn", name: "in", color: palette[0]! },
          { key: "messagesOut", name: "out", color: palette[1]! },
        ]}
      />
      <TimeChart
        title="Bytes per second"
        data={data}
        withSeconds={withSeconds}
        format={(v) => `${bytes(v)}/s`}
        series={[
          { key: "bytesIn", name: "in", color: palette[0]! },
          { key: "bytesOut", name: "out", color: palette[1]! },
        ]}
      />
      <TimeChart title="Connections" data={data} withSeconds={withSeconds} format={(v) => v.toLocaleString()} series={[{ key: "connections", name: "connected clients", color: palette[4]! }]} />
      {reasons.length ? (
        <TimeChart title="Drops by reason" data={data} withSeconds={withSeconds} format={(v) => perSecond(v, "msg")} series={dropSeries} stacked />
      ) : (
        <figure className="flex items-center justify-center rounded-lg border border-dashed border-slate-300 p-3 text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          <figcaption>No drops in this range.</figcaption>
        </figure>
      )}
      <TimeChart title="Hook p99 latency" data={data} withSeconds={withSeconds} format={duration} series={[{ key: "hookLatencyP99", name: "p99", color: palette[2]! }]} />
      <TimeChart title="Hook errors per second" data={data} withSeconds={withSeconds} format={(v) => perSecond(v, "call")} series={[{ key: "hookErrors", name: "errors", color: palette[3]! }]} />
    </div>
  );
}

"use client";
// Per-version hook metrics as bar charts (recharts): what happened to the messages, and how long
// calls took. The table beside it (hook-metrics.tsx) has the same numbers for reading exactly.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { HookMetrics } from "@/lib/swr/use-hook-metrics.ts";

type VersionMetrics = HookMetrics["versions"][number];

// Mid-tones that read on both the light and the dark background.
const messageSeries = [
  { key: "messagesIn", name: "In", color: "#64748b" },
  { key: "messagesOut", name: "Out", color: "#0284c7" },
  { key: "modified", name: "Modified", color: "#8b5cf6" },
  { key: "dropped", name: "Dropped", color: "#d97706" },
  { key: "created", name: "New", color: "#059669" },
  { key: "errors", name: "Failed calls", color: "#dc2626" },
] as const;

const latencySeries = [
  { key: "p50", name: "p50", color: "#0284c7" },
  { key: "p99", name: "p99", color: "#d97706" },
] as const;

export function HookMetricsChart({ versions }: { versions: VersionMetrics[] }) {
  const oldestFirst = [...versions].reverse();
  const messages = oldestFirst.map((v) => ({ ...v, label: `v${v.version}` }));
  const latency = oldestFirst.map((v) => ({ label: `v${v.version}`, p50: v.latencyMs.p50, p99: v.latencyMs.p99 }));
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Chart title="Messages per version" unit="messages" data={messages} series={messageSeries} />
      <Chart title="Call latency per version (ms)" unit="ms" data={latency} series={latencySeries} />
    </div>
  );
}

interface ChartProps {
  title: string;
  unit: string;
  data: Array<Record<string, unknown>>;
  series: ReadonlyArray<{ key: string; name: string; color: string }>;
}

function Chart({ title, unit, data, series }: ChartProps) {
  return (
    <figure className="space-y-2 text-slate-600 [--chart-tooltip-bg:#ffffff] [--chart-tooltip-fg:#0f172a] dark:text-slate-400 dark:[--chart-tooltip-bg:#1e293b] dark:[--chart-tooltip-fg:#f1f5f9]">
      <figcaption className="text-sm font-medium text-slate-800 dark:text-slate-200">{title}</figcaption>
      {/* The table below carries the numbers for screen readers. */}
      <div className="h-64" aria-hidden>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.2} />
            <XAxis dataKey="label" stroke="currentColor" tick={{ fill: "currentColor", fontSize: 12 }} />
            <YAxis allowDecimals={unit === "ms"} stroke="currentColor" tick={{ fill: "currentColor", fontSize: 12 }} width={48} />
            <Tooltip
              formatter={(value) => `${Number(value).toLocaleString()} ${unit}`}
              cursor={{ fill: "currentColor", fillOpacity: 0.08 }}
              wrapperClassName="rounded-md text-sm shadow"
              contentStyle={{ background: "var(--chart-tooltip-bg)", border: "none", borderRadius: "0.375rem" }}
              labelStyle={{ color: "var(--chart-tooltip-fg)" }}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
            {series.map((s) => (
              <Bar key={s.key} dataKey={s.key} name={s.name} fill={s.color} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

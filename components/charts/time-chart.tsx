"use client";
// A chart over time, shared by the overview and the explorer: a titled figure with lines (or
// stacked areas), times on the axis in the reader's zone, values with their unit in the tooltip.
import { Area, AreaChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface Series {
  key: string;
  name: string;
  color: string;
}

interface TimeChartProps {
  title: string;
  data: Array<Record<string, number | null>>;
  series: Series[];
  format: (value: number) => string;
  /** Long ranges show hours and minutes; short ones seconds too. */
  withSeconds: boolean;
  stacked?: boolean;
}

// Made once: recharts formats every tick again on each draw, and a new formatter per call is slow.
const withSecondsFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
const minutesFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

export function TimeChart({ title, data, series, format, withSeconds, stacked = false }: TimeChartProps) {
  const time = (t: number) => (withSeconds ? withSecondsFormat : minutesFormat).format(t);
  const axes = [
    <CartesianGrid key="grid" strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} />,
    <XAxis key="x" dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={time} tick={{ fill: "currentColor", fontSize: 11 }} stroke="currentColor" minTickGap={40} />,
    <YAxis key="y" tickFormatter={format} tick={{ fill: "currentColor", fontSize: 11 }} stroke="currentColor" width={80} allowDecimals={false} />,
    <Tooltip key="tip" labelFormatter={(t) => new Date(Number(t)).toLocaleString()} formatter={(value) => format(Number(value))} contentStyle={{ fontSize: 12 }} />,
    <Legend key="legend" wrapperStyle={{ fontSize: 12 }} />,
  ];
  return (
    <figure className="rounded-lg border border-slate-200 p-3 text-slate-600 dark:border-slate-800 dark:text-slate-400">
      <figcaption className="mb-2 text-sm font-medium text-slate-800 dark:text-slate-200">{title}</figcaption>
      <div className="h-48">
        <ResponsiveContainer width="100%" height="100%">
          {stacked ? (
            <AreaChart data={data}>
              {axes}
              {series.map((s) => (
                <Area key={s.key} dataKey={s.key} name={s.name} stackId="1" stroke={s.color} fill={s.color} fillOpacity={0.35} isAnimationActive={false} />
              ))}
            </AreaChart>
          ) : (
            <LineChart data={data}>
              {axes}
              {series.map((s) => (
                <Line key={s.key} dataKey={s.key} name={s.name} stroke={s.color} dot={false} strokeWidth={2} connectNulls={false} isAnimationActive={false} />
              ))}
            </LineChart>
          )}
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

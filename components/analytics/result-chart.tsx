"use client";
// A query result as a bar or line chart: one series per numeric column over the chosen x column.
// Each row becomes {x, c<index>: value}: column names may hold any character, and recharts reads
// a key with dots as a path.
import { useId, useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { Options, SelectField } from "@/components/ui/field.tsx";
import type { AnalyticsResult } from "@/lib/swr/use-analytics-query.ts";
import { defaultXColumn } from "./chart-columns.ts";

const chartTypes = [
  { value: "bar", label: "Bar" },
  { value: "line", label: "Line" },
];

// Legible on the light and the dark background alike.
const seriesColors = ["#0284c7", "#d97706", "#059669", "#7c3aed", "#e11d48", "#0891b2"];

export function ResultChart({ result, numeric }: { result: AnalyticsResult; numeric: number[] }) {
  const [type, setType] = useState("bar");
  const [x, setX] = useState(() => defaultXColumn(result, numeric));
  const captionId = useId();
  const series = numeric.filter((i) => i !== x);
  const caption = `${series.map((i) => result.columns[i]).join(", ")} by ${result.columns[x]}`;
  const data = result.rows.map((row) => Object.fromEntries([["x", String(row[x])], ...series.map((i) => [`c${i}`, row[i]])]));

  const axes = (
    <>
      <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.2} />
      <XAxis dataKey="x" stroke="currentColor" tick={{ fill: "currentColor", fontSize: 12 }} />
      <YAxis stroke="currentColor" tick={{ fill: "currentColor", fontSize: 12 }} tickFormatter={(value: number) => value.toLocaleString()} />
      <Tooltip
        formatter={(value) => (typeof value === "number" ? value.toLocaleString() : String(value))}
        cursor={{ fill: "currentColor", fillOpacity: 0.1, stroke: "currentColor", strokeOpacity: 0.3 }}
      />
      <Legend />
    </>
  );
  const chartProps = { data, responsive: true, style: { width: "100%", height: "20rem" }, title: caption };

  return (
    <div className="space-y-4">
      <div className="grid max-w-xl gap-4 sm:grid-cols-2">
        <SelectField label="Chart type" value={type} onChange={(event) => setType(event.target.value)}>
          <Options options={chartTypes} />
        </SelectField>
        <SelectField label="X axis" value={String(x)} onChange={(event) => setX(Number(event.target.value))}>
          <Options options={result.columns.map((column, i) => ({ value: String(i), label: column }))} />
        </SelectField>
      </div>
      {series.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">Nothing to chart: no column besides the x axis holds numbers.</p>
      ) : (
        <figure aria-labelledby={captionId} className="space-y-2 text-slate-600 dark:text-slate-400">
          <figcaption id={captionId} className="text-sm font-medium text-slate-800 dark:text-slate-200">
            {caption}
          </figcaption>
          {type === "bar" ? (
            <BarChart {...chartProps}>
              {axes}
              {series.map((i, n) => (
                <Bar key={i} dataKey={`c${i}`} name={result.columns[i]} fill={seriesColors[n % seriesColors.length]} isAnimationActive={false} />
              ))}
            </BarChart>
          ) : (
            <LineChart {...chartProps}>
              {axes}
              {series.map((i, n) => (
                <Line key={i} dataKey={`c${i}`} name={result.columns[i]} stroke={seriesColors[n % seriesColors.length]} strokeWidth={2} isAnimationActive={false} />
              ))}
            </LineChart>
          )}
        </figure>
      )}
    </div>
  );
}

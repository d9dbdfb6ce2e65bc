// Which columns of a query result a chart can use: numeric ones are series, and the first text
// column (a label such as region) is the x axis unless the reader picks another.
import type { AnalyticsResult } from "@/lib/swr/use-analytics-query.ts";

/** Indexes of the columns whose values are all numbers (nulls aside, at least one number). */
export function numericColumns({ columns, rows }: AnalyticsResult): number[] {
  return columns.flatMap((_, i) => {
    const values = rows.map((row) => row[i]).filter((value) => value !== null);
    return values.length > 0 && values.every((value) => typeof value === "number") ? [i] : [];
  });
}

/** The first column that is not numeric, else the first column. */
export function defaultXColumn(result: AnalyticsResult, numeric: number[]): number {
  const text = result.columns.findIndex((_, i) => !numeric.includes(i));
  return text === -1 ? 0 : text;
}

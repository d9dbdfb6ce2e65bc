// One value of a query result as the table shows it: numbers grouped in the reader's locale,
// timestamps in local time (UTC on hover), JSON for labels and metrics arrays, null as null.
import { Time } from "@/components/ui/time.tsx";

// How the API renders timestamps (lib/validations/analytics.ts): ISO 8601 with an offset.
const isoTimestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function ResultValue({ value }: { value: unknown }) {
  if (value === null) return <span className="text-slate-500 dark:text-slate-400">null</span>;
  if (typeof value === "number") return <>{value.toLocaleString(undefined, { maximumFractionDigits: 6 })}</>;
  if (typeof value === "string") return isoTimestamp.test(value) ? <Time iso={value} /> : <>{value}</>;
  return <code className="text-xs">{JSON.stringify(value)}</code>;
}

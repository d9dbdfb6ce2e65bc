// A point in time in the reader's own time zone, with UTC on hover; to the second where that
// matters (log lines).
export function Time({ iso, seconds = false }: { iso: string; seconds?: boolean }) {
  const date = new Date(iso);
  return (
    <time dateTime={iso} title={date.toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC")}>
      {date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: seconds ? "medium" : "short" })}
    </time>
  );
}

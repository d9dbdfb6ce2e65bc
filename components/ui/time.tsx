// A point in time in the reader's own time zone, with UTC on hover.
export function Time({ iso }: { iso: string }) {
  const date = new Date(iso);
  return (
    <time dateTime={iso} title={date.toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC")}>
      {date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })}
    </time>
  );
}

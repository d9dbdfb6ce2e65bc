// A JSON value as a tree: objects and arrays open and close (native <details>, keyboard included),
// the first two levels open. Large documents stay quick: at most MAX_CHILDREN entries a level are
// drawn, and the rest is counted, never silently left out.
const MAX_CHILDREN = 200;

export function JsonTree({ value, label }: { value: unknown; label: string }) {
  return (
    <div role="group" aria-label={label} className="overflow-x-auto rounded-md border border-slate-200 p-3 font-mono text-xs dark:border-slate-800">
      <JsonNode value={value} depth={0} />
    </div>
  );
}

function JsonNode({ name, value, depth }: { name?: string; value: unknown; depth: number }) {
  const key = name !== undefined && <span className="text-[var(--code-property)]">{`${name}: `}</span>;
  if (value === null || typeof value !== "object") {
    return (
      <div className="whitespace-pre-wrap break-all">
        {key}
        <Scalar value={value} />
      </div>
    );
  }
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  return (
    <details open={depth < 2}>
      <summary className="cursor-pointer select-none">
        {key}
        <span className="text-slate-500">{`${open} ${entries.length} ${Array.isArray(value) ? "items" : "keys"} ${close}`}</span>
      </summary>
      <div className="ml-4 border-l border-slate-200 pl-3 dark:border-slate-800">
        {entries.slice(0, MAX_CHILDREN).map(([k, v]) => (
          <JsonNode key={k} name={k} value={v} depth={depth + 1} />
        ))}
        {entries.length > MAX_CHILDREN && <div className="text-slate-500">{`… ${(entries.length - MAX_CHILDREN).toLocaleString()} more not drawn (the Text view and Copy have them all)`}</div>}
      </div>
    </details>
  );
}

function Scalar({ value }: { value: unknown }) {
  if (typeof value === "string") return <span className="text-[var(--code-string)]">{JSON.stringify(value)}</span>;
  return <span className="text-[var(--code-literal)]">{String(value)}</span>;
}

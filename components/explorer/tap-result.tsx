// A traced test publish, as the broker recorded it: the message as published beside what was
// delivered because of it (itself, the hook's rewrite, or nothing), and any new messages the hook
// published, with the hook's decision, version and call latency.
import { Alert } from "@/components/ui/alert.tsx";
import { Button } from "@/components/ui/button.tsx";
import { bytes, duration } from "@/components/ui/units.ts";
import type { TapRecord } from "@/lib/mqtt/explorer-api.ts";

type Tapped = TapRecord["published"] & { result?: TapRecord["result"] };

interface TapResultProps {
  record?: TapRecord;
  problem?: string;
  waiting: boolean;
  onCheckAgain(): void;
}

const decisionStyles: Record<TapRecord["decision"], string> = {
  pending: "bg-slate-100 text-slate-800 dark:bg-slate-800 dark:text-slate-200",
  passed: "bg-slate-100 text-slate-800 dark:bg-slate-800 dark:text-slate-200",
  modified: "bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200",
  dropped: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  error: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200",
};

export function TapResult({ record, problem, waiting, onCheckAgain }: TapResultProps) {
  if (problem) return <Alert tone="error">{`What the hook did could not be read: ${problem}`}</Alert>;
  if (!record) return <p className="text-sm text-slate-600 dark:text-slate-400">Waiting for the broker&apos;s record of this publish…</p>;
  const { hook } = record;
  return (
    <section aria-label="As published and as delivered" className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
        <span>
          {"Decision: "}
          <span className={`rounded px-2 py-0.5 text-xs font-medium ${decisionStyles[record.decision]}`}>{record.decision}</span>
        </span>
        {hook ? (
          <>
            {hook.version !== undefined && <span>{`Hook version: v${hook.version}`}</span>}
            {hook.latencyMs !== undefined && <span>{`Latency: ${duration(hook.latencyMs)}`}</span>}
          </>
        ) : (
          record.complete && <span className="text-slate-600 dark:text-slate-400">No hook ran for it: none matches its topic, so it was delivered as published.</span>
        )}
        {record.result && <span className="text-slate-600 dark:text-slate-400">{resultText(record.result)}</span>}
        {waiting && <span className="text-slate-600 dark:text-slate-400">Waiting for the hook…</span>}
        {!waiting && !record.complete && (
          <Button variant="secondary" className="!px-2 !py-1 text-xs" onClick={onCheckAgain}>
            Check again
          </Button>
        )}
      </div>
      {hook?.error && <Alert tone="error">{`The hook failed: ${hook.error}`}</Alert>}
      <div className="grid gap-4 md:grid-cols-2">
        <div className="min-w-0 space-y-2">
          <h3 className="text-sm font-semibold">As published</h3>
          <TappedView message={record.published} />
        </div>
        <div className="min-w-0 space-y-2">
          <h3 className="text-sm font-semibold">As delivered</h3>
          {record.delivered.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">{record.complete ? "Nothing: no message went out because of it." : "Not yet."}</p>
          ) : (
            record.delivered.map((message, i) => <TappedView key={i} message={message} />)
          )}
          {record.deliveredCount > record.delivered.length && <p className="text-xs text-slate-600 dark:text-slate-400">{`and ${record.deliveredCount - record.delivered.length} more`}</p>}
          {record.created.length > 0 && (
            <>
              <h3 className="pt-2 text-sm font-semibold">New messages from the hook</h3>
              {record.created.map((message, i) => (
                <TappedView key={i} message={message} />
              ))}
              {record.createdCount > record.created.length && <p className="text-xs text-slate-600 dark:text-slate-400">{`and ${record.createdCount - record.created.length} more`}</p>}
            </>
          )}
        </div>
      </div>
    </section>
  );
}

function TappedView({ message }: { message: Tapped }) {
  const props = message.properties;
  return (
    <div className="space-y-1 rounded-md bg-slate-50 p-3 text-xs dark:bg-slate-900">
      <p className="flex flex-wrap gap-x-3">
        <code className="break-all font-semibold">{message.topic}</code>
        <span className="text-slate-500">{`${bytes(message.size)} · QoS ${message.qos}${message.retain ? " · retained" : ""}`}</span>
      </p>
      <pre className="whitespace-pre-wrap break-all font-mono">{message.encoding === "base64" ? `(bytes, base64) ${message.payload}` : message.payload}</pre>
      {message.truncated && <p className="text-amber-800 dark:text-amber-300">{`Only the start of the ${bytes(message.size)} payload was recorded.`}</p>}
      {Boolean(props.contentType || props.userProperties?.length) && (
        <p className="text-slate-600 dark:text-slate-400">{[props.contentType, ...(props.userProperties ?? []).map(([k, v]) => `${k}=${v}`)].filter(Boolean).join(" · ")}</p>
      )}
      {message.result && <p className="text-slate-600 dark:text-slate-400">{resultText(message.result)}</p>}
    </div>
  );
}

function resultText(result: NonNullable<TapRecord["result"]>): string {
  if (result.dropped) return `Dropped: ${result.dropped.replaceAll("_", " ")}.`;
  return `Handed to ${result.delivered.toLocaleString()} ${result.delivered === 1 ? "session" : "sessions"}.`;
}

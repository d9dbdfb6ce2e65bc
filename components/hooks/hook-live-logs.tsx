"use client";
// The hook's log as it happens: console lines from the script and every failure with the
// messages that caused it, newest first and bounded. Pause holds the view still; Clear empties it.
import { useState } from "react";
import { Alert } from "@/components/ui/alert.tsx";
import { Button } from "@/components/ui/button.tsx";
import { Empty } from "@/components/ui/states.tsx";
import { Time } from "@/components/ui/time.tsx";
import { MAX_LOG_ENTRIES, useHookLogStream, type HookLogEntry, type LogStreamState } from "@/lib/swr/use-hook-log-stream.ts";

const stateText: Record<LogStreamState, string> = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Connection lost, reconnecting…",
  failed: "Not connected",
};

export function HookLiveLogs({ namespace, name }: { namespace: string; name: string }) {
  const [paused, setPaused] = useState(false);
  const { entries, state, skipped, clear, reconnect } = useHookLogStream(namespace, name, paused);
  return (
    <section aria-labelledby="hook-logs" className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="hook-logs" className="text-lg font-semibold">
          Live logs
        </h2>
        <span role="status" className="text-sm text-slate-600 dark:text-slate-400">
          {paused ? "Paused" : stateText[state]}
        </span>
        <div className="ml-auto flex gap-2">
          <Button variant="secondary" onClick={() => setPaused(!paused)}>
            {paused ? "Resume" : "Pause"}
          </Button>
          <Button variant="secondary" onClick={clear} disabled={entries.length === 0}>
            Clear
          </Button>
        </div>
      </div>
      {state === "failed" && !paused && (
        <Alert tone="error" className="flex flex-wrap items-center gap-3">
          <span>The log stream could not be opened or was closed by the server.</span>
          <Button variant="secondary" onClick={reconnect}>
            Reconnect
          </Button>
        </Alert>
      )}
      {skipped > 0 && <p className="text-sm text-amber-800 dark:text-amber-300">{`${skipped.toLocaleString()} entries were left out because this page fell behind.`}</p>}
      {entries.length === 0 ? (
        <Empty title="No log entries yet">The hook&apos;s console.log lines and its failures appear here as they happen.</Empty>
      ) : (
        <>
          <ol role="log" aria-label="Hook log" tabIndex={0} className="max-h-96 divide-y divide-slate-200 overflow-y-auto rounded-md border border-slate-200 font-mono text-xs dark:divide-slate-800 dark:border-slate-800">
            {entries.map((entry) => (
              <LogLine key={`${entry.at}-${entry.id}`} entry={entry} />
            ))}
          </ol>
          <p className="text-xs text-slate-600 dark:text-slate-400">{`Newest first; the latest ${MAX_LOG_ENTRIES.toLocaleString()} entries are kept.`}</p>
        </>
      )}
    </section>
  );
}

const levelStyles = { log: "", warn: "text-amber-800 dark:text-amber-300", error: "text-red-700 dark:text-red-400" };

function LogLine({ entry }: { entry: HookLogEntry }) {
  return (
    <li className={`px-3 py-1.5 ${levelStyles[entry.level]}`}>
      <span className="mr-3 text-slate-500">
        <Time iso={entry.at} seconds />
      </span>
      <span className="mr-3 text-slate-500">{`v${entry.version}`}</span>
      <span className="mr-3">{entry.level}</span>
      <span className="whitespace-pre-wrap break-all">{entry.message}</span>
      {entry.messages && (
        <ul className="mt-1 pl-4 text-slate-600 dark:text-slate-400">
          {entry.messages.map((m) => (
            <li key={m.mid}>{`mid ${m.mid} · ${m.topic} · from ${m.clientId}`}</li>
          ))}
        </ul>
      )}
    </li>
  );
}

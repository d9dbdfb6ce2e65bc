"use client";
// The explorer's connection as the person sees it: connecting, connected (as which client, until
// when), reconnecting or offline, with what went wrong and, when retrying is up to them, a button.
import { Button } from "@/components/ui/button.tsx";
import type { ConnectionState } from "@/lib/mqtt/explorer-connection.ts";
import type { useExplorerConnection } from "@/lib/mqtt/use-explorer-connection.ts";

const stateText: Record<ConnectionState, string> = {
  connecting: "Connecting…",
  connected: "Connected",
  reconnecting: "Reconnecting…",
  offline: "Offline",
};

const dotStyles: Record<ConnectionState, string> = {
  connecting: "bg-slate-400 animate-pulse",
  connected: "bg-emerald-500",
  reconnecting: "bg-amber-500 animate-pulse",
  offline: "bg-red-600",
};

export function ConnectionStatus({ connection }: { connection: ReturnType<typeof useExplorerConnection> }) {
  const { state, error, stuck, clientId, expiresAt } = connection;
  return (
    <section aria-label="Connection" className="flex flex-wrap items-center gap-x-4 gap-y-2 rounded-lg border border-slate-200 px-4 py-3 text-sm dark:border-slate-800">
      <p role="status" className="flex items-center gap-2 font-medium">
        <span aria-hidden className={`inline-block h-2.5 w-2.5 rounded-full ${dotStyles[state]}`} />
        {stateText[state]}
      </p>
      {clientId && state === "connected" && (
        <p className="text-slate-600 dark:text-slate-400">
          {"as "}
          <code className="break-all">{clientId}</code>
          {expiresAt && `, credential renewed before ${new Date(expiresAt).toLocaleTimeString()}`}
        </p>
      )}
      {error && <p className={state === "connected" ? "text-amber-800 dark:text-amber-300" : "text-red-700 dark:text-red-400"}>{error}</p>}
      {stuck && (
        <Button variant="secondary" onClick={() => connection.connection.retry()}>
          Try again
        </Button>
      )}
    </section>
  );
}

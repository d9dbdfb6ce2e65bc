"use client";
// Above the tree and the list: the filter box (typing anywhere lands here), pause and resume,
// clear, export of the selected (or all shown) messages, and what the buffer holds.
import { useState, type RefObject } from "react";
import { Button } from "@/components/ui/button.tsx";
import { Options } from "@/components/ui/field.tsx";
import { bytes, integer } from "@/components/ui/units.ts";
import type { ExplorerMessage } from "@/lib/mqtt/explorer-message.ts";
import { exportMediaTypes, exportMessages, type ExportFormat } from "@/lib/mqtt/export.ts";
import type { MessageStore } from "@/lib/mqtt/message-store.ts";
import type { Search } from "@/lib/mqtt/search.ts";
import type { HistoryStatus } from "./use-opening-history.ts";
import { useTicker } from "./use-store-frame.ts";

const formats: Array<{ value: ExportFormat; label: string }> = [
  { value: "ndjson", label: "NDJSON" },
  { value: "json", label: "JSON" },
  { value: "csv", label: "CSV" },
];

interface ExplorerToolbarProps {
  filterBox: RefObject<HTMLInputElement | null>;
  query: string;
  onQuery(query: string): void;
  search: Search | null;
  paused: boolean;
  onPause(paused: boolean): void;
  /** The newest sequence number on screen: paused, the store has gone past it. */
  renderedNewest: number;
  onClear(): void;
  /** The messages an export takes: those checked, else all the list shows. */
  exportable(): ExplorerMessage[];
  checkedCount: number;
  /** How many the list shows. */
  shownCount: number;
  /** For the file name. */
  broker: string;
  history: HistoryStatus;
  store: MessageStore;
}

export function ExplorerToolbar({ filterBox, query, onQuery, search, paused, onPause, renderedNewest, onClear, exportable, checkedCount, shownCount, broker, history, store }: ExplorerToolbarProps) {
  const [format, setFormat] = useState<ExportFormat>("ndjson");
  useTicker(1000, !paused); // paused, count what waits
  const waiting = paused ? store.newestSeq - renderedNewest : 0;

  function exportNow() {
    const messages = exportable();
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    download(`sluice-${broker}-${stamp}.${format}`, exportMessages(messages, format), exportMediaTypes[format]);
  }

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-64 flex-1 space-y-1">
          <label htmlFor="explorer-filter" className="block text-sm font-medium text-slate-800 dark:text-slate-200">
            Filter
          </label>
          <input
            id="explorer-filter"
            ref={filterBox}
            type="search"
            value={query}
            onChange={(e) => onQuery(e.target.value)}
            onKeyDown={(e) => e.key === "Escape" && onQuery("")}
            placeholder="Type anywhere: text in topics and payloads, or a filter like sensors/+/temp"
            aria-describedby="explorer-filter-hint"
            autoComplete="off"
            spellCheck={false}
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-600 dark:bg-slate-900"
          />
          <p id="explorer-filter-hint" className="text-xs text-slate-600 dark:text-slate-400">
            {search?.kind === "filter" ? `Topics matching the MQTT filter ${search.filter}` : search ? "Topics and payloads containing this text (any case)" : "Esc clears it."}
          </p>
        </div>
        <Button variant="secondary" onClick={() => onPause(!paused)}>
          {paused ? "Resume" : "Pause"}
        </Button>
        <Button variant="secondary" onClick={onClear}>
          Clear
        </Button>
        <div className="flex items-end gap-2">
          <div className="space-y-1">
            <label htmlFor="explorer-export-format" className="block text-sm font-medium text-slate-800 dark:text-slate-200">
              Export as
            </label>
            <select id="explorer-export-format" value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)} className="block rounded-md border border-slate-300 bg-white px-2 py-2 text-sm dark:border-slate-600 dark:bg-slate-900">
              <Options options={formats} />
            </select>
          </div>
          <Button variant="secondary" onClick={exportNow} disabled={!checkedCount && !shownCount}>
            {checkedCount ? `Export ${integer(checkedCount)} selected` : "Export shown"}
          </Button>
        </div>
      </div>
      {/* Changes with every frame: not a live region, or screen readers would read it all the time. */}
      <p className="text-xs text-slate-600 dark:text-slate-400">
        {[
          paused ? `Paused: ${integer(waiting)} new messages waiting (still buffered).` : null,
          `Buffer: ${integer(store.size)} of ${integer(store.limits.maxMessages)} messages, ${bytes(store.bytes)} of ${bytes(store.limits.maxBytes)}.`,
          store.evicted ? `${integer(store.evicted)} older messages left it.` : null,
          store.tree.untracked ? `${integer(store.tree.untracked)} messages on topics beyond the tree's ${integer(store.limits.maxTopics)} are only counted.` : null,
          historyText(history),
        ]
          .filter(Boolean)
          .join(" ")}
      </p>
    </div>
  );
}

function historyText(history: HistoryStatus): string {
  if (history.state === "loading") return "Loading recent history…";
  if (history.state === "failed") return `Recent history could not be loaded: ${history.message}`;
  return `Opened with ${integer(history.messages)} recent messages from the broker.`;
}

function download(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

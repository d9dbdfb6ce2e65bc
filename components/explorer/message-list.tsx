"use client";
// The messages the list shows (the picked topic and what is under it, matching the filter),
// newest first and virtualized: time, subscriptions, topic, size (always), QoS, retain, payload
// preview. A click opens one below; the boxes pick messages for export.
import { useVirtualizer } from "@tanstack/react-virtual";
import { useRef } from "react";
import { Button } from "@/components/ui/button.tsx";
import { bytes, integer } from "@/components/ui/units.ts";
import type { ExplorerMessage } from "@/lib/mqtt/explorer-message.ts";
import type { SavedSubscription } from "@/lib/mqtt/explorer-storage.ts";
import type { MessageView } from "@/lib/mqtt/message-view.ts";
import { messagePreview } from "@/lib/mqtt/payload.ts";
import { messageSubscriptions, SubscriptionDots } from "./subscription-dots.tsx";

const ROW_HEIGHT = 30;
// Made once: every row of every frame formats its time.
const clock = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit", fractionalSecondDigits: 3, hour12: false });

interface MessageListProps {
  view: MessageView;
  /** How many it shows: the view as of the rendered frame. */
  length: number;
  selected: ExplorerMessage | null;
  onSelect(message: ExplorerMessage): void;
  checked: ReadonlySet<number>;
  onCheck(checked: ReadonlySet<number>): void;
  subscriptions: readonly SavedSubscription[];
  topic: string | null;
  onAllTopics(): void;
}

export function MessageList({ view, length, selected, onSelect, checked, onCheck, subscriptions, topic, onAllTopics }: MessageListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler here; it re-renders with this component
  const virtualizer = useVirtualizer({ count: length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });

  const toggle = (seq: number) => {
    const next = new Set(checked);
    if (!next.delete(seq)) next.add(seq);
    onCheck(next);
  };
  const allChecked = length > 0 && checked.size === length;

  return (
    <section aria-labelledby="explorer-messages" className="min-w-0 space-y-2">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <h2 id="explorer-messages" className="text-lg font-semibold">
          Messages
        </h2>
        <span className="text-xs text-slate-600 dark:text-slate-400">
          {topic === null ? "all topics" : `${topic || "(empty)"} and below`}
          {` · ${integer(length)} shown`}
        </span>
        {topic !== null && (
          <Button variant="secondary" className="!px-2 !py-1 text-xs" onClick={onAllTopics}>
            All topics
          </Button>
        )}
        <label className="ml-auto flex items-center gap-1.5 text-xs">
          <input type="checkbox" checked={allChecked} onChange={() => onCheck(allChecked ? new Set() : new Set(view.snapshot().map((m) => m.seq)))} disabled={length === 0} />
          Select all shown
        </label>
      </div>
      <div ref={scroller} className="h-[28rem] overflow-auto rounded-md border border-slate-200 text-xs dark:border-slate-800">
        {length === 0 ? (
          <p className="p-4 text-sm text-slate-600 dark:text-slate-400">No messages {topic === null ? "yet" : "on this topic"}: they appear here, newest first, as they arrive.</p>
        ) : (
          <ul aria-label="Messages" style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
            {virtualizer.getVirtualItems().map((item) => {
              const message = view.newest(item.index)!;
              return (
                // Keyed by position: as new messages push the others down, the rows are updated, not remade.
                <MessageRow
                  key={item.index}
                  message={message}
                  top={item.start}
                  selected={message === selected}
                  checked={checked.has(message.seq)}
                  onToggle={() => toggle(message.seq)}
                  onSelect={() => onSelect(message)}
                  subscriptions={subscriptions}
                />
              );
            })}
          </ul>
        )}
      </div>
    </section>
  );
}

interface MessageRowProps {
  message: ExplorerMessage;
  top: number;
  selected: boolean;
  checked: boolean;
  onToggle(): void;
  onSelect(): void;
  subscriptions: readonly SavedSubscription[];
}

function MessageRow({ message, top, selected, checked, onToggle, onSelect, subscriptions }: MessageRowProps) {
  const time = new Date(message.receivedAt);
  return (
    <li style={{ top, height: ROW_HEIGHT }} className={`absolute left-0 right-0 flex items-center gap-2 border-b border-slate-100 px-2 dark:border-slate-900 ${selected ? "bg-sky-100 dark:bg-sky-950" : "hover:bg-slate-50 dark:hover:bg-slate-800/50"}`}>
      <input type="checkbox" aria-label={`Select the message on ${message.topic} for export`} checked={checked} onChange={onToggle} />
      <button type="button" onClick={onSelect} aria-current={selected || undefined} className="flex min-w-0 flex-1 items-center gap-2 text-left">
        <time dateTime={time.toISOString()} className="shrink-0 tabular-nums text-slate-500">
          {clock.format(time)}
        </time>
        <SubscriptionDots of={messageSubscriptions(message, subscriptions)} />
        <span className="max-w-[40%] shrink-0 truncate font-mono font-semibold">{message.topic}</span>
        <span className="shrink-0 tabular-nums text-slate-500">{bytes(message.size)}</span>
        {message.qos > 0 && <span className="shrink-0 text-slate-500">{`QoS ${message.qos}`}</span>}
        {message.retain && <span className="shrink-0 rounded bg-violet-100 px-1 text-violet-900 dark:bg-violet-950 dark:text-violet-200">retained</span>}
        {message.source === "history" && <span className="shrink-0 rounded bg-slate-100 px-1 text-slate-700 dark:bg-slate-800 dark:text-slate-300">history</span>}
        <span className="min-w-0 truncate font-mono text-slate-700 dark:text-slate-300">{messagePreview(message)}</span>
      </button>
    </li>
  );
}

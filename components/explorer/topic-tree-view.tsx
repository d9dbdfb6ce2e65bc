"use client";
// The topic tree: one row per level, opened and closed by click or keyboard (arrows, Home, End,
// Enter), each with its message and sub-topic counts, last value, retained marker and a
// highlight while messages arrive. Virtualized: only the rows in view are in the page. With a
// filter, only matching topics and the way to them, opened.
import { useVirtualizer } from "@tanstack/react-virtual";
import { useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import type { SavedSubscription } from "@/lib/mqtt/explorer-storage.ts";
import type { MessageStore } from "@/lib/mqtt/message-store.ts";
import { integer } from "@/components/ui/units.ts";
import { messagePreview } from "@/lib/mqtt/payload.ts";
import { searchMatches, type Search } from "@/lib/mqtt/search.ts";
import { treeRows, type TreeRow } from "@/lib/mqtt/topic-tree.ts";
import { messageSubscriptions, SubscriptionDots } from "./subscription-dots.tsx";
import { useTicker } from "./use-store-frame.ts";

const ROW_HEIGHT = 28;
/** How long a topic stays highlighted after a message. */
const ACTIVE_MS = 1500;

interface TopicTreeViewProps {
  store: MessageStore;
  version: number;
  search: Search | null;
  selected: string | null;
  onSelect(topic: string | null): void;
  subscriptions: readonly SavedSubscription[];
  paused: boolean;
}

export function TopicTreeView({ store, version, search, selected, onSelect, subscriptions, paused }: TopicTreeViewProps) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [active, setActive] = useState<string | null>(null);
  const now = useTicker(500, paused);
  const scroller = useRef<HTMLDivElement>(null);
  const idPrefix = useId();

  const rows = useMemo(
    () => treeRows(store.tree, expanded, search ? (node) => searchMatches(search, node.topic, node.last?.payload) : undefined),
    [store, expanded, search, version], // eslint-disable-line react-hooks/exhaustive-deps -- version: the tree changed
  );
  const activeIndex = Math.max(
    0,
    rows.findIndex((row) => row.node.topic === active),
  );
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler here; it re-renders with this component
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });

  const toggle = (topic: string, open?: boolean) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (open ?? !next.has(topic)) next.add(topic);
      else next.delete(topic);
      return next;
    });

  const moveTo = (index: number) => {
    const row = rows[Math.min(Math.max(index, 0), rows.length - 1)];
    if (!row) return;
    setActive(row.node.topic);
    virtualizer.scrollToIndex(rows.indexOf(row));
  };

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const row = rows[activeIndex];
    if (!row) return;
    const hasChildren = row.node.children.size > 0;
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveTo(activeIndex + 1),
      ArrowUp: () => moveTo(activeIndex - 1),
      Home: () => moveTo(0),
      End: () => moveTo(rows.length - 1),
      PageDown: () => moveTo(activeIndex + 10),
      PageUp: () => moveTo(activeIndex - 10),
      ArrowRight: () => (hasChildren && !row.expanded ? toggle(row.node.topic, true) : hasChildren && moveTo(activeIndex + 1)),
      ArrowLeft: () => (row.expanded && !search ? toggle(row.node.topic, false) : row.node.parent?.parent && moveTo(rows.findIndex((r) => r.node === row.node.parent))),
      Enter: () => onSelect(row.node.topic === selected ? null : row.node.topic),
      " ": () => onSelect(row.node.topic === selected ? null : row.node.topic),
    };
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  }

  return (
    <section aria-labelledby="explorer-topics" className="min-w-0 space-y-2">
      <div className="flex items-baseline justify-between gap-2">
        <h2 id="explorer-topics" className="text-lg font-semibold">
          Topics
        </h2>
        <span className="text-xs text-slate-600 dark:text-slate-400">{`${integer(store.tree.size)} topics, ${integer(store.tree.root.messages)} messages`}</span>
      </div>
      <div
        ref={scroller}
        role="tree"
        aria-label="Topics"
        tabIndex={0}
        aria-activedescendant={rows.length ? `${idPrefix}-${activeIndex}` : undefined}
        onKeyDown={onKeyDown}
        className="h-[28rem] overflow-auto rounded-md border border-slate-200 font-mono text-xs focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:border-slate-800"
      >
        {rows.length === 0 ? (
          <p className="p-4 font-sans text-sm text-slate-600 dark:text-slate-400">{search ? "No topic matches the filter." : "No messages yet: topics appear here as messages arrive."}</p>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
            {virtualizer.getVirtualItems().map((item) => (
              <TreeItem
                key={rows[item.index]!.node.topic}
                id={`${idPrefix}-${item.index}`}
                row={rows[item.index]!}
                top={item.start}
                active={item.index === activeIndex}
                selected={rows[item.index]!.node.topic === selected}
                recent={now - rows[item.index]!.node.activeAt < ACTIVE_MS}
                subscriptions={subscriptions}
                onToggle={() => toggle(rows[item.index]!.node.topic)}
                onClick={() => {
                  setActive(rows[item.index]!.node.topic);
                  onSelect(rows[item.index]!.node.topic === selected ? null : rows[item.index]!.node.topic);
                }}
                canToggle={!search}
              />
            ))}
          </div>
        )}
      </div>
      <p className="text-xs text-slate-600 dark:text-slate-400">Arrows move and open, Enter picks a topic: the messages list then shows it and what is under it.</p>
    </section>
  );
}

interface TreeItemProps {
  id: string;
  row: TreeRow;
  top: number;
  active: boolean;
  selected: boolean;
  recent: boolean;
  subscriptions: readonly SavedSubscription[];
  onToggle(): void;
  onClick(): void;
  canToggle: boolean;
}

function TreeItem({ id, row, top, active, selected, recent, subscriptions, onToggle, onClick, canToggle }: TreeItemProps) {
  const { node, depth, expanded } = row;
  const hasChildren = node.children.size > 0;
  const last = node.ownMessages > 0 ? node.last : undefined;
  return (
    <div
      id={id}
      role="treeitem"
      aria-level={depth + 1}
      aria-expanded={hasChildren ? expanded : undefined}
      aria-selected={selected}
      aria-label={`${node.name || "(empty)"}: ${counted(node.messages, "message")}${node.topics ? `, ${counted(node.topics, "topic")}` : ""}${node.retained ? ", retained" : ""}`}
      onClick={onClick}
      style={{ top, height: ROW_HEIGHT, paddingLeft: depth * 14 + 4 }}
      className={`absolute left-0 right-0 flex cursor-pointer items-center gap-1.5 whitespace-nowrap pr-2 transition-colors duration-700 ${
        selected ? "bg-sky-100 dark:bg-sky-950" : recent ? "bg-amber-50 dark:bg-amber-950/40" : "hover:bg-slate-100 dark:hover:bg-slate-800/60"
      } ${active ? "outline outline-1 -outline-offset-1 outline-sky-500" : ""}`}
    >
      <span
        aria-hidden
        onClick={(event) => {
          if (!hasChildren || !canToggle) return;
          event.stopPropagation();
          onToggle();
        }}
        className={`inline-block w-3 shrink-0 text-slate-500 ${hasChildren ? "" : "invisible"}`}
      >
        {expanded ? "▾" : "▸"}
      </span>
      <span className={`shrink-0 font-semibold ${node.name ? "" : "italic text-slate-500"}`}>{node.name || "(empty)"}</span>
      {node.retained && (
        <span title="The broker holds a retained message for this topic" className="shrink-0 rounded bg-violet-100 px-1 text-[0.65rem] font-medium text-violet-900 dark:bg-violet-950 dark:text-violet-200">
          R
        </span>
      )}
      <span className="shrink-0 text-slate-500">{`${counted(node.messages, "msg")}${node.topics ? ` · ${counted(node.topics, "topic")}` : ""}`}</span>
      {last && (
        <>
          <SubscriptionDots of={messageSubscriptions(last, subscriptions)} />
          <span className="min-w-0 truncate text-slate-700 dark:text-slate-300">{messagePreview(last)}</span>
        </>
      )}
    </div>
  );
}

const counted = (n: number, word: string) => `${integer(n)} ${word}${n === 1 ? "" : "s"}`;

"use client";
// A broker's live topic explorer (docs/explorer.md). Messages come from the MQTT connection's
// worker in batches into a bounded store outside React (lib/mqtt/message-store.ts); the page
// renders from it once per animation frame, or not at all while paused (the store keeps
// buffering). The tree, the list and the charts read the store; selections and the filter are
// React state.
import { useEffect, useMemo, useRef, useState } from "react";
import type { ExplorerMessage } from "@/lib/mqtt/explorer-message.ts";
import { MessageStore } from "@/lib/mqtt/message-store.ts";
import { MessageView } from "@/lib/mqtt/message-view.ts";
import { parseSearch, searchMatches } from "@/lib/mqtt/search.ts";
import { useExplorerConnection } from "@/lib/mqtt/use-explorer-connection.ts";
import { ConnectionStatus } from "./connection-status.tsx";
import { ExplorerToolbar } from "./explorer-toolbar.tsx";
import { FieldPlot } from "./field-plot.tsx";
import { MessageDetail } from "./message-detail.tsx";
import { MessageList } from "./message-list.tsx";
import { PublishPanel } from "./publish-panel.tsx";
import { SubscriptionsPanel } from "./subscriptions-panel.tsx";
import { ThroughputCharts } from "./throughput-charts.tsx";
import { TopicTreeView } from "./topic-tree-view.tsx";
import { useOpeningHistory } from "./use-opening-history.ts";
import { useStoreFrame } from "./use-store-frame.ts";
import { useSubscriptions } from "./use-subscriptions.ts";

interface ExplorerProps {
  namespace: string;
  name: string;
  /** explorer:publish — test publishes and deleting retained messages. */
  canPublish: boolean;
}

export function Explorer({ namespace, name, canPublish }: ExplorerProps) {
  const [store] = useState(() => new MessageStore());
  const history = useOpeningHistory(namespace, name, store);
  const connection = useExplorerConnection(namespace, name, history.receive);
  const subscriptions = useSubscriptions(`${namespace}/${name}`, connection.connection);
  useEffect(() => history.load(subscriptions.subscriptions.map((s) => s.filter)), []); // eslint-disable-line react-hooks/exhaustive-deps -- once, with the subscriptions it opens with

  const [paused, setPaused] = useState(false);
  const version = useStoreFrame(store, paused);
  const [query, setQuery] = useState("");
  const search = useMemo(() => parseSearch(query), [query]);
  const [topic, setTopic] = useState<string | null>(null);
  const [selected, setSelected] = useState<ExplorerMessage | null>(null);
  const [checked, setChecked] = useState<ReadonlySet<number>>(new Set());

  // The list: the selected topic and what is under it, matching the filter.
  const view = useMemo(
    () =>
      new MessageView((m) => {
        if (topic !== null && m.topic !== topic && !m.topic.startsWith(`${topic}/`)) return false;
        return !search || searchMatches(search, m.topic, m.payload);
      }),
    [topic, search],
  );
  // Caught up once per rendered store version (and after a clear): paused, it stays as it was.
  const [clears, setClears] = useState(0);
  const { shown, renderedNewest } = useMemo(() => {
    view.sync(store);
    return { shown: view.length, renderedNewest: store.newestSeq };
  }, [view, store, version, clears]); // eslint-disable-line react-hooks/exhaustive-deps -- version, clears: the store changed

  const filterBox = useRef<HTMLInputElement>(null);
  useTypeToFilter(filterBox);

  const selectTopic = (next: string | null) => {
    setTopic(next);
    const node = next === null ? undefined : store.tree.find(next);
    if (node?.last) setSelected(node.last);
  };

  return (
    <div className="space-y-6">
      <ConnectionStatus connection={connection} />
      <SubscriptionsPanel subscriptions={subscriptions} statuses={connection.subscriptions} acl={connection.acl} />
      <ExplorerToolbar
        filterBox={filterBox}
        query={query}
        onQuery={setQuery}
        search={search}
        paused={paused}
        onPause={setPaused}
        renderedNewest={renderedNewest}
        onClear={() => {
          store.clear();
          setClears((n) => n + 1);
          setSelected(null);
          setChecked(new Set());
        }}
        exportable={() => {
          const all = view.snapshot();
          return checked.size ? all.filter((m) => checked.has(m.seq)) : all;
        }}
        checkedCount={checked.size}
        shownCount={shown}
        broker={`${namespace}-${name}`}
        history={history.status}
        store={store}
      />
      <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <TopicTreeView store={store} version={version} search={search} selected={topic} onSelect={selectTopic} subscriptions={subscriptions.subscriptions} paused={paused} />
        <MessageList view={view} length={shown} selected={selected} onSelect={setSelected} checked={checked} onCheck={setChecked} subscriptions={subscriptions.subscriptions} topic={topic} onAllTopics={() => setTopic(null)} />
      </div>
      <MessageDetail key={selected?.seq} message={selected} store={store} namespace={namespace} name={name} canDeleteRetained={canPublish} subscriptions={subscriptions.subscriptions} />
      <ThroughputCharts store={store} subscriptions={subscriptions.subscriptions} paused={paused} />
      {topic !== null && <FieldPlot key={topic} store={store} topic={topic} paused={paused} />}
      {canPublish && <PublishPanel namespace={namespace} name={name} connection={connection.connection} connected={connection.state === "connected"} defaultTopic={topic} />}
    </div>
  );
}

/**
 * Typing a character anywhere on the page but in a field goes to the filter box: the key's
 * default action then types into it.
 */
function useTypeToFilter(box: React.RefObject<HTMLInputElement | null>) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key.length !== 1 || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest("input, textarea, select, [contenteditable=true], .cm-editor, dialog")) return;
      if (event.key === " " && target?.closest("button, a, [role=treeitem], [role=tree]")) return; // Space acts on what has focus
      box.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [box]);
}

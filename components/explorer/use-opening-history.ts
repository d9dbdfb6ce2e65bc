"use client";
// The explorer opens with history: the broker's recent messages on its subscriptions and the
// last message of quiet topics (lib/mqtt/history.ts). Live messages that arrive while it loads
// wait behind it (bounded like the store), so the store stays in arrival order.
import { useCallback, useRef, useState } from "react";
import { parseSharedFilter } from "@/lib/broker/protocol/topic.ts";
import type { NewMessage } from "@/lib/mqtt/explorer-message.ts";
import { openingHistory } from "@/lib/mqtt/history.ts";
import type { MessageStore } from "@/lib/mqtt/message-store.ts";
import { fetchJson } from "@/lib/swr/fetcher.ts";
import { brokerKey } from "@/lib/swr/use-broker.ts";
import type { RecentMessageList, TopicList } from "@/lib/mqtt/explorer-api.ts";

/** Recent messages asked for per subscribed filter, and topics from the index. */
const RECENT_PER_FILTER = 200;
const TOPICS = 1000;

export type HistoryStatus = { state: "loading" } | { state: "loaded"; messages: number } | { state: "failed"; message: string };

export function useOpeningHistory(namespace: string, name: string, store: MessageStore) {
  const gate = useRef({ open: false, waiting: [] as NewMessage[] });
  const [status, setStatus] = useState<HistoryStatus>({ state: "loading" });

  /** Each batch of live messages from the connection. */
  const receive = useCallback(
    (messages: NewMessage[]) => {
      const { open, waiting } = gate.current;
      if (open) for (const message of messages) store.add(message);
      else {
        waiting.push(...messages);
        if (waiting.length > store.limits.maxMessages) waiting.splice(0, waiting.length - store.limits.maxMessages);
      }
    },
    [store],
  );

  /** Loads once for these filters; the returned function abandons it (the page is left). */
  const load = useCallback(
    (filters: string[]) => {
      let abandoned = false;
      const base = brokerKey(namespace, name);
      void (async () => {
        let history: NewMessage[] = [];
        try {
          const [recent, topics] = await Promise.all([
            // The ring knows topic filters; a shared subscription's is the part after $share/<group>/.
            Promise.all(filters.map((filter) => fetchJson<RecentMessageList>(`${base}/messages?filter=${encodeURIComponent(parseSharedFilter(filter)?.filter ?? filter)}&limit=${RECENT_PER_FILTER}`))),
            fetchJson<TopicList>(`${base}/topics?limit=${TOPICS}`),
          ]);
          history = openingHistory(
            recent.flatMap((r) => r.messages),
            topics.topics,
            filters,
          );
          if (!abandoned) setStatus({ state: "loaded", messages: history.length });
        } catch (error) {
          if (!abandoned) setStatus({ state: "failed", message: error instanceof Error ? error.message : String(error) });
        }
        if (abandoned) return;
        for (const message of history) store.add(message);
        for (const message of gate.current.waiting) store.add(message);
        gate.current = { open: true, waiting: [] };
      })();
      return () => {
        abandoned = true;
      };
    },
    [namespace, name, store],
  );

  return { receive, load, status };
}

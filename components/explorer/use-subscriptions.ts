"use client";
// The explorer's subscriptions: remembered per broker in the browser, and kept in step with the
// connection, which subscribes and unsubscribes on the live connection (no reconnect). A first
// visit starts with everything the explorer may see ("#").
import { useEffect, useMemo, useRef, useState } from "react";
import type { ExplorerLink } from "@/lib/mqtt/explorer-link.ts";
import { loadSubscriptions, nextSubscription, saveSubscriptions, type SavedSubscription } from "@/lib/mqtt/explorer-storage.ts";

export function useSubscriptions(broker: string, connection: ExplorerLink) {
  const [subscriptions, setSubscriptions] = useState<SavedSubscription[]>(() => initial(broker));
  /** What the connection was last told, by id. */
  const told = useRef(new Map<number, SavedSubscription>());

  useEffect(() => {
    saveSubscriptions(localStorage, broker, subscriptions);
    const now = new Map(subscriptions.map((s) => [s.id, s]));
    for (const [id, before] of told.current) if (!now.has(id) || now.get(id)!.filter !== before.filter) connection.unsubscribe(id);
    for (const [id, sub] of now) {
      const before = told.current.get(id);
      if (!before || before.filter !== sub.filter || before.qos !== sub.qos) connection.subscribe({ id, filter: sub.filter, qos: sub.qos });
    }
    told.current = now;
  }, [broker, connection, subscriptions]);

  // The same object until the subscriptions change: the panels that take it are memoized.
  return useMemo(
    () => ({
      subscriptions,
      add: (sub: Omit<SavedSubscription, "id">) => setSubscriptions((all) => [...all, { ...sub, id: nextSubscription(all).id }]),
      update: (id: number, change: Partial<Omit<SavedSubscription, "id">>) => setSubscriptions((all) => all.map((s) => (s.id === id ? { ...s, ...change } : s))),
      remove: (id: number) => setSubscriptions((all) => all.filter((s) => s.id !== id)),
    }),
    [subscriptions],
  );
}

function initial(broker: string): SavedSubscription[] {
  return loadSubscriptions(localStorage, broker) ?? [{ id: 1, filter: "#", qos: 0, color: nextSubscription([]).color, alias: "everything" }];
}

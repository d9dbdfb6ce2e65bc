"use client";
// The explorer page's MQTT connection as React state. The connection itself runs in a Web Worker
// (explorer-worker.ts, started while the page is open), which hands received messages over in
// batches to `onMessages`, outside React; only the connection's state re-renders. The browser
// going offline or back online is passed on.
import { useEffect, useState, useSyncExternalStore } from "react";
import { brokerKey } from "../swr/use-broker.ts";
import type { NewMessage } from "./explorer-message.ts";
import { ExplorerLink } from "./explorer-link.ts";

/** `onMessages` is taken once, when the link is made: give a function that stays the same. */
export function useExplorerConnection(namespace: string, name: string, onMessages: (messages: NewMessage[]) => void) {
  const [connection] = useState(() => new ExplorerLink(`${brokerKey(namespace, name)}/explorer/session`, onMessages));

  useEffect(() => {
    connection.attach(new Worker(new URL("./explorer-worker.ts", import.meta.url), { type: "module", name: "sluice-explorer" }));
    const online = () => connection.setOnline(true);
    const offline = () => connection.setOnline(false);
    window.addEventListener("online", online);
    window.addEventListener("offline", offline);
    if (!navigator.onLine) offline();
    return () => {
      window.removeEventListener("online", online);
      window.removeEventListener("offline", offline);
      connection.detach();
    };
  }, [connection]);

  const snapshot = useSyncExternalStore(connection.onChange, connection.getSnapshot, connection.getSnapshot);
  return { connection, ...snapshot };
}

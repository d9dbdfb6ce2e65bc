"use client";
// The explorer page's MQTT connection as React state: an ExplorerConnection (explorer-connection.ts)
// for the broker, started while the page is open, told when the browser goes offline, with its
// sessions asked of the API through the console (POST …/explorer/session). Messages go straight to
// `onMessage`, outside React; only the connection's state re-renders.
import type { IPublishPacket } from "mqtt";
import { useEffect, useState, useSyncExternalStore } from "react";
import { ApiRequestError, sendJson } from "../swr/fetcher.ts";
import { brokerKey } from "../swr/use-broker.ts";
import type { ExplorerSession } from "./explorer-api.ts";
import { ExplorerConnection, SessionRefused } from "./explorer-connection.ts";

export function explorerSessionPath(namespace: string, name: string): string {
  return `${brokerKey(namespace, name)}/explorer/session`;
}

async function requestSession(namespace: string, name: string): Promise<ExplorerSession> {
  try {
    return await sendJson<ExplorerSession>("POST", explorerSessionPath(namespace, name));
  } catch (error) {
    // Signed out, not allowed, no such broker: asking again will not help until something changes.
    if (error instanceof ApiRequestError && error.status === 401) throw new SessionRefused("Your session has ended: sign in again to use the explorer.");
    if (error instanceof ApiRequestError && (error.status === 403 || error.status === 404)) throw new SessionRefused(error.message);
    throw error;
  }
}

/** `onMessage` is taken once, when the connection is made: give a function that stays the same. */
export function useExplorerConnection(namespace: string, name: string, onMessage: (packet: IPublishPacket) => void) {
  const [connection] = useState(() => new ExplorerConnection({ getSession: () => requestSession(namespace, name), onMessage }));

  useEffect(() => {
    connection.start();
    const online = () => connection.setOnline(true);
    const offline = () => connection.setOnline(false);
    window.addEventListener("online", online);
    window.addEventListener("offline", offline);
    if (!navigator.onLine) offline();
    return () => {
      window.removeEventListener("online", online);
      window.removeEventListener("offline", offline);
      connection.stop();
    };
  }, [connection]);

  const snapshot = useSyncExternalStore(connection.onChange, connection.getSnapshot, connection.getSnapshot);
  return { connection, ...snapshot };
}

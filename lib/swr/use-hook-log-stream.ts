// A broker's hook log, followed live (GET …/hook/logs?follow=1, Server-Sent Events through the BFF
// route): the latest entries, newest first, bounded, rendered at most once per animation frame.
// Pausing closes the stream; resuming opens it again, and the entries the server replays are
// skipped when already shown.
import { useEffect, useRef, useState } from "react";
import type { z } from "zod";
import type { hookLogEntry } from "../validations/hooks.ts";
import { hookKey } from "./use-hook.ts";

export type HookLogEntry = z.infer<typeof hookLogEntry>;

/** Entries kept on screen: enough to read back, few enough to render at once. */
export const MAX_LOG_ENTRIES = 500;

export type LogStreamState = "connecting" | "live" | "reconnecting" | "failed";

export function useHookLogStream(namespace: string, name: string, paused: boolean) {
  const [entries, setEntries] = useState<HookLogEntry[]>([]);
  const [state, setState] = useState<LogStreamState>("connecting");
  /** Entries the server left out because this page fell behind. */
  const [skipped, setSkipped] = useState(0);
  const last = useRef<HookLogEntry | undefined>(undefined);
  /** Counts reconnects asked for: a refused stream is not retried by the browser. */
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (paused) return;
    const source = new EventSource(`/api/v1${hookKey(namespace, name)}/logs?follow=1`);
    let pending: HookLogEntry[] = [];
    let frame = 0;
    const flush = () => {
      frame = 0;
      const arrived = pending.reverse();
      pending = [];
      setEntries((shown) => [...arrived, ...shown].slice(0, MAX_LOG_ENTRIES));
    };
    source.addEventListener("log", (event) => {
      const entry = JSON.parse(event.data) as HookLogEntry;
      // A new stream replays recent entries. Ids restart with the server, hence the time as well.
      if (last.current && entry.id <= last.current.id && entry.at <= last.current.at) return;
      last.current = entry;
      pending.push(entry);
      // A hidden tab gets no animation frames: what waits is bounded as what is shown.
      if (pending.length > MAX_LOG_ENTRIES) pending.splice(0, pending.length - MAX_LOG_ENTRIES);
      frame ||= requestAnimationFrame(flush);
    });
    source.addEventListener("skipped", (event) => setSkipped((count) => count + (JSON.parse(event.data) as { count: number }).count));
    source.onopen = () => setState("live");
    // EventSource retries by itself after a dropped connection, but not after a refusal (403, 404).
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? "failed" : "reconnecting");
    return () => {
      source.close();
      cancelAnimationFrame(frame);
      setState("connecting");
    };
  }, [namespace, name, paused, attempt]);

  const clear = () => {
    setEntries([]);
    setSkipped(0);
  };
  const reconnect = () => setAttempt((n) => n + 1);
  return { entries, state, skipped, clear, reconnect };
}

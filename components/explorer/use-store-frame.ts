"use client";
// Re-renders the explorer at most once per animation frame while its store changes, however many
// messages arrive in between; not at all while paused (the store keeps buffering) or while the
// tab is hidden (browsers give hidden tabs no frames). Returns the store's version it rendered.
import { useEffect, useState } from "react";
import type { MessageStore } from "@/lib/mqtt/message-store.ts";

export function useStoreFrame(store: MessageStore, paused: boolean): number {
  const [version, setVersion] = useState(store.version);
  useEffect(() => {
    if (paused) return;
    let frame = 0;
    const flush = () => {
      frame = 0;
      setVersion(store.version);
    };
    frame = requestAnimationFrame(flush); // what arrived while paused
    const unsubscribe = store.subscribe(() => {
      frame ||= requestAnimationFrame(flush);
    });
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame);
    };
  }, [store, paused]);
  return version;
}

/** Re-renders every `ms` (the activity highlight fades, rates move on) unless paused. */
export function useTicker(ms: number, paused: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (paused) return;
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms, paused]);
  return now;
}

"use client";
// Re-renders the explorer at most once per animation frame while its store changes, however many
// messages arrive in between; not at all while paused (the store keeps buffering) or while the
// tab is hidden (browsers give hidden tabs no frames). Returns the store's version it rendered.
// These renders are transitions: React works on them in slices and lets a click or a key go
// first, so a firehose never holds the page up; a render that falls behind is simply superseded.
import { startTransition, useEffect, useState, type RefObject } from "react";
import type { MessageStore } from "@/lib/mqtt/message-store.ts";

export function useStoreFrame(store: MessageStore, paused: boolean): number {
  const [version, setVersion] = useState(store.version);
  useEffect(() => {
    if (paused) return;
    let frame = 0;
    const flush = () => {
      frame = 0;
      startTransition(() => setVersion(store.version));
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
    const timer = setInterval(() => startTransition(() => setNow(Date.now())), ms);
    return () => clearInterval(timer);
  }, [ms, paused]);
  return now;
}

/** Whether the element is on screen: charts below the fold need not redraw. */
export function useOnScreen(element: RefObject<Element | null>): boolean {
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    if (!element.current) return;
    const observer = new IntersectionObserver(([entry]) => setVisible(entry!.isIntersecting));
    observer.observe(element.current);
    return () => observer.disconnect();
  }, [element]);
  return visible;
}

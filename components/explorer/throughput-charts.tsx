"use client";
// What the explorer receives per second over the last 60 s, in messages and bytes: in total and
// per subscription (in its colour), redrawn every second unless paused, and the last second in
// words beside them.
import { memo, useRef } from "react";
import { TimeChart, type Series } from "@/components/charts/time-chart.tsx";
import { bytes, perSecond } from "@/components/ui/units.ts";
import type { SavedSubscription } from "@/lib/mqtt/explorer-storage.ts";
import type { MessageStore } from "@/lib/mqtt/message-store.ts";
import { subscriptionName } from "./subscription-dots.tsx";
import { useOnScreen, useTicker } from "./use-store-frame.ts";

const totalColor = "#64748b";

/** Memoized: it redraws on its own clock, not on every frame the page renders, and only when on screen. */
export const ThroughputCharts = memo(function ThroughputCharts({ store, subscriptions, paused }: { store: MessageStore; subscriptions: readonly SavedSubscription[]; paused: boolean }) {
  const section = useRef<HTMLElement>(null);
  const onScreen = useOnScreen(section);
  const now = useTicker(1000, paused || !onScreen);
  const points = store.throughput.series(now);
  const data = points.map((p) => {
    const row: Record<string, number> = { t: p.t, messages: p.messages, bytes: p.bytes };
    for (const s of subscriptions) {
      row[`m${s.id}`] = p.perSubscription[s.id]?.messages ?? 0;
      row[`b${s.id}`] = p.perSubscription[s.id]?.bytes ?? 0;
    }
    return row;
  });
  const series = (prefix: string, total: string): Series[] => [{ key: total, name: "total", color: totalColor }, ...subscriptions.map((s) => ({ key: `${prefix}${s.id}`, name: subscriptionName(s), color: s.color }))];
  const last = points.at(-1)!;
  return (
    <section ref={section} aria-labelledby="explorer-throughput" className="space-y-3">
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
        <h2 id="explorer-throughput" className="text-lg font-semibold">
          Throughput
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {"Last second: "}
          <span className="font-medium text-slate-900 dark:text-slate-100">{`${perSecond(last.messages, "msg")}, ${bytes(last.bytes)}/s`}</span>
          {paused && " (paused)"}
        </p>
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <TimeChart title="Messages per second" data={data} series={series("m", "messages")} format={(v) => perSecond(v, "msg")} withSeconds />
        <TimeChart title="Bytes per second" data={data} series={series("b", "bytes")} format={(v) => `${bytes(v)}/s`} withSeconds />
      </div>
    </section>
  );
});

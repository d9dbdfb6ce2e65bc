"use client";
// The numbers in a topic's payloads over time: every numeric JSON field (or a bare number) of its
// recent messages in the buffer, the chosen ones drawn as lines. Each payload is read once; the
// chart redraws once a second while on screen, not with every frame of the page.
import { memo, useMemo, useRef, useState } from "react";
import { TimeChart } from "@/components/charts/time-chart.tsx";
import { subscriptionColors } from "@/lib/mqtt/explorer-storage.ts";
import type { ExplorerMessage } from "@/lib/mqtt/explorer-message.ts";
import { numericFields } from "@/lib/mqtt/json-fields.ts";
import type { MessageStore } from "@/lib/mqtt/message-store.ts";
import { MessageView } from "@/lib/mqtt/message-view.ts";
import { useOnScreen, useTicker } from "./use-store-frame.ts";

/** Points drawn: the topic's latest messages. */
const MAX_POINTS = 300;
const parsed = new WeakMap<ExplorerMessage, Map<string, number>>();

function fieldsOf(message: ExplorerMessage): Map<string, number> {
  let fields = parsed.get(message);
  if (!fields) parsed.set(message, (fields = numericFields(message.payload)));
  return fields;
}

export const FieldPlot = memo(function FieldPlot({ store, topic, paused }: { store: MessageStore; topic: string; paused: boolean }) {
  const section = useRef<HTMLElement>(null);
  const onScreen = useOnScreen(section);
  const tick = useTicker(1000, paused || !onScreen);
  const view = useMemo(() => new MessageView((m) => m.topic === topic), [topic]);
  const messages = useMemo(() => {
    view.sync(store);
    const count = Math.min(view.length, MAX_POINTS);
    return Array.from({ length: count }, (_, i) => view.at(view.length - count + i)!);
  }, [view, store, tick]); // eslint-disable-line react-hooks/exhaustive-deps -- tick: time to catch up
  const available = useMemo(() => [...new Set(messages.flatMap((m) => [...fieldsOf(m).keys()]))].slice(0, 50), [messages]);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const drawn = chosen.size ? available.filter((f) => chosen.has(f)) : available.slice(0, 1);
  const data = messages.map((m) => ({ t: m.receivedAt, ...Object.fromEntries(drawn.map((f) => [f, fieldsOf(m).get(f) ?? null])) }));

  return (
    <section ref={section} aria-labelledby="explorer-fields" className="space-y-3">
      <h2 id="explorer-fields" className="text-lg font-semibold">
        {`Numbers on ${topic || "(empty)"}`}
      </h2>
      {available.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No numbers in this topic&apos;s payloads to plot: a JSON field or a payload that is a number can be drawn over time.</p>
      ) : (
        <>
          <fieldset className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
            <legend className="sr-only">Fields to plot</legend>
            {available.map((field) => (
              <label key={field} className="flex items-center gap-1.5 font-mono text-xs">
                <input
                  type="checkbox"
                  checked={drawn.includes(field)}
                  onChange={() => {
                    const next = new Set(drawn);
                    if (!next.delete(field)) next.add(field);
                    setChosen(next);
                  }}
                />
                {field}
              </label>
            ))}
          </fieldset>
          <TimeChart
            title={`${drawn.join(", ") || "Nothing chosen"} over the last ${messages.length.toLocaleString()} messages`}
            data={data}
            series={drawn.map((f, i) => ({ key: f, name: f, color: subscriptionColors[i % subscriptionColors.length]! }))}
            format={(v) => v.toLocaleString()}
            withSeconds
          />
        </>
      )}
    </section>
  );
});

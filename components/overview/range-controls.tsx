"use client";
// The overview's time range (1 min … 24 h) and the pause switch for its live refresh.
import { PauseButton } from "@/components/ui/pause-button.tsx";
import { trafficRangeNames, type TrafficRange } from "@/lib/validations/traffic.ts";

const labels: Record<TrafficRange, string> = { "1m": "1 min", "15m": "15 min", "1h": "1 h", "24h": "24 h" };

export function RangeControls({ range, onRange, paused, onPause }: { range: TrafficRange; onRange: (range: TrafficRange) => void; paused: boolean; onPause: (paused: boolean) => void }) {
  return (
    <div className="flex flex-wrap items-center gap-3">
      <div role="group" aria-label="Range" className="inline-flex overflow-hidden rounded-md border border-slate-300 dark:border-slate-600">
        {trafficRangeNames.map((name) => (
          <button
            key={name}
            type="button"
            aria-pressed={range === name}
            onClick={() => onRange(name)}
            className="px-3 py-1.5 text-sm aria-pressed:bg-sky-700 aria-pressed:text-white dark:aria-pressed:bg-sky-600 [&:not(:first-child)]:border-l [&:not(:first-child)]:border-slate-300 dark:[&:not(:first-child)]:border-slate-600"
          >
            {labels[name]}
          </button>
        ))}
      </div>
      <PauseButton paused={paused} onPause={onPause} />
    </div>
  );
}

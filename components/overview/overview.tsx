"use client";
// The overview: live KPIs and charts for all brokers summed or for one, over 1 min … 24 h,
// refreshing every 2 s until paused, and every broker's current counts below.
import { useState } from "react";
import { Empty, LoadError, Loading } from "@/components/ui/states.tsx";
import { useBrokerTraffic, useTraffic } from "@/lib/swr/use-traffic.ts";
import type { TrafficRange } from "@/lib/validations/traffic.ts";
import { BrokerTrafficTable } from "./broker-traffic-table.tsx";
import { Kpis } from "./kpis.tsx";
import { RangeControls } from "./range-controls.tsx";
import { TrafficCharts } from "./traffic-charts.tsx";

export function Overview() {
  const [range, setRange] = useState<TrafficRange>("1m");
  const [paused, setPaused] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const total = useTraffic(range, paused);
  const [namespace, name] = selected?.split("/") ?? [];
  const one = useBrokerTraffic(namespace && name ? { namespace, name } : null, range, paused);

  if (total.isLoading) return <Loading label="Loading traffic…" />;
  if (total.error && !total.data) return <LoadError error={total.error} retry={() => total.mutate()} />;
  const traffic = total.data!;
  const shown = selected ? one.data : traffic;
  const points = shown?.points ?? [];
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-lg font-semibold">{selected ? `Broker ${selected}` : "All brokers"}</h2>
        <RangeControls range={range} onRange={setRange} paused={paused} onPause={setPaused} />
      </div>
      {/* Failed refreshes keep the last numbers on screen, with the reason above them. */}
      {total.error && <LoadError error={total.error} retry={() => total.mutate()} />}
      {paused && <p className="text-sm text-slate-600 dark:text-slate-400">Paused: the numbers stay as they are until you resume.</p>}
      {selected && one.error ? (
        <LoadError error={one.error} retry={() => one.mutate()} />
      ) : (
        <>
          <Kpis point={points.at(-1)} />
          {points.length ? (
            <TrafficCharts points={points} stepSeconds={traffic.stepSeconds} />
          ) : (
            <Empty title="No traffic recorded yet">The server samples every second; the first points appear within a few seconds of its start.</Empty>
          )}
        </>
      )}
      <section aria-labelledby="brokers-now" className="space-y-2">
        <h2 id="brokers-now" className="text-lg font-semibold">
          Brokers
        </h2>
        {traffic.brokers.length ? <BrokerTrafficTable brokers={traffic.brokers} selected={selected} onSelect={setSelected} /> : <Empty title="No brokers yet">An admin creates namespaces and brokers.</Empty>}
      </section>
    </div>
  );
}

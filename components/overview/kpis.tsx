// The overview's headline numbers: the latest point of the selected traffic.
import { bytes, duration, perSecond } from "@/components/ui/units.ts";
import type { TrafficPoint } from "@/lib/validations/traffic.ts";

export function Kpis({ point }: { point: TrafficPoint | undefined }) {
  const drops = point ? Object.values(point.drops).reduce((sum, n) => sum + n, 0) : 0;
  const items = [
    { label: "Connections", value: point ? point.connections.toLocaleString() : "—" },
    { label: "Messages in", value: point ? perSecond(point.messagesIn, "msg") : "—" },
    { label: "Messages out", value: point ? perSecond(point.messagesOut, "msg") : "—" },
    { label: "Bytes in", value: point ? `${bytes(point.bytesIn)}/s` : "—" },
    { label: "Bytes out", value: point ? `${bytes(point.bytesOut)}/s` : "—" },
    { label: "Drops", value: point ? perSecond(drops, "msg") : "—" },
    { label: "Hook p99", value: point?.hookLatencyP99 != null ? duration(point.hookLatencyP99) : "—" },
    { label: "Hook errors", value: point ? perSecond(point.hookErrors, "call") : "—" },
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 xl:grid-cols-4">
      {items.map((item) => (
        <div key={item.label} className="rounded-lg border border-slate-200 p-3 dark:border-slate-800">
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-600 dark:text-slate-400">{item.label}</dt>
          <dd className="mt-1 whitespace-nowrap text-xl font-semibold tabular-nums">{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}

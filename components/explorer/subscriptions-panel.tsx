"use client";
// The explorer's subscriptions: each filter (wildcards welcome) with its QoS, colour and alias,
// and whether the broker granted it; add and remove on the live connection, no reconnect.
import { memo, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button.tsx";
import { Options, SelectField, TextField } from "@/components/ui/field.tsx";
import { topicFilterError } from "@/lib/broker/protocol/topic.ts";
import type { QoS } from "@/lib/mqtt/explorer-message.ts";
import type { ConnectionSnapshot, SubscriptionStatus } from "@/lib/mqtt/explorer-connection.ts";
import { nextSubscription } from "@/lib/mqtt/explorer-storage.ts";
import type { useSubscriptions } from "./use-subscriptions.ts";

export const qosOptions = [0, 1, 2].map((q) => ({ value: String(q), label: `QoS ${q}` }));
const filterLimits = { maxTopicLength: 65_535, maxTopicLevels: 128 };

interface SubscriptionsPanelProps {
  subscriptions: ReturnType<typeof useSubscriptions>;
  statuses: ConnectionSnapshot["subscriptions"];
  acl: ConnectionSnapshot["acl"];
}

/** Memoized: it changes with the subscriptions, not with the messages. */
export const SubscriptionsPanel = memo(function SubscriptionsPanel({ subscriptions: subs, statuses, acl }: SubscriptionsPanelProps) {
  const [error, setError] = useState<string>();
  const [color, setColor] = useState(() => nextSubscription(subs.subscriptions).color);

  function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const filter = String(data.get("filter") ?? "").trim();
    const problem = topicFilterError(filter, filterLimits) ?? (subs.subscriptions.some((s) => s.filter === filter) ? "already subscribed to this filter" : null);
    setError(problem ?? undefined);
    if (problem) return;
    subs.add({ filter, qos: Number(data.get("qos")) as QoS, alias: String(data.get("alias") ?? "").trim(), color });
    form.reset();
    setColor(nextSubscription([...subs.subscriptions, { id: 0, filter, qos: 0, alias: "", color }]).color);
  }

  return (
    <section aria-labelledby="explorer-subscriptions" className="space-y-3">
      <h2 id="explorer-subscriptions" className="text-lg font-semibold">
        Subscriptions
      </h2>
      {subs.subscriptions.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No subscriptions: add a filter to see its messages.</p>
      ) : (
        <ul aria-label="Subscriptions" className="flex flex-wrap gap-2">
          {subs.subscriptions.map((sub) => (
            <li key={sub.id} aria-label={`Subscription ${sub.filter}`} className="flex flex-wrap items-center gap-2 rounded-md border border-slate-200 py-1 pl-2 pr-1 text-sm dark:border-slate-700" style={{ borderLeft: `4px solid ${sub.color}` }}>
              <input type="color" aria-label={`Colour of ${sub.filter}`} value={sub.color} onChange={(e) => subs.update(sub.id, { color: e.target.value })} className="h-6 w-6 cursor-pointer rounded border-0 bg-transparent p-0" />
              <input
                aria-label={`Alias of ${sub.filter}`}
                value={sub.alias}
                placeholder="alias"
                onChange={(e) => subs.update(sub.id, { alias: e.target.value })}
                className="w-28 rounded border border-transparent bg-transparent px-1 py-0.5 hover:border-slate-300 focus:border-slate-400 dark:hover:border-slate-600"
              />
              <code className="break-all font-semibold">{sub.filter}</code>
              <select aria-label={`QoS of ${sub.filter}`} value={sub.qos} onChange={(e) => subs.update(sub.id, { qos: Number(e.target.value) as QoS })} className="rounded border border-slate-300 bg-white px-1 py-0.5 text-xs dark:border-slate-600 dark:bg-slate-900">
                <Options options={qosOptions} />
              </select>
              <StatusText status={statuses.get(sub.id)} />
              <Button variant="secondary" className="!px-2 !py-1 text-xs" onClick={() => subs.remove(sub.id)} aria-label={`Unsubscribe from ${sub.filter}`}>
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={add} aria-label="Add a subscription" className="flex flex-wrap items-end gap-3">
        <TextField label="Topic filter" name="filter" required placeholder="sensors/+/temp or sensors/#" className="min-w-56 flex-1" error={error} autoComplete="off" spellCheck={false} />
        <SelectField label="QoS" name="qos" defaultValue="0" className="w-24">
          <Options options={qosOptions} />
        </SelectField>
        <TextField label="Alias" name="alias" placeholder="optional" className="w-36" autoComplete="off" />
        <div className="space-y-1">
          <label htmlFor="new-subscription-color" className="block text-sm font-medium text-slate-800 dark:text-slate-200">
            Colour
          </label>
          <input id="new-subscription-color" type="color" value={color} onChange={(e) => setColor(e.target.value)} className="block h-9 w-12 cursor-pointer rounded border border-slate-300 bg-white p-1 dark:border-slate-600 dark:bg-slate-900" />
        </div>
        <Button type="submit">Subscribe</Button>
      </form>
      {acl && <p className="text-xs text-slate-600 dark:text-slate-400">{`The explorer's credential may subscribe to ${acl.sub.join(", ") || "nothing"}.`}</p>}
    </section>
  );
});

function StatusText({ status }: { status: SubscriptionStatus | undefined }) {
  if (!status || status.state === "pending") return <span className="text-xs text-slate-500">subscribing…</span>;
  if (status.state === "refused") return <span className="text-xs font-medium text-red-700 dark:text-red-400">{`refused: ${status.reason}`}</span>;
  return <span className="text-xs text-emerald-700 dark:text-emerald-400">{`granted QoS ${status.grantedQos}`}</span>;
}

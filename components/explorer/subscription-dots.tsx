// Which of the page's subscriptions a message came through, as their colours: by the MQTT 5
// subscription identifiers it carries, or (history, which has none) by matching their filters.
import { subscriptionMatches, type ExplorerMessage } from "@/lib/mqtt/explorer-message.ts";
import type { SavedSubscription } from "@/lib/mqtt/explorer-storage.ts";

export function messageSubscriptions(message: Pick<ExplorerMessage, "topic" | "properties">, subscriptions: readonly SavedSubscription[]): SavedSubscription[] {
  const ids = message.properties.subscriptionIdentifiers;
  return ids?.length ? subscriptions.filter((s) => ids.includes(s.id)) : subscriptions.filter((s) => subscriptionMatches(s.filter, message.topic));
}

export const subscriptionName = (s: SavedSubscription) => s.alias || s.filter;

export function SubscriptionDots({ of }: { of: SavedSubscription[] }) {
  return (
    <span className="inline-flex shrink-0 gap-0.5" title={of.map(subscriptionName).join(", ")}>
      {of.map((s) => (
        <span key={s.id} aria-hidden className="inline-block h-2.5 w-2.5 rounded-full" style={{ background: s.color }} />
      ))}
      <span className="sr-only">{of.length ? `via ${of.map(subscriptionName).join(", ")}` : ""}</span>
    </span>
  );
}

// Plain-number counters per broker, bumped on the hot path and read by $SYS topics and the
// Prometheus collector at scrape time (no label lookups per message).

export const dropReasons = [
  "no_subscribers",
  "queue_full",
  "slow_subscriber",
  "offline",
  "expired",
  "too_large",
  "not_authorized",
  "retained_limit",
  // On-publish hook: left out of its output, failed under the drop policy, or its backlog full.
  "hook",
  "hook_error",
  "hook_backlog",
] as const;
export type DropReason = (typeof dropReasons)[number];

export class BrokerStats {
  readonly startedAt = Date.now();
  connections = 0;
  messagesReceived = 0;
  messagesSent = 0;
  bytesReceived = 0;
  bytesSent = 0;
  readonly drops: Record<DropReason, number> = Object.fromEntries(dropReasons.map((r) => [r, 0])) as Record<DropReason, number>;

  drop(reason: DropReason, count = 1): void {
    this.drops[reason] += count;
  }
}

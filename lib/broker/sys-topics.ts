// $SYS/broker/… topics: each broker's counters published as retained messages every
// interval, mosquitto-style names, so `mosquitto_sub -t '$SYS/#' -v` works as users expect.
import type { BrokerHost } from "./host.ts";
import type { BrokerInstance } from "./broker.ts";

const VERSION = "sluice 0.1.0";

/** $SYS/ topics are the broker's own: no client may publish to one, whatever its ACL says. */
export function isSysTopic(topic: string): boolean {
  return topic.startsWith("$SYS/");
}

export function startSysTopics(host: BrokerHost, intervalSeconds: number): () => void {
  if (intervalSeconds <= 0) return () => {};
  const publishAll = () => {
    for (const broker of host.allBrokers) publishStats(broker);
  };
  publishAll();
  const timer = setInterval(publishAll, intervalSeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}

function publishStats(broker: BrokerInstance): void {
  const s = broker.stats;
  const values: Array<[string, string | number]> = [
    ["version", VERSION],
    ["uptime", `${Math.floor((Date.now() - s.startedAt) / 1000)} seconds`],
    ["clients/connected", s.connections],
    ["clients/total", broker.sessions.size],
    ["messages/received", s.messagesReceived],
    ["messages/sent", s.messagesSent],
    ["bytes/received", s.bytesReceived],
    ["bytes/sent", s.bytesSent],
    ["subscriptions/count", broker.router.subscriptionCount],
    ["retained messages/count", broker.retained.size],
    ["messages/dropped", Object.values(s.drops).reduce((a, b) => a + b, 0)],
  ];
  for (const [name, value] of values) broker.publishSystem(`$SYS/broker/${name}`, String(value));
}

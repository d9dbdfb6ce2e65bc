// Prometheus metrics at /metrics (prom-client). Broker counters are plain numbers read at
// scrape time, so the hot path never touches a labelled metric.
import client from "prom-client";
import type { BrokerInstance } from "../broker/broker.ts";
import type { BrokerHost } from "../broker/host.ts";
import { dropReasons } from "../broker/stats.ts";

export function createMetricsRegistry(host: BrokerHost): client.Registry {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "sluice_" });

  const perBroker = (name: string, help: string, type: "counter" | "gauge", read: (b: BrokerInstance) => number) => {
    const Metric = type === "counter" ? client.Counter : client.Gauge;
    new Metric({
      name,
      help,
      labelNames: ["broker"],
      registers: [registry],
      collect() {
        this.reset();
        for (const broker of host.allBrokers) (this as client.Gauge).inc({ broker: broker.key }, read(broker));
      },
    });
  };
  perBroker("sluice_connections", "Connected MQTT clients", "gauge", (b) => b.stats.connections);
  perBroker("sluice_sessions", "Sessions, connected or persistent offline", "gauge", (b) => b.sessions.size);
  perBroker("sluice_subscriptions", "Subscriptions", "gauge", (b) => b.router.subscriptionCount);
  perBroker("sluice_retained_messages", "Retained messages", "gauge", (b) => b.retained.size);
  perBroker("sluice_messages_received_total", "PUBLISH packets accepted from clients", "counter", (b) => b.stats.messagesReceived);
  perBroker("sluice_messages_sent_total", "PUBLISH packets sent to clients", "counter", (b) => b.stats.messagesSent);
  perBroker("sluice_bytes_received_total", "Bytes received from connected clients", "counter", (b) => b.stats.bytesReceived);
  perBroker("sluice_bytes_sent_total", "Bytes sent to clients", "counter", (b) => b.stats.bytesSent);

  new client.Counter({
    name: "sluice_messages_dropped_total",
    help: "Messages not delivered, by reason",
    labelNames: ["broker", "reason"],
    registers: [registry],
    collect() {
      this.reset();
      for (const broker of host.allBrokers) {
        for (const reason of dropReasons) this.inc({ broker: broker.key, reason }, broker.stats.drops[reason]);
      }
    },
  });
  return registry;
}

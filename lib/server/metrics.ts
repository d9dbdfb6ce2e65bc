// Prometheus metrics at /metrics (prom-client). Broker counters are plain numbers read at
// scrape time, so the hot path never touches a labelled metric.
import client from "prom-client";
import type { BrokerInstance } from "../broker/broker.ts";
import type { BrokerHost } from "../broker/host.ts";
import { dropReasons } from "../broker/stats.ts";
import type { HookMetrics, HookVersionMetrics } from "../hook-runtime/metrics.ts";

export function createMetricsRegistry(host: BrokerHost, hooks: HookMetrics): client.Registry {
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

  // On-publish hooks, per broker and version (lib/hook-runtime/metrics.ts).
  const perHookVersion = (name: string, help: string, read: (m: HookVersionMetrics) => number) => {
    new client.Counter({
      name,
      help,
      labelNames: ["broker", "version"],
      registers: [registry],
      collect() {
        this.reset();
        for (const [broker, metrics] of hooks.all()) this.inc({ broker, version: String(metrics.version) }, read(metrics));
      },
    });
  };
  perHookVersion("sluice_hook_invocations_total", "Hook calls (one per batch)", (m) => m.invocations);
  perHookVersion("sluice_hook_messages_in_total", "Messages handed to the hook", (m) => m.messagesIn);
  perHookVersion("sluice_hook_messages_out_total", "Messages the hook delivered (new ones included)", (m) => m.messagesOut);
  perHookVersion("sluice_hook_messages_dropped_total", "Messages the hook left out or lost to a failure under onError drop", (m) => m.dropped);
  perHookVersion("sluice_hook_messages_modified_total", "Messages the hook changed", (m) => m.modified);
  perHookVersion("sluice_hook_errors_total", "Failed hook calls, timeouts included", (m) => m.errors);
  perHookVersion("sluice_hook_timeouts_total", "Hook calls that timed out", (m) => m.timeouts);
  new client.Gauge({
    name: "sluice_hook_latency_ms",
    help: "Hook call latency over the latest calls, by quantile",
    labelNames: ["broker", "version", "quantile"],
    registers: [registry],
    collect() {
      this.reset();
      for (const [broker, metrics] of hooks.all()) {
        for (const quantile of [0.5, 0.99]) {
          const value = metrics.quantile(quantile);
          if (value !== null) this.set({ broker, version: String(metrics.version), quantile: String(quantile) }, value);
        }
      }
    },
  });
  return registry;
}

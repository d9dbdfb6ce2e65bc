// Where clients connect to a broker: one listener set for all brokers, told apart by the path (WebSocket)
// or by the credential's namespace and broker claims (TCP and TLS).
import type { Broker } from "@/lib/swr/use-broker.ts";

export function BrokerEndpoints({ endpoints }: { endpoints: Broker["endpoints"] }) {
  const rows = [
    { label: "MQTT over TCP", url: endpoints.mqtt },
    { label: "MQTT over TLS", url: endpoints.mqtts },
    { label: "MQTT over WebSocket", url: endpoints.websocket },
    { label: "MQTT over secure WebSocket", url: endpoints.secureWebsocket },
  ].filter((row): row is { label: string; url: string } => row.url !== undefined);
  return (
    <section aria-labelledby="endpoints" className="space-y-3">
      <h2 id="endpoints" className="text-lg font-semibold">
        Endpoints
      </h2>
      <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
        {rows.map((row) => (
          <div key={row.label} className="contents">
            <dt className="font-medium text-slate-700 dark:text-slate-300">{row.label}</dt>
            <dd>
              <code className="break-all rounded bg-slate-100 px-1.5 py-0.5 dark:bg-slate-800">{row.url}</code>
            </dd>
          </div>
        ))}
      </dl>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        A device connects with one of this broker&apos;s credentials as its MQTT password (any user name) and its client ID as the credential says.
      </p>
    </section>
  );
}

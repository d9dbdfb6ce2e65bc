// A broker's settings for readers who may not change them.
import { defaultLimits, type BrokerLimits } from "@/lib/broker/limits.ts";
import type { Broker } from "@/lib/swr/use-broker.ts";
import { expirationText } from "./expiration.ts";
import { limitLabels } from "./limit-labels.ts";

export function BrokerSettingsView({ broker }: { broker: Broker }) {
  const limitKeys = Object.keys(defaultLimits) as (keyof BrokerLimits)[];
  return (
    <section aria-labelledby="settings" className="space-y-3">
      <h2 id="settings" className="text-lg font-semibold">
        Settings
      </h2>
      <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
        <dt className="font-medium">Credentials expire after</dt>
        <dd>{expirationText(broker.credentialExpiration)}</dd>
        <dt className="font-medium">Hosts a hook may fetch</dt>
        <dd>{broker.fetchAllowList.length ? broker.fetchAllowList.join(", ") : "none"}</dd>
        {limitKeys.map((key) => (
          <div key={key} className="contents">
            <dt className="font-medium">{limitLabels[key]}</dt>
            <dd>
              {(broker.limits[key] ?? defaultLimits[key]).toLocaleString()}
              {broker.limits[key] === undefined && <span className="text-slate-500"> (default)</span>}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

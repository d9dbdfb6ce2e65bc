"use client";
// Change a broker's settings: credential expiration, the hosts its hook may fetch, and its limits
// (empty: the default). Checked with the API's own schema; the API replaces the limits as a whole.
import { mutate } from "swr";
import { Alert } from "@/components/ui/alert.tsx";
import { Button } from "@/components/ui/button.tsx";
import { TextAreaField, TextField } from "@/components/ui/field.tsx";
import { useSchemaForm } from "@/components/ui/use-schema-form.ts";
import { defaultLimits, type BrokerLimits } from "@/lib/broker/limits.ts";
import { sendJson } from "@/lib/swr/fetcher.ts";
import { brokerKey, type Broker } from "@/lib/swr/use-broker.ts";
import { brokerUpdate } from "@/lib/validations/brokers.ts";
import { lineError } from "@/lib/validations/field-errors.ts";
import { lines, numberOrDefault, secondsOrNull } from "./form-values.ts";
import { limitLabels } from "./limit-labels.ts";

const limitKeys = Object.keys(defaultLimits) as (keyof BrokerLimits)[];

export function BrokerSettingsForm({ broker }: { broker: Broker }) {
  const { errors, problem, pending, done, onSubmit } = useSchemaForm(
    brokerUpdate,
    (fields) => ({
      credentialExpiration: secondsOrNull(fields.get("credentialExpiration")),
      fetchAllowList: lines(fields.get("fetchAllowList")),
      limits: Object.fromEntries(limitKeys.map((key) => [key, numberOrDefault(fields.get(`limits.${key}`))]).filter(([, value]) => value !== undefined)),
    }),
    async (change) => {
      const key = brokerKey(broker.namespace, broker.name);
      await mutate(key, await sendJson<Broker>("PATCH", key, change), { revalidate: false });
    },
  );

  return (
    <section aria-labelledby="settings" className="space-y-4">
      <h2 id="settings" className="text-lg font-semibold">
        Settings
      </h2>
      <form onSubmit={onSubmit} className="space-y-6" noValidate>
        <div className="grid max-w-3xl gap-4 sm:grid-cols-2">
          <TextField
            label="Credential expiration (seconds)"
            name="credentialExpiration"
            type="number"
            min={1}
            step={1}
            defaultValue={broker.credentialExpiration ?? ""}
            error={errors.credentialExpiration}
            hint="Default lifetime of new device credentials. Empty: they do not expire."
          />
          <TextAreaField
            label="Hosts a hook may fetch"
            name="fetchAllowList"
            rows={3}
            defaultValue={broker.fetchAllowList.join("\n")}
            error={lineError(errors, "fetchAllowList")}
            hint="One host per line; *.example.com allows its subdomains. Empty: none."
          />
        </div>
        <fieldset className="space-y-3">
          <legend className="font-medium">Limits</legend>
          <p className="text-sm text-slate-600 dark:text-slate-400">Leave a limit empty to use its default, shown in the field.</p>
          <div className="grid max-w-3xl gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {limitKeys.map((key) => (
              <TextField
                key={key}
                label={limitLabels[key]}
                name={`limits.${key}`}
                type="number"
                min={1}
                step={1}
                defaultValue={broker.limits[key] ?? ""}
                placeholder={defaultLimits[key].toString()}
                error={errors[`limits.${key}`]}
              />
            ))}
          </div>
        </fieldset>
        {done && <Alert>Settings saved.</Alert>}
        {problem && <Alert tone="error">{problem}</Alert>}
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save settings"}
        </Button>
      </form>
    </section>
  );
}

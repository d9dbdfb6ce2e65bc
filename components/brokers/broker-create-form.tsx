"use client";
// Create a broker in a namespace: checked with the API's own schema before it is sent. Limits and
// the fetch allow-list are set on the broker's page once it exists.
import { useRouter } from "next/navigation";
import { mutate } from "swr";
import { Alert } from "@/components/ui/alert.tsx";
import { Button } from "@/components/ui/button.tsx";
import { TextField } from "@/components/ui/field.tsx";
import { useSchemaForm } from "@/components/ui/use-schema-form.ts";
import { sendJson } from "@/lib/swr/fetcher.ts";
import { brokersKey } from "@/lib/swr/use-brokers.ts";
import { brokerCreate } from "@/lib/validations/brokers.ts";
import { secondsOrNull } from "./form-values.ts";

export function BrokerCreateForm({ namespace }: { namespace: string }) {
  const router = useRouter();
  const { errors, problem, pending, onSubmit } = useSchemaForm(
    brokerCreate,
    (fields) => ({ name: fields.get("name"), credentialExpiration: secondsOrNull(fields.get("credentialExpiration")) }),
    async (broker) => {
      await sendJson("POST", brokersKey(namespace), broker);
      await mutate(brokersKey(namespace));
      router.push(`/namespaces/${namespace}/brokers/${broker.name}`);
    },
  );

  return (
    <form onSubmit={onSubmit} className="max-w-md space-y-4" noValidate>
      {problem && <Alert tone="error">{problem}</Alert>}
      <TextField label="Name" name="name" required autoFocus error={errors.name} hint="Lowercase letters, digits and hyphens; clients reach it as this name in its namespace." />
      <TextField
        label="Credential expiration (seconds)"
        name="credentialExpiration"
        type="number"
        min={1}
        step={1}
        error={errors.credentialExpiration}
        hint="How long device credentials live unless issued with their own expiry. Leave empty: they do not expire."
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create broker"}
      </Button>
    </form>
  );
}

"use client";
// Create a broker in a namespace: checked with the API's own schema before it is sent. Limits and
// the fetch allow-list are set on the broker's page once it exists.
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { mutate } from "swr";
import { Alert } from "@/components/ui/alert.tsx";
import { Button } from "@/components/ui/button.tsx";
import { TextField } from "@/components/ui/field.tsx";
import { ApiRequestError, sendJson } from "@/lib/swr/fetcher.ts";
import { brokersKey } from "@/lib/swr/use-brokers.ts";
import { brokerCreate } from "@/lib/validations/brokers.ts";
import { fieldErrors, type FieldErrors } from "@/lib/validations/field-errors.ts";
import { secondsOrNull } from "./form-values.ts";

export function BrokerCreateForm({ namespace }: { namespace: string }) {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string>();
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = brokerCreate.safeParse({ name: form.get("name"), credentialExpiration: secondsOrNull(form.get("credentialExpiration")) });
    setProblem(undefined);
    setErrors(parsed.success ? {} : fieldErrors(parsed.error.issues));
    if (!parsed.success) return;
    setPending(true);
    try {
      await sendJson("POST", brokersKey(namespace), parsed.data);
      await mutate(brokersKey(namespace));
      router.push(`/namespaces/${namespace}/brokers/${parsed.data.name}`);
    } catch (error) {
      setPending(false);
      if (error instanceof ApiRequestError && error.fields.length) setErrors(fieldErrors(error.fields));
      else setProblem(error instanceof Error ? error.message : String(error));
    }
  }

  return (
    <form onSubmit={submit} className="max-w-md space-y-4" noValidate>
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

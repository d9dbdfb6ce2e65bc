"use client";
// Create a namespace: the name is checked with the API's own schema before it is sent.
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { mutate } from "swr";
import { Alert } from "@/components/ui/alert.tsx";
import { Button } from "@/components/ui/button.tsx";
import { TextField } from "@/components/ui/field.tsx";
import { fieldErrors, type FieldErrors } from "@/lib/validations/field-errors.ts";
import { namespaceCreate } from "@/lib/validations/brokers.ts";
import { ApiRequestError, sendJson } from "@/lib/swr/fetcher.ts";
import { namespacesKey } from "@/lib/swr/use-namespaces.ts";

export function NamespaceCreateForm() {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string>();
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = namespaceCreate.safeParse({ name: new FormData(event.currentTarget).get("name") });
    setProblem(undefined);
    setErrors(parsed.success ? {} : fieldErrors(parsed.error.issues));
    if (!parsed.success) return;
    setPending(true);
    try {
      await sendJson("POST", namespacesKey, parsed.data);
      await mutate(namespacesKey);
      router.push(`/namespaces/${parsed.data.name}/brokers`);
    } catch (error) {
      setPending(false);
      if (error instanceof ApiRequestError && error.fields.length) setErrors(fieldErrors(error.fields));
      else setProblem(error instanceof Error ? error.message : String(error));
    }
  }

  return (
    <form onSubmit={submit} className="max-w-md space-y-4" noValidate>
      {problem && <Alert tone="error">{problem}</Alert>}
      <TextField label="Name" name="name" required autoFocus error={errors.name} hint="Lowercase letters, digits and hyphens; it becomes part of host names." />
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create namespace"}
      </Button>
    </form>
  );
}

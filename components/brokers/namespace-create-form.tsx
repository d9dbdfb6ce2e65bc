"use client";
// Create a namespace: the name is checked with the API's own schema before it is sent.
import { useRouter } from "next/navigation";
import { mutate } from "swr";
import { Alert } from "@/components/ui/alert.tsx";
import { Button } from "@/components/ui/button.tsx";
import { TextField } from "@/components/ui/field.tsx";
import { useSchemaForm } from "@/components/ui/use-schema-form.ts";
import { sendJson } from "@/lib/swr/fetcher.ts";
import { namespacesKey } from "@/lib/swr/use-namespaces.ts";
import { namespaceCreate } from "@/lib/validations/brokers.ts";

export function NamespaceCreateForm() {
  const router = useRouter();
  const { errors, problem, pending, onSubmit } = useSchemaForm(
    namespaceCreate,
    (fields) => ({ name: fields.get("name") }),
    async (namespace) => {
      await sendJson("POST", namespacesKey, namespace);
      await mutate(namespacesKey);
      router.push(`/namespaces/${namespace.name}/brokers`);
    },
  );

  return (
    <form onSubmit={onSubmit} className="max-w-md space-y-4" noValidate>
      {problem && <Alert tone="error">{problem}</Alert>}
      <TextField label="Name" name="name" required autoFocus error={errors.name} hint="Lowercase letters, digits and hyphens; it becomes part of host names." />
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create namespace"}
      </Button>
    </form>
  );
}

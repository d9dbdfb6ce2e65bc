"use client";
// Create an API token with a name and scope (checked with the API's own schema), then show it:
// the API returns the secret this once and keeps only its hash.
import Link from "next/link";
import { useState } from "react";
import { mutate } from "swr";
import { Alert } from "@/components/ui/alert.tsx";
import { Button, buttonClass } from "@/components/ui/button.tsx";
import { CopyButton } from "@/components/ui/copy-button.tsx";
import { Options, SelectField, TextField } from "@/components/ui/field.tsx";
import { useSchemaForm } from "@/components/ui/use-schema-form.ts";
import { sendJson } from "@/lib/swr/fetcher.ts";
import { tokensKey, type ApiToken } from "@/lib/swr/use-tokens.ts";
import { tokenCreate } from "@/lib/validations/users.ts";
import { scopeOptions, scopesHint } from "./scope-options.ts";

type CreatedToken = ApiToken & { token: string };

export function TokenCreateForm() {
  const [created, setCreated] = useState<CreatedToken>();
  const { errors, problem, pending, onSubmit } = useSchemaForm(
    tokenCreate,
    (fields) => ({ name: fields.get("name"), scope: fields.get("scope") }),
    async (token) => {
      setCreated(await sendJson<CreatedToken>("POST", tokensKey, token));
      await mutate(tokensKey);
    },
  );

  if (created) return <NewToken created={created} />;
  return (
    <form onSubmit={onSubmit} className="max-w-md space-y-4" noValidate>
      {problem && <Alert tone="error">{problem}</Alert>}
      <TextField label="Name" name="name" autoComplete="off" required autoFocus error={errors.name} hint="What it is for, e.g. the script or machine that uses it." />
      <SelectField label="Scope" name="scope" defaultValue="developer" error={errors.scope} hint={scopesHint}>
        <Options options={scopeOptions} />
      </SelectField>
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create token"}
      </Button>
    </form>
  );
}

function NewToken({ created }: { created: CreatedToken }) {
  return (
    <section aria-labelledby="new-token" className="max-w-2xl space-y-4">
      <h2 id="new-token" className="text-lg font-semibold">
        Token {created.name} created
      </h2>
      <Alert tone="warning">Copy the token now: you will not see it again. Sluice keeps only a hash of it.</Alert>
      <div className="flex flex-wrap items-end gap-2">
        <TextField label="Token" value={created.token} readOnly onFocus={(event) => event.currentTarget.select()} className="min-w-0 flex-1 [&_input]:font-mono" />
        <CopyButton value={created.token} label="Copy token" />
      </div>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Send it as <code>Authorization: Bearer &lt;token&gt;</code>, or set it as <code>SLUICE_API_TOKEN</code> for the <code>sluice</code> command line.
      </p>
      <Link href="/tokens" className={buttonClass("secondary")}>
        Done
      </Link>
    </section>
  );
}

"use client";
// Set a new password for a user (an admin's reset), checked with the API's password policy.
import { useState, type FormEvent } from "react";
import { mutate } from "swr";
import { Alert } from "@/components/ui/alert.tsx";
import { Button } from "@/components/ui/button.tsx";
import { TextField } from "@/components/ui/field.tsx";
import { ApiRequestError, sendJson } from "@/lib/swr/fetcher.ts";
import { userKey, type User } from "@/lib/swr/use-user.ts";
import { fieldErrors } from "@/lib/validations/field-errors.ts";
import { userUpdate } from "@/lib/validations/users.ts";

export function PasswordResetForm({ user }: { user: User }) {
  const [error, setError] = useState<string>();
  const [outcome, setOutcome] = useState<{ saved: true } | { problem: string }>();
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget; // React clears currentTarget once the handler awaits
    const parsed = userUpdate.safeParse({ password: new FormData(form).get("password") });
    setOutcome(undefined);
    setError(parsed.success ? undefined : parsed.error.issues[0].message);
    if (!parsed.success) return;
    setPending(true);
    try {
      await mutate(userKey(user.id), await sendJson<User>("PATCH", userKey(user.id), parsed.data), { revalidate: false });
      form.reset();
      setOutcome({ saved: true });
    } catch (failure) {
      if (failure instanceof ApiRequestError && failure.fields.length) setError(fieldErrors(failure.fields).password);
      else setOutcome({ problem: failure instanceof Error ? failure.message : String(failure) });
    } finally {
      setPending(false);
    }
  }

  return (
    <section aria-labelledby="password" className="space-y-4">
      <h2 id="password" className="text-lg font-semibold">
        Reset password
      </h2>
      <form onSubmit={submit} className="max-w-md space-y-4" noValidate>
        <TextField label="New password" name="password" type="password" autoComplete="new-password" required error={error} hint="At least 10 characters. Pass it on to them privately." />
        {outcome && ("saved" in outcome ? <Alert>Password changed. {user.name} signs in with the new one from now on.</Alert> : <Alert tone="error">{outcome.problem}</Alert>)}
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Set new password"}
        </Button>
      </form>
    </section>
  );
}

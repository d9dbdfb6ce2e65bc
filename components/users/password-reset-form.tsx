"use client";
// Set a new password for a user (an admin's reset), checked with the API's password policy.
import { mutate } from "swr";
import { Alert } from "@/components/ui/alert.tsx";
import { Button } from "@/components/ui/button.tsx";
import { TextField } from "@/components/ui/field.tsx";
import { useSchemaForm } from "@/components/ui/use-schema-form.ts";
import { sendJson } from "@/lib/swr/fetcher.ts";
import { userKey, type User } from "@/lib/swr/use-user.ts";
import { userUpdate } from "@/lib/validations/users.ts";

export function PasswordResetForm({ user }: { user: User }) {
  const { errors, problem, pending, done, onSubmit } = useSchemaForm(
    userUpdate,
    (fields) => ({ password: fields.get("password") }),
    async (change, form) => {
      await mutate(userKey(user.id), await sendJson<User>("PATCH", userKey(user.id), change), { revalidate: false });
      form.reset();
    },
  );

  return (
    <section aria-labelledby="password" className="space-y-4">
      <h2 id="password" className="text-lg font-semibold">
        Reset password
      </h2>
      <form onSubmit={onSubmit} className="max-w-md space-y-4" noValidate>
        <TextField label="New password" name="password" type="password" autoComplete="new-password" required error={errors.password} hint="At least 10 characters. Pass it on to them privately." />
        {done && <Alert>Password changed. {user.name} signs in with the new one from now on.</Alert>}
        {problem && <Alert tone="error">{problem}</Alert>}
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Set new password"}
        </Button>
      </form>
    </section>
  );
}

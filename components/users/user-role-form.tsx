"use client";
// Change a user's role. The API refuses to demote the only admin and says why; that shows here.
import { useState, type FormEvent } from "react";
import { mutate } from "swr";
import { Alert } from "@/components/ui/alert.tsx";
import { Button } from "@/components/ui/button.tsx";
import { Options, SelectField } from "@/components/ui/field.tsx";
import { sendJson } from "@/lib/swr/fetcher.ts";
import { userKey, type User } from "@/lib/swr/use-user.ts";
import { usersKey } from "@/lib/swr/use-users.ts";
import { userUpdate } from "@/lib/validations/users.ts";
import { roleOptions, rolesHint } from "./role-options.ts";

export function UserRoleForm({ user, isSelf }: { user: User; isSelf: boolean }) {
  const [outcome, setOutcome] = useState<{ saved: true } | { problem: string }>();
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = userUpdate.safeParse({ role: new FormData(event.currentTarget).get("role") });
    setOutcome(parsed.success ? undefined : { problem: parsed.error.issues[0].message });
    if (!parsed.success) return;
    setPending(true);
    try {
      await mutate(userKey(user.id), await sendJson<User>("PATCH", userKey(user.id), parsed.data), { revalidate: false });
      await mutate(usersKey);
      setOutcome({ saved: true });
    } catch (error) {
      setOutcome({ problem: error instanceof Error ? error.message : String(error) });
    } finally {
      setPending(false);
    }
  }

  return (
    <section aria-labelledby="role" className="space-y-4">
      <h2 id="role" className="text-lg font-semibold">
        Role
      </h2>
      <form onSubmit={submit} className="max-w-md space-y-4" noValidate>
        <SelectField
          label="Role"
          name="role"
          defaultValue={user.role}
          // The session keeps the role it was signed in with; the API applies the new one at once.
          hint={isSelf ? `${rolesHint} The console shows your new role from your next sign-in.` : rolesHint}
        >
          <Options options={roleOptions} />
        </SelectField>
        {outcome && ("saved" in outcome ? <Alert>Role saved.</Alert> : <Alert tone="error">{outcome.problem}</Alert>)}
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save role"}
        </Button>
      </form>
    </section>
  );
}

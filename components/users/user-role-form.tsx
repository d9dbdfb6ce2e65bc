"use client";
// Change a user's role. The API refuses to demote the only admin and says why; that shows here.
import { mutate } from "swr";
import { Alert } from "@/components/ui/alert.tsx";
import { Button } from "@/components/ui/button.tsx";
import { Options, SelectField } from "@/components/ui/field.tsx";
import { useSchemaForm } from "@/components/ui/use-schema-form.ts";
import { sendJson } from "@/lib/swr/fetcher.ts";
import { userKey, type User } from "@/lib/swr/use-user.ts";
import { usersKey } from "@/lib/swr/use-users.ts";
import { userUpdate } from "@/lib/validations/users.ts";
import { roleOptions, rolesHint } from "./role-options.ts";

export function UserRoleForm({ user, isSelf }: { user: User; isSelf: boolean }) {
  const { errors, problem, pending, done, onSubmit } = useSchemaForm(
    userUpdate,
    (fields) => ({ role: fields.get("role") }),
    async (change) => {
      await mutate(userKey(user.id), await sendJson<User>("PATCH", userKey(user.id), change), { revalidate: false });
      await mutate(usersKey);
    },
  );

  return (
    <section aria-labelledby="role" className="space-y-4">
      <h2 id="role" className="text-lg font-semibold">
        Role
      </h2>
      <form onSubmit={onSubmit} className="max-w-md space-y-4" noValidate>
        <SelectField
          label="Role"
          name="role"
          defaultValue={user.role}
          error={errors.role}
          // The session keeps the role it was signed in with; the API applies the new one at once.
          hint={isSelf ? `${rolesHint} The console shows your new role from your next sign-in.` : rolesHint}
        >
          <Options options={roleOptions} />
        </SelectField>
        {done && <Alert>Role saved.</Alert>}
        {problem && <Alert tone="error">{problem}</Alert>}
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save role"}
        </Button>
      </form>
    </section>
  );
}

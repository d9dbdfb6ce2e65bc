"use client";
// Create a console user with a role and an initial password, checked with the API's own schema
// before it is sent. The admin passes the password on; the user signs in with it.
import { useRouter } from "next/navigation";
import { mutate } from "swr";
import { Alert } from "@/components/ui/alert.tsx";
import { Button } from "@/components/ui/button.tsx";
import { Options, SelectField, TextField } from "@/components/ui/field.tsx";
import { useSchemaForm } from "@/components/ui/use-schema-form.ts";
import { sendJson } from "@/lib/swr/fetcher.ts";
import { usersKey } from "@/lib/swr/use-users.ts";
import { userCreate } from "@/lib/validations/users.ts";
import { roleOptions, rolesHint } from "./role-options.ts";

export function UserCreateForm() {
  const router = useRouter();
  const { errors, problem, pending, onSubmit } = useSchemaForm(
    userCreate,
    (fields) => ({ email: fields.get("email"), name: fields.get("name"), role: fields.get("role"), password: fields.get("password") }),
    async (user) => {
      await sendJson("POST", usersKey, user);
      await mutate(usersKey);
      router.push("/users");
    },
  );

  return (
    <form onSubmit={onSubmit} className="max-w-md space-y-4" noValidate>
      {problem && <Alert tone="error">{problem}</Alert>}
      <TextField label="Email" name="email" type="email" autoComplete="off" required autoFocus error={errors.email} hint="What they sign in with." />
      <TextField label="Name" name="name" autoComplete="off" required error={errors.name} />
      <SelectField label="Role" name="role" defaultValue="developer" error={errors.role} hint={rolesHint}>
        <Options options={roleOptions} />
      </SelectField>
      <TextField label="Initial password" name="password" type="password" autoComplete="new-password" required error={errors.password} hint="At least 10 characters. Pass it on to them privately." />
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create user"}
      </Button>
    </form>
  );
}

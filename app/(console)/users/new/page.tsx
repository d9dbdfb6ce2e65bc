// /users/new — create a console user (admins).
import type { Metadata } from "next";
import { NotAllowed } from "@/components/layout/not-allowed.tsx";
import { PageHeader } from "@/components/layout/page-header.tsx";
import { UserCreateForm } from "@/components/users/user-create-form.tsx";
import { can } from "@/lib/auth/roles.ts";
import { requireUser } from "@/lib/console/session.ts";

export const metadata: Metadata = { title: "Create user" };

export default async function NewUserPage() {
  const user = await requireUser();
  if (!can(user.role, "users:write")) return <NotAllowed role={user.role} what="create users" />;
  return (
    <>
      <PageHeader title="Create user" trail={[{ href: "/users", label: "Users" }]} />
      <UserCreateForm />
    </>
  );
}

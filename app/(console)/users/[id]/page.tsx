// /users/:id — one console user; admins change their role, set a new password or remove them.
import type { Metadata } from "next";
import { NotAllowed } from "@/components/layout/not-allowed.tsx";
import { UserDetail } from "@/components/users/user-detail.tsx";
import { can } from "@/lib/auth/roles.ts";
import { requireUser } from "@/lib/console/session.ts";

export const metadata: Metadata = { title: "User" };

export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser();
  if (!can(user.role, "users:read")) return <NotAllowed role={user.role} what="see users" />;
  return <UserDetail id={id} canEdit={can(user.role, "users:write")} isSelf={id === user.id} />;
}

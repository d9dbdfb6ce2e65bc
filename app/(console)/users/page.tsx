// /users — console users (a later release builds this page).
import type { Metadata } from "next";
import { ComingLater } from "@/components/layout/coming-later.tsx";
import { NotAllowed } from "@/components/layout/not-allowed.tsx";
import { can } from "@/lib/auth/roles.ts";
import { requireUser } from "@/lib/console/session.ts";

export const metadata: Metadata = { title: "Users" };

export default async function Page() {
  const user = await requireUser();
  if (!can(user.role, "users:read")) return <NotAllowed role={user.role} what="see users" />;
  return <ComingLater title="Users">Create console users, set their roles, reset their passwords and remove them.</ComingLater>;
}

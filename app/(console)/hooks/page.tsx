// /hooks — on-publish hooks (a later release builds this page).
import type { Metadata } from "next";
import { ComingLater } from "@/components/layout/coming-later.tsx";
import { NotAllowed } from "@/components/layout/not-allowed.tsx";
import { can } from "@/lib/auth/roles.ts";
import { requireUser } from "@/lib/console/session.ts";

export const metadata: Metadata = { title: "Hooks" };

export default async function Page() {
  const user = await requireUser();
  if (!can(user.role, "hooks:read")) return <NotAllowed role={user.role} what="see hooks" />;
  return <ComingLater title="Hooks">Edit a broker's hook, run it on sample messages, deploy it, compare and roll back versions, and follow its logs and metrics.</ComingLater>;
}

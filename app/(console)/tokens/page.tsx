// /tokens — API tokens (a later release builds this page).
import type { Metadata } from "next";
import { ComingLater } from "@/components/layout/coming-later.tsx";
import { NotAllowed } from "@/components/layout/not-allowed.tsx";
import { can } from "@/lib/auth/roles.ts";
import { requireUser } from "@/lib/console/session.ts";

export const metadata: Metadata = { title: "API tokens" };

export default async function Page() {
  const user = await requireUser();
  if (!can(user.role, "tokens:read")) return <NotAllowed role={user.role} what="see API tokens" />;
  return <ComingLater title="API tokens">Create API tokens for scripts and the CLI (shown once), see when each was last used, and revoke them.</ComingLater>;
}

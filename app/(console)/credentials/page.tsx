// /credentials — device credentials (a later release builds this page).
import type { Metadata } from "next";
import { ComingLater } from "@/components/layout/coming-later.tsx";
import { NotAllowed } from "@/components/layout/not-allowed.tsx";
import { can } from "@/lib/auth/roles.ts";
import { requireUser } from "@/lib/console/session.ts";

export const metadata: Metadata = { title: "Credentials" };

export default async function Page() {
  const user = await requireUser();
  if (!can(user.role, "brokers:read")) return <NotAllowed role={user.role} what="see device credentials" />;
  return <ComingLater title="Credentials">Issue device credentials with a client ID, expiry and topic ACL, copy ready-to-run connect snippets, revoke and unrevoke them, and check what a credential may publish or subscribe to.</ComingLater>;
}

// /audit — the audit log (a later release builds this page).
import type { Metadata } from "next";
import { ComingLater } from "@/components/layout/coming-later.tsx";
import { NotAllowed } from "@/components/layout/not-allowed.tsx";
import { can } from "@/lib/auth/roles.ts";
import { requireUser } from "@/lib/console/session.ts";

export const metadata: Metadata = { title: "Audit" };

export default async function Page() {
  const user = await requireUser();
  if (!can(user.role, "audit:read")) return <NotAllowed role={user.role} what="read the audit log" />;
  return <ComingLater title="Audit">Every change made through the API, with who made it and when, filtered by actor, target and time.</ComingLater>;
}

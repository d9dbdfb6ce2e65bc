// /audit — the audit log (admins): every change made through the API, who made it and when,
// filtered by actor, target and time in the URL.
import type { Metadata } from "next";
import { AuditLog } from "@/components/audit/audit-log.tsx";
import { NotAllowed } from "@/components/layout/not-allowed.tsx";
import { PageHeader } from "@/components/layout/page-header.tsx";
import { can } from "@/lib/auth/roles.ts";
import { requireUser } from "@/lib/console/session.ts";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage() {
  const user = await requireUser();
  if (!can(user.role, "audit:read")) return <NotAllowed role={user.role} what="read the audit log" />;
  return (
    <>
      <PageHeader title="Audit log" />
      <AuditLog />
    </>
  );
}

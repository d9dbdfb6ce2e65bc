// /analytics — read-only SQL over the data points hooks write, as a table and a chart (everyone).
import type { Metadata } from "next";
import { AnalyticsWorkbench } from "@/components/analytics/analytics-workbench.tsx";
import { NotAllowed } from "@/components/layout/not-allowed.tsx";
import { PageHeader } from "@/components/layout/page-header.tsx";
import { can } from "@/lib/auth/roles.ts";
import { requireUser } from "@/lib/console/session.ts";

export const metadata: Metadata = { title: "Analytics" };

export default async function AnalyticsPage() {
  const user = await requireUser();
  if (!can(user.role, "analytics:query")) return <NotAllowed role={user.role} what="query analytics" />;
  return (
    <>
      <PageHeader title="Analytics" />
      <AnalyticsWorkbench />
    </>
  );
}

// / — the overview: live traffic, drops and hook health, in total and per broker.
import type { Metadata } from "next";
import { PageHeader } from "@/components/layout/page-header.tsx";
import { NotAllowed } from "@/components/layout/not-allowed.tsx";
import { Overview } from "@/components/overview/overview.tsx";
import { can } from "@/lib/auth/roles.ts";
import { requireUser } from "@/lib/console/session.ts";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const user = await requireUser();
  if (!can(user.role, "brokers:read")) return <NotAllowed role={user.role} what="see traffic" />;
  return (
    <>
      <PageHeader title="Overview" />
      <Overview />
    </>
  );
}

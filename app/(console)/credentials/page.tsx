// /credentials — device credentials belong to a broker: pick one, then its credentials page.
import type { Metadata } from "next";
import { BrokerPicker } from "@/components/brokers/broker-picker.tsx";
import { NotAllowed } from "@/components/layout/not-allowed.tsx";
import { PageHeader } from "@/components/layout/page-header.tsx";
import { can } from "@/lib/auth/roles.ts";
import { requireUser } from "@/lib/console/session.ts";

export const metadata: Metadata = { title: "Credentials" };

export default async function Page() {
  const user = await requireUser();
  if (!can(user.role, "brokers:read")) return <NotAllowed role={user.role} what="see device credentials" />;
  return (
    <>
      <PageHeader title="Credentials" />
      <p className="mb-6 text-sm text-slate-600 dark:text-slate-400">Device credentials belong to a broker. Pick one to issue, list, revoke or check its credentials.</p>
      <BrokerPicker section="credentials" />
    </>
  );
}

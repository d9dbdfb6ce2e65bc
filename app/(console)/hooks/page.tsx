// /hooks — on-publish hooks: pick a broker; its hook is a section of the broker's page.
import type { Metadata } from "next";
import { BrokerPicker } from "@/components/brokers/broker-picker.tsx";
import { NotAllowed } from "@/components/layout/not-allowed.tsx";
import { PageHeader } from "@/components/layout/page-header.tsx";
import { can } from "@/lib/auth/roles.ts";
import { requireUser } from "@/lib/console/session.ts";

export const metadata: Metadata = { title: "Hooks" };

export default async function Page() {
  const user = await requireUser();
  if (!can(user.role, "hooks:read")) return <NotAllowed role={user.role} what="see hooks" />;
  return (
    <>
      <PageHeader title="Hooks" />
      <p className="mb-6 max-w-2xl text-sm text-slate-600 dark:text-slate-400">
        Each broker may run one on-publish hook. Pick a broker to edit its hook, try it on sample messages, deploy it, compare and roll back versions, and follow its logs and metrics.
      </p>
      <BrokerPicker section="hook" />
    </>
  );
}

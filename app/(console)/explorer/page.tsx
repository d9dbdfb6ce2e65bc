// /explorer — the live topic explorer: pick a broker; its explorer is a section of the broker's page.
import type { Metadata } from "next";
import { BrokerPicker } from "@/components/brokers/broker-picker.tsx";
import { NotAllowed } from "@/components/layout/not-allowed.tsx";
import { PageHeader } from "@/components/layout/page-header.tsx";
import { can } from "@/lib/auth/roles.ts";
import { requireUser } from "@/lib/console/session.ts";

export const metadata: Metadata = { title: "Explorer" };

export default async function Page() {
  const user = await requireUser();
  if (!can(user.role, "explorer:subscribe")) return <NotAllowed role={user.role} what="use the explorer" />;
  return (
    <>
      <PageHeader title="Explorer" />
      <p className="mb-6 max-w-2xl text-sm text-slate-600 dark:text-slate-400">
        Watch a broker&apos;s traffic live: subscribe with wildcards, browse the topic tree, read each message as text, JSON or bytes, follow the throughput
        {can(user.role, "explorer:publish") ? ", and test-publish to see what the hook delivers" : ""}. Pick a broker.
      </p>
      <BrokerPicker section="explorer" />
    </>
  );
}

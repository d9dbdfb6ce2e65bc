// /clients — clients belong to a broker: pick one, then its clients page.
import type { Metadata } from "next";
import { BrokerPicker } from "@/components/brokers/broker-picker.tsx";
import { NotAllowed } from "@/components/layout/not-allowed.tsx";
import { PageHeader } from "@/components/layout/page-header.tsx";
import { can } from "@/lib/auth/roles.ts";
import { requireUser } from "@/lib/console/session.ts";

export const metadata: Metadata = { title: "Clients" };

export default async function Page() {
  const user = await requireUser();
  if (!can(user.role, "clients:read")) return <NotAllowed role={user.role} what="see clients" />;
  return (
    <>
      <PageHeader title="Clients" />
      <p className="mb-6 max-w-2xl text-sm text-slate-600 dark:text-slate-400">
        Each broker has its own clients: the devices connected now, and the persistent sessions of those that are away. Pick a broker to search them, see one client&apos;s subscriptions, will and recent disconnects, or disconnect it.
      </p>
      <BrokerPicker section="clients" />
    </>
  );
}

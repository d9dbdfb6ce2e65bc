// /namespaces/:ns/new — create a broker in a namespace (admins).
import type { Metadata } from "next";
import { BrokerCreateForm } from "@/components/brokers/broker-create-form.tsx";
import { NotAllowed } from "@/components/layout/not-allowed.tsx";
import { PageHeader } from "@/components/layout/page-header.tsx";
import { can } from "@/lib/auth/roles.ts";
import { requireUser } from "@/lib/console/session.ts";

export const metadata: Metadata = { title: "Create broker" };

export default async function NewBrokerPage({ params }: { params: Promise<{ ns: string }> }) {
  const { ns } = await params;
  const user = await requireUser();
  if (!can(user.role, "brokers:write")) return <NotAllowed role={user.role} what="create brokers" />;
  return (
    <>
      <PageHeader
        title="Create broker"
        trail={[
          { href: "/namespaces", label: "Namespaces" },
          { href: `/namespaces/${ns}/brokers`, label: ns },
        ]}
      />
      <BrokerCreateForm namespace={ns} />
    </>
  );
}

// /namespaces/:ns/brokers/:broker/clients — a broker's clients, connected and offline: search by
// client ID prefix, filter by state, sort, live refresh.
import type { Metadata } from "next";
import { ClientList } from "@/components/clients/client-list.tsx";
import { NotAllowed } from "@/components/layout/not-allowed.tsx";
import { PageHeader } from "@/components/layout/page-header.tsx";
import { can } from "@/lib/auth/roles.ts";
import { requireUser } from "@/lib/console/session.ts";

type Props = { params: Promise<{ ns: string; broker: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { ns, broker } = await params;
  return { title: `Clients of ${ns}/${broker}` };
}

export default async function BrokerClientsPage({ params }: Props) {
  const { ns, broker } = await params;
  const user = await requireUser();
  if (!can(user.role, "clients:read")) return <NotAllowed role={user.role} what="see clients" />;
  return (
    <>
      <PageHeader
        title={`Clients of ${ns}/${broker}`}
        trail={[
          { href: "/namespaces", label: "Namespaces" },
          { href: `/namespaces/${ns}/brokers`, label: ns },
          { href: `/namespaces/${ns}/brokers/${broker}`, label: broker },
        ]}
      />
      <ClientList namespace={ns} name={broker} />
    </>
  );
}

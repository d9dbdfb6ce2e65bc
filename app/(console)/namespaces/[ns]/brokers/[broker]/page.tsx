// /namespaces/:ns/brokers/:broker — a broker's endpoints and settings, and the way to its sections.
import type { Metadata } from "next";
import Link from "next/link";
import { BrokerDetail } from "@/components/brokers/broker-detail.tsx";
import { DeleteBroker } from "@/components/brokers/delete-broker.tsx";
import { NotAllowed } from "@/components/layout/not-allowed.tsx";
import { PageHeader } from "@/components/layout/page-header.tsx";
import { buttonClass } from "@/components/ui/button.tsx";
import { can } from "@/lib/auth/roles.ts";
import { requireUser } from "@/lib/console/session.ts";

type Props = { params: Promise<{ ns: string; broker: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { ns, broker } = await params;
  return { title: `Broker ${ns}/${broker}` };
}

export default async function BrokerPage({ params }: Props) {
  const { ns, broker } = await params;
  const user = await requireUser();
  if (!can(user.role, "brokers:read")) return <NotAllowed role={user.role} what="see brokers" />;
  const canWrite = can(user.role, "brokers:write");
  return (
    <>
      <PageHeader
        title={`Broker ${ns}/${broker}`}
        trail={[
          { href: "/namespaces", label: "Namespaces" },
          { href: `/namespaces/${ns}/brokers`, label: ns },
        ]}
        actions={
          <>
            <Link href={`/namespaces/${ns}/brokers/${broker}/credentials`} className={buttonClass("secondary")}>
              Credentials
            </Link>
            {can(user.role, "hooks:read") && (
              <Link href={`/namespaces/${ns}/brokers/${broker}/hook`} className={buttonClass("secondary")}>
                Hook
              </Link>
            )}
            {can(user.role, "explorer:subscribe") && (
              <Link href={`/namespaces/${ns}/brokers/${broker}/explorer`} className={buttonClass("secondary")}>
                Explorer
              </Link>
            )}
            {can(user.role, "clients:read") && (
              <Link href={`/namespaces/${ns}/brokers/${broker}/clients`} className={buttonClass("secondary")}>
                Clients
              </Link>
            )}
            {canWrite && <DeleteBroker namespace={ns} name={broker} />}
          </>
        }
      />
      <BrokerDetail namespace={ns} name={broker} canEdit={canWrite} />
    </>
  );
}

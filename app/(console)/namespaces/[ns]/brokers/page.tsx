// /namespaces/:ns/brokers — a namespace and its brokers.
import type { Metadata } from "next";
import Link from "next/link";
import { BrokerList } from "@/components/brokers/broker-list.tsx";
import { DeleteNamespace } from "@/components/brokers/delete-namespace.tsx";
import { NotAllowed } from "@/components/layout/not-allowed.tsx";
import { PageHeader } from "@/components/layout/page-header.tsx";
import { buttonClass } from "@/components/ui/button.tsx";
import { can } from "@/lib/auth/roles.ts";
import { requireUser } from "@/lib/console/session.ts";

type Props = { params: Promise<{ ns: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Namespace ${(await params).ns}` };
}

export default async function NamespacePage({ params }: Props) {
  const { ns } = await params;
  const user = await requireUser();
  if (!can(user.role, "brokers:read")) return <NotAllowed role={user.role} what="see brokers" />;
  const canWrite = can(user.role, "brokers:write");
  return (
    <>
      <PageHeader
        title={`Namespace ${ns}`}
        trail={[{ href: "/namespaces", label: "Namespaces" }]}
        actions={
          canWrite && (
            <>
              <Link href={`/namespaces/${ns}/new`} className={buttonClass()}>
                Create broker
              </Link>
              <DeleteNamespace namespace={ns} />
            </>
          )
        }
      />
      <BrokerList namespace={ns} canCreate={canWrite} />
    </>
  );
}

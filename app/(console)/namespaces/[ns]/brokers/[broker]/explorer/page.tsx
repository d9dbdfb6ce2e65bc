// /namespaces/:ns/brokers/:broker/explorer — a broker's live topic explorer: subscriptions, the
// topic tree, messages and their detail, throughput, and test publishes through the hook. Everyone
// who may subscribe sees it; only those who may publish get the publish and delete controls.
import type { Metadata } from "next";
import { ExplorerIsland } from "@/components/explorer/explorer-island.tsx";
import { NotAllowed } from "@/components/layout/not-allowed.tsx";
import { PageHeader } from "@/components/layout/page-header.tsx";
import { can } from "@/lib/auth/roles.ts";
import { requireUser } from "@/lib/console/session.ts";

type Props = { params: Promise<{ ns: string; broker: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { ns, broker } = await params;
  return { title: `Explorer of ${ns}/${broker}` };
}

export default async function ExplorerPage({ params }: Props) {
  const { ns, broker } = await params;
  const user = await requireUser();
  if (!can(user.role, "explorer:subscribe")) return <NotAllowed role={user.role} what="use the explorer" />;
  return (
    <>
      <PageHeader
        title={`Explorer of ${ns}/${broker}`}
        trail={[
          { href: "/namespaces", label: "Namespaces" },
          { href: `/namespaces/${ns}/brokers`, label: ns },
          { href: `/namespaces/${ns}/brokers/${broker}`, label: broker },
        ]}
      />
      <ExplorerIsland key={`${ns}/${broker}`} namespace={ns} name={broker} canPublish={can(user.role, "explorer:publish")} />
    </>
  );
}

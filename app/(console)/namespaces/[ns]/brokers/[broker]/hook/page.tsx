// /namespaces/:ns/brokers/:broker/hook — a broker's on-publish hook: editor, test bench, versions,
// metrics and live logs. Everyone who may read hooks sees it; only those who may write them edit.
import type { Metadata } from "next";
import { HookWorkspace } from "@/components/hooks/hook-workspace.tsx";
import { NotAllowed } from "@/components/layout/not-allowed.tsx";
import { PageHeader } from "@/components/layout/page-header.tsx";
import { can } from "@/lib/auth/roles.ts";
import { requireUser } from "@/lib/console/session.ts";

type Props = { params: Promise<{ ns: string; broker: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { ns, broker } = await params;
  return { title: `Hook of ${ns}/${broker}` };
}

export default async function HookPage({ params }: Props) {
  const { ns, broker } = await params;
  const user = await requireUser();
  if (!can(user.role, "hooks:read")) return <NotAllowed role={user.role} what="see hooks" />;
  return (
    <>
      <PageHeader
        title={`Hook of ${ns}/${broker}`}
        trail={[
          { href: "/namespaces", label: "Namespaces" },
          { href: `/namespaces/${ns}/brokers`, label: ns },
          { href: `/namespaces/${ns}/brokers/${broker}`, label: broker },
        ]}
      />
      <HookWorkspace namespace={ns} name={broker} canEdit={can(user.role, "hooks:write")} />
    </>
  );
}

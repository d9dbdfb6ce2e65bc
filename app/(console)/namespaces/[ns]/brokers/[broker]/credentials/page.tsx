// /namespaces/:ns/brokers/:broker/credentials — a broker's device credentials: issue (tokens shown
// once, with connect snippets), list, revoke and unrevoke, and check what one may do.
import type { Metadata } from "next";
import { BrokerCredentials } from "@/components/credentials/broker-credentials.tsx";
import { IssueCredentials } from "@/components/credentials/issue-credentials.tsx";
import { NotAllowed } from "@/components/layout/not-allowed.tsx";
import { PageHeader } from "@/components/layout/page-header.tsx";
import { can } from "@/lib/auth/roles.ts";
import { requireUser } from "@/lib/console/session.ts";

type Props = { params: Promise<{ ns: string; broker: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { ns, broker } = await params;
  return { title: `Credentials of ${ns}/${broker}` };
}

export default async function BrokerCredentialsPage({ params }: Props) {
  const { ns, broker } = await params;
  const user = await requireUser();
  if (!can(user.role, "brokers:read")) return <NotAllowed role={user.role} what="see device credentials" />;
  const canIssue = can(user.role, "credentials:issue");
  return (
    <>
      <PageHeader
        title={`Credentials of ${ns}/${broker}`}
        trail={[
          { href: "/namespaces", label: "Namespaces" },
          { href: `/namespaces/${ns}/brokers`, label: ns },
          { href: `/namespaces/${ns}/brokers/${broker}`, label: broker },
        ]}
      />
      <div className="space-y-10">
        {canIssue && <IssueCredentials namespace={ns} name={broker} />}
        <BrokerCredentials namespace={ns} name={broker} canIssue={canIssue} canRevoke={can(user.role, "credentials:revoke")} />
      </div>
    </>
  );
}

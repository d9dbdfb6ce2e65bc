// /namespaces — every namespace. URLs are chosen so no name can collide with a page: a
// namespace's page is /namespaces/<ns>/brokers, so /namespaces/new stays the create form even for
// a namespace called "new", and /namespaces/<ns>/new creates a broker in it.
import type { Metadata } from "next";
import Link from "next/link";
import { NamespaceList } from "@/components/brokers/namespace-list.tsx";
import { NotAllowed } from "@/components/layout/not-allowed.tsx";
import { PageHeader } from "@/components/layout/page-header.tsx";
import { buttonClass } from "@/components/ui/button.tsx";
import { can } from "@/lib/auth/roles.ts";
import { requireUser } from "@/lib/console/session.ts";

export const metadata: Metadata = { title: "Namespaces" };

export default async function NamespacesPage() {
  const user = await requireUser();
  if (!can(user.role, "namespaces:read")) return <NotAllowed role={user.role} what="see namespaces" />;
  const canCreate = can(user.role, "namespaces:write");
  return (
    <>
      <PageHeader
        title="Namespaces"
        actions={
          canCreate && (
            <Link href="/namespaces/new" className={buttonClass()}>
              Create namespace
            </Link>
          )
        }
      />
      <NamespaceList canCreate={canCreate} />
    </>
  );
}

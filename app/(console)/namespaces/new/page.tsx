// /namespaces/new — create a namespace (admins).
import type { Metadata } from "next";
import { NamespaceCreateForm } from "@/components/brokers/namespace-create-form.tsx";
import { NotAllowed } from "@/components/layout/not-allowed.tsx";
import { PageHeader } from "@/components/layout/page-header.tsx";
import { can } from "@/lib/auth/roles.ts";
import { requireUser } from "@/lib/console/session.ts";

export const metadata: Metadata = { title: "Create namespace" };

export default async function NewNamespacePage() {
  const user = await requireUser();
  if (!can(user.role, "namespaces:write")) return <NotAllowed role={user.role} what="create namespaces" />;
  return (
    <>
      <PageHeader title="Create namespace" trail={[{ href: "/namespaces", label: "Namespaces" }]} />
      <NamespaceCreateForm />
    </>
  );
}

// /tokens/new — create an API token and see it once (admins).
import type { Metadata } from "next";
import { NotAllowed } from "@/components/layout/not-allowed.tsx";
import { PageHeader } from "@/components/layout/page-header.tsx";
import { TokenCreateForm } from "@/components/tokens/token-create-form.tsx";
import { can } from "@/lib/auth/roles.ts";
import { requireUser } from "@/lib/console/session.ts";

export const metadata: Metadata = { title: "Create API token" };

export default async function NewTokenPage() {
  const user = await requireUser();
  if (!can(user.role, "tokens:write")) return <NotAllowed role={user.role} what="create API tokens" />;
  return (
    <>
      <PageHeader title="Create API token" trail={[{ href: "/tokens", label: "API tokens" }]} />
      <TokenCreateForm />
    </>
  );
}

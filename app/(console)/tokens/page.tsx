// /tokens — API tokens: everyone reads the list (never the secrets); admins create and revoke them.
import type { Metadata } from "next";
import Link from "next/link";
import { NotAllowed } from "@/components/layout/not-allowed.tsx";
import { PageHeader } from "@/components/layout/page-header.tsx";
import { TokenList } from "@/components/tokens/token-list.tsx";
import { buttonClass } from "@/components/ui/button.tsx";
import { can } from "@/lib/auth/roles.ts";
import { requireUser } from "@/lib/console/session.ts";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  const user = await requireUser();
  if (!can(user.role, "tokens:read")) return <NotAllowed role={user.role} what="see API tokens" />;
  const canWrite = can(user.role, "tokens:write");
  return (
    <>
      <PageHeader
        title="API tokens"
        actions={
          canWrite && (
            <Link href="/tokens/new" className={buttonClass()}>
              Create token
            </Link>
          )
        }
      />
      <TokenList canRevoke={canWrite} />
    </>
  );
}

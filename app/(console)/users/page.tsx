// /users — console users: everyone reads the list; admins create, change and remove users.
import type { Metadata } from "next";
import Link from "next/link";
import { NotAllowed } from "@/components/layout/not-allowed.tsx";
import { PageHeader } from "@/components/layout/page-header.tsx";
import { buttonClass } from "@/components/ui/button.tsx";
import { UserList } from "@/components/users/user-list.tsx";
import { can } from "@/lib/auth/roles.ts";
import { requireUser } from "@/lib/console/session.ts";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const user = await requireUser();
  if (!can(user.role, "users:read")) return <NotAllowed role={user.role} what="see users" />;
  return (
    <>
      <PageHeader
        title="Users"
        actions={
          can(user.role, "users:write") && (
            <Link href="/users/new" className={buttonClass()}>
              Create user
            </Link>
          )
        }
      />
      <UserList currentUserId={user.id} />
    </>
  );
}

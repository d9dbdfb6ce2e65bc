"use client";
// A user's page: who they are, and for admins their role, a new password, and removal.
import { PageHeader } from "@/components/layout/page-header.tsx";
import { LoadError, Loading } from "@/components/ui/states.tsx";
import { Time } from "@/components/ui/time.tsx";
import { useUser } from "@/lib/swr/use-user.ts";
import { PasswordResetForm } from "./password-reset-form.tsx";
import { RemoveUser } from "./remove-user.tsx";
import { UserRoleForm } from "./user-role-form.tsx";

export function UserDetail({ id, canEdit, isSelf }: { id: string; canEdit: boolean; isSelf: boolean }) {
  const { data: user, error, isLoading, mutate } = useUser(id);
  return (
    <>
      <PageHeader title={user ? `${user.name}${isSelf ? " (you)" : ""}` : "User"} trail={[{ href: "/users", label: "Users" }]} actions={canEdit && user && <RemoveUser user={user} />} />
      {isLoading ? (
        <Loading label="Loading the user…" />
      ) : error || !user ? (
        <LoadError error={error} retry={() => mutate()} />
      ) : (
        <div className="space-y-10">
          <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
            <dt className="font-medium">Email</dt>
            <dd>{user.email}</dd>
            <dt className="font-medium">Role</dt>
            <dd>{user.role}</dd>
            <dt className="font-medium">Created</dt>
            <dd>
              <Time iso={user.createdAt} />
            </dd>
            <dt className="font-medium">Last changed</dt>
            <dd>
              <Time iso={user.updatedAt} />
            </dd>
          </dl>
          {canEdit && <UserRoleForm user={user} isSelf={isSelf} />}
          {canEdit && <PasswordResetForm user={user} />}
        </div>
      )}
    </>
  );
}

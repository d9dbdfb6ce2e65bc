"use client";
// Remove a console user, after confirmation. The API refuses to remove the only admin; the
// dialog shows why.
import { useRouter } from "next/navigation";
import { mutate } from "swr";
import { DeleteButton } from "@/components/ui/delete-button.tsx";
import { sendJson } from "@/lib/swr/fetcher.ts";
import { userKey, type User } from "@/lib/swr/use-user.ts";
import { usersKey } from "@/lib/swr/use-users.ts";

export function RemoveUser({ user }: { user: User }) {
  const router = useRouter();
  return (
    <DeleteButton
      label="Remove user"
      title={`Remove ${user.name}?`}
      onDelete={async () => {
        await sendJson("DELETE", userKey(user.id));
        await mutate(usersKey);
        router.push("/users");
      }}
    >
      <p>
        {user.email} can no longer sign in to the console. What they did stays in the audit log. This cannot be undone.
      </p>
    </DeleteButton>
  );
}

"use client";
// Delete a namespace with all its brokers, after confirmation.
import { useRouter } from "next/navigation";
import { mutate } from "swr";
import { DeleteButton } from "@/components/ui/delete-button.tsx";
import { sendJson } from "@/lib/swr/fetcher.ts";
import { namespacesKey } from "@/lib/swr/use-namespaces.ts";

export function DeleteNamespace({ namespace }: { namespace: string }) {
  const router = useRouter();
  return (
    <DeleteButton
      label="Delete namespace"
      title={`Delete namespace ${namespace}?`}
      onDelete={async () => {
        await sendJson("DELETE", `${namespacesKey}/${encodeURIComponent(namespace)}`);
        await mutate(namespacesKey);
        router.push("/namespaces");
      }}
    >
      <p>All its brokers are deleted with it: their clients are disconnected, and their credentials, retained messages, sessions and hooks are gone. This cannot be undone.</p>
    </DeleteButton>
  );
}

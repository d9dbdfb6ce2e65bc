"use client";
// Delete a broker, after confirmation.
import { useRouter } from "next/navigation";
import { mutate } from "swr";
import { DeleteButton } from "@/components/ui/delete-button.tsx";
import { sendJson } from "@/lib/swr/fetcher.ts";
import { brokerKey } from "@/lib/swr/use-broker.ts";
import { brokersKey } from "@/lib/swr/use-brokers.ts";

export function DeleteBroker({ namespace, name }: { namespace: string; name: string }) {
  const router = useRouter();
  return (
    <DeleteButton
      label="Delete broker"
      title={`Delete broker ${namespace}/${name}?`}
      onDelete={async () => {
        await sendJson("DELETE", brokerKey(namespace, name));
        await mutate(brokersKey(namespace));
        router.push(`/namespaces/${namespace}/brokers`);
      }}
    >
      <p>Its clients are disconnected, and its credentials, retained messages, sessions and hook are gone. This cannot be undone.</p>
    </DeleteButton>
  );
}

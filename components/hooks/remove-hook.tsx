"use client";
// Take the hook off the broker, after confirmation: messages pass through unchanged again. Its
// versions stay, so rolling back to one puts it back.
import { mutate } from "swr";
import { DeleteButton } from "@/components/ui/delete-button.tsx";
import { sendJson } from "@/lib/swr/fetcher.ts";
import { hookKey } from "@/lib/swr/use-hook.ts";
import { hookMetricsKey } from "@/lib/swr/use-hook-metrics.ts";

export function RemoveHook({ namespace, name }: { namespace: string; name: string }) {
  return (
    <DeleteButton
      label="Remove hook"
      title={`Remove the hook of ${namespace}/${name}?`}
      onDelete={async () => {
        const key = hookKey(namespace, name);
        await sendJson("DELETE", key);
        await Promise.all([mutate(key, null, { revalidate: false }), mutate(hookMetricsKey(namespace, name))]);
      }}
    >
      <p>Messages pass through unchanged from now on. Its versions are kept: rolling back to one puts it live again.</p>
    </DeleteButton>
  );
}

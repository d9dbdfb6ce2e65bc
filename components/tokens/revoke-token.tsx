"use client";
// Revoke an API token, after confirmation: requests with it are refused from then on.
import { mutate } from "swr";
import { DeleteButton } from "@/components/ui/delete-button.tsx";
import { sendJson } from "@/lib/swr/fetcher.ts";
import { tokensKey, type ApiToken } from "@/lib/swr/use-tokens.ts";

export function RevokeToken({ token }: { token: ApiToken }) {
  return (
    <DeleteButton
      label="Revoke"
      title={`Revoke the token ${token.name}?`}
      onDelete={async () => {
        await sendJson("DELETE", `${tokensKey}/${encodeURIComponent(token.id)}`);
        await mutate(tokensKey);
      }}
    >
      <p>Scripts and tools using it are refused from now on. This cannot be undone.</p>
      {token.scope === "console" && (
        <p>
          <strong>This is a console token.</strong> If this console uses it, the console stops working until it is restarted: <code>sluice up</code> then makes a new one.
        </p>
      )}
    </DeleteButton>
  );
}

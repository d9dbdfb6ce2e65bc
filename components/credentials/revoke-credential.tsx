"use client";
// Revoke (after confirmation) and unrevoke one credential; admins only (credentials:revoke).
import { useState } from "react";
import { mutate } from "swr";
import { Button } from "@/components/ui/button.tsx";
import { DeleteButton } from "@/components/ui/delete-button.tsx";
import { sendJson } from "@/lib/swr/fetcher.ts";
import { revocationsKey } from "@/lib/swr/use-revocations.ts";
import type { IssuedCredential } from "@/lib/validations/credentials.ts";

interface CredentialActionProps {
  namespace: string;
  name: string;
  credential: IssuedCredential;
}

export function RevokeCredential({ namespace, name, credential }: CredentialActionProps) {
  return (
    <DeleteButton
      label="Revoke"
      title={`Revoke the credential of ${credential.clientId}?`}
      onDelete={async () => {
        await sendJson("POST", revocationsKey(namespace, name), { jti: [credential.jti] });
        await mutate(revocationsKey(namespace, name));
      }}
    >
      <p>
        Devices using it are disconnected at once (0x98 Administrative action), and refused when they connect again (0x87 Not authorized). You can unrevoke it later.
      </p>
      <p className="font-mono text-xs">{credential.jti}</p>
    </DeleteButton>
  );
}

export function UnrevokeCredential({ namespace, name, credential }: CredentialActionProps) {
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<string>();
  const unrevoke = async () => {
    setPending(true);
    setProblem(undefined);
    try {
      await sendJson("DELETE", `${revocationsKey(namespace, name)}/${encodeURIComponent(credential.jti)}`);
      await mutate(revocationsKey(namespace, name));
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setPending(false);
    }
  };
  return (
    <div className="space-y-1">
      <Button variant="secondary" onClick={unrevoke} disabled={pending}>
        {pending ? "Unrevoking…" : "Unrevoke"}
      </Button>
      {problem && (
        <p role="alert" className="text-xs font-medium text-red-700 dark:text-red-400">
          {problem}
        </p>
      )}
    </div>
  );
}

"use client";
// The credentials a broker has issued (never their tokens): what each may do, when it expires,
// when it last connected and why it was last refused, and whether it is revoked.
import { useState } from "react";
import { Cell, Row, Table } from "@/components/ui/table.tsx";
import { Time } from "@/components/ui/time.tsx";
import type { IssuedCredential, Revocation } from "@/lib/validations/credentials.ts";
import { listedStatus, type ListedStatus } from "./credential-status.ts";
import { RevokeCredential, UnrevokeCredential } from "./revoke-credential.tsx";

interface CredentialTableProps {
  namespace: string;
  name: string;
  credentials: IssuedCredential[];
  revocations: Revocation[];
  canRevoke: boolean;
}

export function CredentialTable({ namespace, name, credentials, revocations, canRevoke }: CredentialTableProps) {
  const revokedAt = new Map(revocations.map((r) => [r.jti, r.revokedAt]));
  // "Expired" as of when the page was opened; a reload brings it up to date.
  const [now] = useState(Date.now);
  const columns = ["Client ID", "Topics", "Expires", "Last connected", "Last failure", "Status", ...(canRevoke ? [<span key="actions" className="sr-only">Actions</span>] : [])];
  return (
    <Table columns={columns} caption="Issued credentials">
      {credentials.map((credential) => {
        const status = listedStatus(credential, revokedAt.get(credential.jti), now);
        return (
          <Row key={credential.jti}>
            <Cell>
              <span className="font-medium">{credential.clientId}</span>
              <span className="block font-mono text-xs text-slate-600 dark:text-slate-400" title="jti: the credential's id">
                {credential.jti}
              </span>
            </Cell>
            <Cell className="min-w-[12rem] max-w-xs [overflow-wrap:anywhere]">
              <TopicList label="Publish" filters={credential.acl.pub} />
              <TopicList label="Subscribe" filters={credential.acl.sub} />
            </Cell>
            <Cell>{credential.expiresAt ? <Time iso={credential.expiresAt} /> : "Never"}</Cell>
            <Cell>{credential.lastConnectedAt ? <Time iso={credential.lastConnectedAt} /> : "Never"}</Cell>
            <Cell className="max-w-xs break-words">{credential.lastFailure ?? "—"}</Cell>
            <Cell>
              <StatusBadge status={status} />
            </Cell>
            {canRevoke && (
              <Cell className="text-right">
                {status.kind === "revoked" ? <UnrevokeCredential namespace={namespace} name={name} credential={credential} /> : <RevokeCredential namespace={namespace} name={name} credential={credential} />}
              </Cell>
            )}
          </Row>
        );
      })}
    </Table>
  );
}

function TopicList({ label, filters }: { label: string; filters: string[] }) {
  return (
    <span className="block">
      <span className="text-slate-600 dark:text-slate-400">{label}: </span>
      {filters.length ? filters.map((filter, i) => <code key={i} className="mr-1 rounded bg-slate-100 px-1 dark:bg-slate-800">{filter}</code>) : "nothing"}
    </span>
  );
}

const badgeClass = {
  active: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
  expired: "bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100",
  revoked: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200",
};

function StatusBadge({ status }: { status: ListedStatus }) {
  return (
    <span className="space-y-1">
      <span className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${badgeClass[status.kind]}`}>{status.kind === "active" ? "Active" : status.kind === "expired" ? "Expired" : "Revoked"}</span>
      {status.kind === "revoked" && (
        <span className="block text-xs text-slate-600 dark:text-slate-400">
          <Time iso={status.revokedAt} />
        </span>
      )}
    </span>
  );
}

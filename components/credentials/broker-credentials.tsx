"use client";
// A broker's issued credentials and the access check, from one load of the list and its
// revocations (the issue form above it is IssueCredentials).
import { Empty, LoadError, Loading } from "@/components/ui/states.tsx";
import { useCredentials } from "@/lib/swr/use-credentials.ts";
import { useRevocations } from "@/lib/swr/use-revocations.ts";
import { CredentialCheck } from "./credential-check.tsx";
import { CredentialTable } from "./credential-table.tsx";

interface BrokerCredentialsProps {
  namespace: string;
  name: string;
  canIssue: boolean;
  canRevoke: boolean;
}

export function BrokerCredentials({ namespace, name, canIssue, canRevoke }: BrokerCredentialsProps) {
  const credentials = useCredentials(namespace, name);
  const revocations = useRevocations(namespace, name);
  const error = credentials.error ?? revocations.error;
  let body;
  if (credentials.isLoading || revocations.isLoading) body = <Loading label="Loading credentials…" />;
  else if (error || !credentials.data || !revocations.data) body = <LoadError error={error} retry={() => Promise.all([credentials.mutate(), revocations.mutate()])} />;
  else if (!credentials.data.length) body = <Empty title="No credentials issued yet">{canIssue ? "Issue one above: the device connects with its token as the MQTT password." : "Admins and developers issue them."}</Empty>;
  else body = <CredentialTable namespace={namespace} name={name} credentials={credentials.data} revocations={revocations.data} canRevoke={canRevoke} />;
  return (
    <div className="space-y-10">
      <section aria-labelledby="issued" className="space-y-4">
        <h2 id="issued" className="text-lg font-semibold">
          Issued credentials
        </h2>
        {body}
      </section>
      {credentials.data?.length ? <CredentialCheck namespace={namespace} name={name} credentials={credentials.data} /> : null}
    </div>
  );
}

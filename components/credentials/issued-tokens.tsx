"use client";
// Credentials just issued: their tokens, shown this once (the server keeps only their jti), with
// copy buttons and connect snippets. Leaving this view forgets them.
import { useEffect, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert.tsx";
import { Button } from "@/components/ui/button.tsx";
import { CopyButton } from "@/components/ui/copy-button.tsx";
import { SelectField } from "@/components/ui/field.tsx";
import { Cell, Row, Table } from "@/components/ui/table.tsx";
import type { TopicAcl } from "@/lib/auth/acl.ts";
import { ConnectSnippets } from "./connect-snippets.tsx";

interface IssuedTokensProps {
  /** Client ID → token, as the API answered. */
  tokens: Record<string, string>;
  acl: TopicAcl;
  /** The broker's plain MQTT endpoint, for the snippets. */
  endpoint: string;
  onDone(): void;
}

export function IssuedTokens({ tokens, acl, endpoint, onDone }: IssuedTokensProps) {
  const clientIds = Object.keys(tokens);
  const [shown, setShown] = useState(clientIds[0]);
  const several = clientIds.length > 1;
  // Keyboard and screen reader users land on what replaced the form they submitted.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section aria-labelledby="issued-tokens" className="space-y-4">
      <h2 id="issued-tokens" ref={heading} tabIndex={-1} className="text-lg font-semibold">
        {several ? `${clientIds.length} credentials issued` : "Credential issued"}
      </h2>
      <Alert tone="warning">Copy {several ? "the tokens" : "the token"} now: this is the only time {several ? "they are" : "it is"} shown. Sluice keeps no copy; a lost token is revoked and replaced, not recovered.</Alert>
      <Table columns={["Client ID", "Token", <span key="copy" className="sr-only">Copy</span>]} caption="Issued tokens">
        {clientIds.map((clientId) => (
          <Row key={clientId}>
            <Cell className="font-medium">{clientId}</Cell>
            <Cell>
              <code className="block max-w-[12rem] truncate sm:max-w-md">{tokens[clientId]}</code>
            </Cell>
            <Cell className="text-right">
              <CopyButton value={tokens[clientId]} label="Copy token" />
            </Cell>
          </Row>
        ))}
      </Table>
      {several && <CopyButton value={JSON.stringify(tokens, null, 2)} label="Copy all as JSON" />}

      <h3 className="pt-2 font-semibold">Connect</h3>
      {several && (
        <SelectField label="Snippets for" value={shown} onChange={(event) => setShown(event.target.value)} className="max-w-sm">
          {clientIds.map((clientId) => (
            <option key={clientId}>{clientId}</option>
          ))}
        </SelectField>
      )}
      <ConnectSnippets target={{ endpoint, clientId: shown, token: tokens[shown], acl }} />
      <Button onClick={onDone}>Done</Button>
    </section>
  );
}

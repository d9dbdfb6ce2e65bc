"use client";
// API tokens without their secrets: who made each, when it was last used, whether it is revoked;
// admins revoke live ones here.
import { Empty, LoadError, Loading } from "@/components/ui/states.tsx";
import { Cell, Row, Table } from "@/components/ui/table.tsx";
import { Time } from "@/components/ui/time.tsx";
import { useTokens } from "@/lib/swr/use-tokens.ts";
import { RevokeToken } from "./revoke-token.tsx";

export function TokenList({ canRevoke }: { canRevoke: boolean }) {
  const { data: tokens, error, isLoading, mutate } = useTokens();
  if (isLoading) return <Loading label="Loading API tokens…" />;
  if (error) return <LoadError error={error} retry={() => mutate()} />;
  if (!tokens?.length) return <Empty title="No API tokens yet">{canRevoke ? "Create one for a script or the sluice command line." : "An admin creates API tokens."}</Empty>;
  return (
    <Table columns={["Name", "Scope", "Created", "Last used", "Revoked"]} caption="API tokens">
      {tokens.map((token) => (
        <Row key={token.id}>
          <Cell>
            <span className="font-medium">{token.name}</span>
            <code className="block text-xs text-slate-600 dark:text-slate-400">token:{token.id}</code>
          </Cell>
          <Cell>{token.scope}</Cell>
          <Cell>
            <Time iso={token.createdAt} />
            <span className="block text-xs text-slate-600 dark:text-slate-400">by {token.createdBy}</span>
          </Cell>
          <Cell>{token.lastUsedAt ? <Time iso={token.lastUsedAt} /> : "never"}</Cell>
          <Cell>{token.revokedAt ? <Time iso={token.revokedAt} /> : canRevoke ? <RevokeToken token={token} /> : "no"}</Cell>
        </Row>
      ))}
    </Table>
  );
}

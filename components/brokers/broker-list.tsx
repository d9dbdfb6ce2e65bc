"use client";
// A namespace's brokers, each leading to its page with endpoints and settings.
import { Empty, LoadError, Loading } from "@/components/ui/states.tsx";
import { Cell, Row, RowLink, Table } from "@/components/ui/table.tsx";
import { Time } from "@/components/ui/time.tsx";
import { useBrokers } from "@/lib/swr/use-brokers.ts";
import { expirationText } from "./expiration.ts";

export function BrokerList({ namespace, canCreate }: { namespace: string; canCreate: boolean }) {
  const { data: brokers, error, isLoading, mutate } = useBrokers(namespace);
  if (isLoading) return <Loading label="Loading brokers…" />;
  if (error) return <LoadError error={error} retry={() => mutate()} />;
  if (!brokers?.length) {
    return <Empty title="No brokers in this namespace">{canCreate ? "Create one: it is live at once on the running listeners." : "An admin creates brokers."}</Empty>;
  }
  return (
    <Table columns={["Broker", "Credentials expire after", "Created"]}>
      {brokers.map((broker) => (
        <Row key={broker.name}>
          <Cell>
            <RowLink href={`/namespaces/${namespace}/brokers/${broker.name}`}>{broker.name}</RowLink>
          </Cell>
          <Cell>{expirationText(broker.credentialExpiration)}</Cell>
          <Cell>
            <Time iso={broker.createdAt} />
          </Cell>
        </Row>
      ))}
    </Table>
  );
}

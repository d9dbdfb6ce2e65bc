"use client";
// All namespaces, each leading to its brokers.
import { Empty, LoadError, Loading } from "@/components/ui/states.tsx";
import { Cell, Row, RowLink, Table } from "@/components/ui/table.tsx";
import { Time } from "@/components/ui/time.tsx";
import { useNamespaces } from "@/lib/swr/use-namespaces.ts";

export function NamespaceList({ canCreate }: { canCreate: boolean }) {
  const { data: namespaces, error, isLoading, mutate } = useNamespaces();
  if (isLoading) return <Loading label="Loading namespaces…" />;
  if (error) return <LoadError error={error} retry={() => mutate()} />;
  if (!namespaces?.length) {
    return <Empty title="No namespaces yet">{canCreate ? "Create one to hold your brokers." : "An admin creates namespaces."}</Empty>;
  }
  return (
    <Table columns={["Namespace", "Created"]}>
      {namespaces.map((ns) => (
        <Row key={ns.name}>
          <Cell>
            <RowLink href={`/namespaces/${ns.name}/brokers`}>{ns.name}</RowLink>
          </Cell>
          <Cell>
            <Time iso={ns.createdAt} />
          </Cell>
        </Row>
      ))}
    </Table>
  );
}

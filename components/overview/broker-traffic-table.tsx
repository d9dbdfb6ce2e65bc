"use client";
// Each broker now: its counts and latest rates, with a button that puts its charts on the overview.
import { Button } from "@/components/ui/button.tsx";
import { Cell, Row, RowLink, Table } from "@/components/ui/table.tsx";
import { perSecond } from "@/components/ui/units.ts";
import type { Traffic } from "@/lib/validations/traffic.ts";

type BrokerNow = Traffic["brokers"][number];

export function BrokerTrafficTable({ brokers, selected, onSelect }: { brokers: BrokerNow[]; selected: string | null; onSelect: (key: string | null) => void }) {
  return (
    <Table caption="Brokers now" columns={["Broker", "Connections", "Sessions", "Subscriptions", "Retained", "In", "Out", "Drops", <span key="charts" className="sr-only">Charts</span>]}>
      {brokers.map((broker) => {
        const key = `${broker.namespace}/${broker.name}`;
        const drops = broker.latest ? Object.values(broker.latest.drops).reduce((sum, n) => sum + n, 0) : 0;
        return (
          <Row key={key}>
            <Cell>
              <RowLink href={`/namespaces/${broker.namespace}/brokers/${broker.name}`}>{key}</RowLink>
            </Cell>
            <Cell className="tabular-nums">{broker.connections.toLocaleString()}</Cell>
            <Cell className="tabular-nums">{broker.sessions.toLocaleString()}</Cell>
            <Cell className="tabular-nums">{broker.subscriptions.toLocaleString()}</Cell>
            <Cell className="tabular-nums">{broker.retained.toLocaleString()}</Cell>
            <Cell className="tabular-nums">{perSecond(broker.latest?.messagesIn ?? 0, "msg")}</Cell>
            <Cell className="tabular-nums">{perSecond(broker.latest?.messagesOut ?? 0, "msg")}</Cell>
            <Cell className="tabular-nums">{perSecond(drops, "msg")}</Cell>
            <Cell>
              <Button variant="secondary" aria-pressed={selected === key} onClick={() => onSelect(selected === key ? null : key)}>
                {selected === key ? `Showing ${key}` : `Show ${key}`}
              </Button>
            </Cell>
          </Row>
        );
      })}
    </Table>
  );
}

"use client";
// A page of clients, sortable by any column (here in the browser, over the page on screen; the
// API pages in client-ID order). Each client ID leads to its own page.
import { useState } from "react";
import { Cell, Row, RowLink, Table, type TableSort } from "@/components/ui/table.tsx";
import { Time } from "@/components/ui/time.tsx";
import type { ClientSummary } from "@/lib/validations/clients.ts";
import { keepAliveText, protocolName, StateBadge } from "./client-fields.tsx";
import { clientPath } from "./client-url.ts";

type Column = { label: string; value: (c: ClientSummary) => string | number | null; numeric?: true };

/** When it connected, or while offline when it left. */
const since = (c: ClientSummary) => (c.state === "connected" ? c.connectedAt : c.lastSeenAt);

const columns: Column[] = [
  { label: "Client ID", value: (c) => c.clientId },
  { label: "State", value: (c) => c.state },
  { label: "Address", value: (c) => c.remoteAddress },
  { label: "Protocol", value: (c) => c.protocolVersion },
  { label: "Connected / left", value: (c) => since(c) && Date.parse(since(c)!) },
  { label: "Subscriptions", value: (c) => c.subscriptionCount, numeric: true },
  // Pairs sort by their sum: the most pending, the busiest.
  { label: "In flight / queued", value: (c) => c.inflight + c.queued, numeric: true },
  { label: "Messages in / out", value: (c) => (c.messagesIn === null || c.messagesOut === null ? null : c.messagesIn + c.messagesOut), numeric: true },
];

export function ClientTable({ namespace, name, clients }: { namespace: string; name: string; clients: ClientSummary[] }) {
  const [sort, setSort] = useState<TableSort>({ column: 0, direction: "ascending" });
  const sorted = [...clients].sort(byColumn(columns[sort.column], sort.direction));
  const toggle = (column: number) => setSort((s) => ({ column, direction: s.column === column && s.direction === "ascending" ? "descending" : "ascending" }));
  const headers = columns.map((column, i) => {
    // The arrow on the side away from the numbers, so labels line up with them.
    const arrow = (
      <span aria-hidden="true" className="w-3 shrink-0">
        {sort.column === i ? (sort.direction === "ascending" ? "▲" : "▼") : ""}
      </span>
    );
    return (
      <button key={column.label} type="button" onClick={() => toggle(i)} className={`inline-flex items-center gap-1 font-medium hover:underline ${column.numeric ? "w-full justify-end text-right" : "text-left"}`}>
        {column.numeric && arrow}
        {column.label}
        {!column.numeric && arrow}
      </button>
    );
  });
  const count = (n: number | null) => (n === null ? "—" : n.toLocaleString());
  const numbers = (...ns: Array<number | null>) => <Cell className="whitespace-nowrap text-right tabular-nums">{ns.map(count).join(" / ")}</Cell>;
  return (
    <Table columns={headers} caption="Clients" sort={sort}>
      {sorted.map((client) => (
        <Row key={client.clientId}>
          <Cell className="min-w-[11rem] max-w-xs [overflow-wrap:anywhere]">
            <RowLink href={clientPath(namespace, name, client.clientId)}>{client.clientId}</RowLink>
            {/* The credential's jti, shortened: its page shows it whole. */}
            {client.credentialId && (
              <span className="block font-mono text-xs text-slate-600 dark:text-slate-400" title={`Credential (jti) ${client.credentialId}`}>
                {client.credentialId.length > 13 ? `${client.credentialId.slice(0, 12)}…` : client.credentialId}
              </span>
            )}
          </Cell>
          <Cell>
            <StateBadge state={client.state} />
          </Cell>
          <Cell className="whitespace-nowrap">
            {client.remoteAddress ?? "—"}
            {client.transport && <span className="block text-xs text-slate-600 dark:text-slate-400">{client.transport}</span>}
          </Cell>
          <Cell className="whitespace-nowrap">
            {protocolName(client.protocolVersion)}
            <span className="block text-xs text-slate-600 dark:text-slate-400">{keepAliveText(client.keepAlive)}</span>
          </Cell>
          <Cell>{since(client) ? <Time iso={since(client)!} /> : "—"}</Cell>
          {numbers(client.subscriptionCount)}
          {numbers(client.inflight, client.queued)}
          {numbers(client.messagesIn, client.messagesOut)}
        </Row>
      ))}
    </Table>
  );
}

/** Orders by the column's value; clients without one go last either way. */
function byColumn(column: Column, direction: TableSort["direction"]) {
  const sign = direction === "ascending" ? 1 : -1;
  return (a: ClientSummary, b: ClientSummary) => {
    const x = column.value(a);
    const y = column.value(b);
    if (x === y) return a.clientId < b.clientId ? -1 : 1;
    if (x === null) return 1;
    if (y === null) return -1;
    return (x < y ? -1 : 1) * sign;
  };
}

"use client";
// One client's page: its connection (or its last, while offline), session, subscriptions with
// their options, will and recent disconnects, refreshing every 2 s until paused; and for those
// who may, the disconnect.
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { PageHeader } from "@/components/layout/page-header.tsx";
import { buttonClass } from "@/components/ui/button.tsx";
import { PauseButton } from "@/components/ui/pause-button.tsx";
import { Empty, LoadError, Loading } from "@/components/ui/states.tsx";
import { Cell, Row, Table } from "@/components/ui/table.tsx";
import { Time } from "@/components/ui/time.tsx";
import { ApiRequestError } from "@/lib/swr/fetcher.ts";
import { useClient } from "@/lib/swr/use-client.ts";
import type { ClientDetail as Client } from "@/lib/validations/clients.ts";
import { keepAliveText, protocolName, StateBadge } from "./client-fields.tsx";
import { clientsPath } from "./client-url.ts";
import { DisconnectClient } from "./disconnect-client.tsx";

interface ClientDetailProps {
  namespace: string;
  name: string;
  clientId: string;
  canDisconnect: boolean;
}

export function ClientDetail({ namespace, name, clientId, canDisconnect }: ClientDetailProps) {
  const [paused, setPaused] = useState(false);
  const { data: client, error, isLoading, mutate } = useClient(namespace, name, clientId, paused);
  const gone = error instanceof ApiRequestError && error.status === 404;
  const trail = [
    { href: "/namespaces", label: "Namespaces" },
    { href: `/namespaces/${namespace}/brokers`, label: namespace },
    { href: `/namespaces/${namespace}/brokers/${name}`, label: name },
    { href: clientsPath(namespace, name), label: "Clients" },
  ];
  const actions = client && !gone && (
    <>
      <PauseButton paused={paused} onPause={setPaused} />
      {canDisconnect && <DisconnectClient namespace={namespace} name={name} client={client} />}
    </>
  );
  let body: ReactNode;
  if (isLoading) body = <Loading label="Loading the client…" />;
  else if (gone) {
    body = (
      <Empty title={`${namespace}/${name} has no client ${clientId}`}>
        <p>It disconnected and its session was not persistent, its session expired, or it was discarded.</p>
        <Link href={clientsPath(namespace, name)} className={`${buttonClass("secondary")} mt-4`}>
          All clients
        </Link>
      </Empty>
    );
  } else if (!client) body = <LoadError error={error} retry={() => mutate()} />;
  else body = <ClientFacts client={client} />;
  return (
    <>
      <PageHeader title={`Client ${clientId}`} trail={trail} actions={actions} />
      {/* A failed refresh keeps the last facts on screen, with the reason above them. */}
      {client && error && !gone && <LoadError error={error} retry={() => mutate()} />}
      {paused && client && <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">Paused: the page stays as it is until you resume.</p>}
      {body}
    </>
  );
}

function ClientFacts({ client }: { client: Client }) {
  const connected = client.state === "connected";
  const counted = (n: number | null) => (n === null ? "—" : n.toLocaleString());
  const time = (iso: string | null) => (iso ? <Time iso={iso} seconds /> : "—");
  return (
    <div className="space-y-10">
      <Facts label={connected ? "Connection" : "Last connection"}>
        <Fact term="State">
          <StateBadge state={client.state} />
        </Fact>
        <Fact term="Address">{client.remoteAddress ? `${client.remoteAddress} (${client.transport})` : "—"}</Fact>
        <Fact term="Protocol">{`${protocolName(client.protocolVersion)}, ${keepAliveText(client.keepAlive)}`}</Fact>
        <Fact term="Credential (jti)">{client.credentialId ? <span className="font-mono">{client.credentialId}</span> : "—"}</Fact>
        <Fact term="Connected">{time(client.connectedAt)}</Fact>
        <Fact term={connected ? "Last packet" : "Disconnected"}>{time(client.lastSeenAt)}</Fact>
        <Fact term="Messages in / out">{`${counted(client.messagesIn)} / ${counted(client.messagesOut)}`}</Fact>
      </Facts>
      <Facts label="Session">
        <Fact term="Session expiry">{client.sessionExpiryInterval === 0 ? "Ends with the connection" : `${client.sessionExpiryInterval.toLocaleString()} s after the connection closes`}</Fact>
        {client.sessionExpiresAt && <Fact term="Expires">{time(client.sessionExpiresAt)}</Fact>}
        <Fact term="In flight">{counted(client.inflight)}</Fact>
        <Fact term="Queued">{counted(client.queued)}</Fact>
      </Facts>
      <Subscriptions client={client} />
      <Will client={client} />
      <Disconnects client={client} />
    </div>
  );
}

function Facts({ label, children }: { label: string; children: ReactNode }) {
  return (
    <section aria-label={label} className="space-y-3">
      <h2 className="text-lg font-semibold">{label}</h2>
      <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">{children}</dl>
    </section>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="contents">
      <dt className="font-medium">{term}</dt>
      <dd className="[overflow-wrap:anywhere]">{children}</dd>
    </div>
  );
}

const retainHandling = ["Send retained on subscribe", "Only for a new subscription", "Never send retained"];
const yesNo = (value: boolean) => (value ? "Yes" : "No");

function Subscriptions({ client }: { client: Client }) {
  return (
    <section aria-label="Subscriptions" className="space-y-3">
      <h2 className="text-lg font-semibold">Subscriptions</h2>
      {client.subscriptions.length ? (
        <Table columns={["Filter", "QoS", "No local", "Retain as published", "Retained messages", "Subscription ID"]} caption="Subscriptions">
          {client.subscriptions.map((s) => (
            <Row key={s.filter}>
              <Cell className="min-w-[10rem] font-mono [overflow-wrap:anywhere]">{s.filter}</Cell>
              <Cell>{s.qos}</Cell>
              <Cell>{yesNo(s.noLocal)}</Cell>
              <Cell>{yesNo(s.retainAsPublished)}</Cell>
              <Cell>{retainHandling[s.retainHandling]}</Cell>
              <Cell>{s.subscriptionId ?? "—"}</Cell>
            </Row>
          ))}
        </Table>
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400">None.</p>
      )}
    </section>
  );
}

function Will({ client }: { client: Client }) {
  const will = client.will;
  if (!will) {
    return (
      <section aria-label="Will message" className="space-y-3">
        <h2 className="text-lg font-semibold">Will message</h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">None.</p>
      </section>
    );
  }
  return (
    <Facts label="Will message">
      <Fact term="Topic">
        <span className="font-mono">{will.topic}</span>
      </Fact>
      <Fact term="Payload">
        <pre className="whitespace-pre-wrap break-all rounded bg-slate-100 px-2 py-1 font-mono text-xs dark:bg-slate-800">{will.payload}</pre>
        {will.encoding === "base64" && <span className="text-xs text-slate-600 dark:text-slate-400">Binary, shown as base64.</span>}
      </Fact>
      <Fact term="QoS, retain">{`${will.qos}, ${will.retain ? "retained" : "not retained"}`}</Fact>
      <Fact term="Delay">{will.delaySeconds ? `${will.delaySeconds.toLocaleString()} s` : "None: published as soon as the connection is lost"}</Fact>
      {will.expirySeconds !== null && <Fact term="Message expiry">{`${will.expirySeconds.toLocaleString()} s`}</Fact>}
      {will.contentType && <Fact term="Content type">{will.contentType}</Fact>}
    </Facts>
  );
}

const closedBy = { client: "The client", server: "The server", network: "Lost (no DISCONNECT)" };

function Disconnects({ client }: { client: Client }) {
  return (
    <section aria-label="Recent disconnects" className="space-y-3">
      <h2 className="text-lg font-semibold">Recent disconnects</h2>
      {client.disconnects.length ? (
        <Table columns={["When", "Closed by", "Reason code", "Reason"]} caption="Recent disconnects, newest first">
          {client.disconnects.map((d, i) => (
            <Row key={i}>
              <Cell className="whitespace-nowrap">
                <Time iso={d.at} seconds />
              </Cell>
              <Cell>{closedBy[d.by]}</Cell>
              <Cell className="whitespace-nowrap">{d.reasonCode === null ? "—" : `0x${d.reasonCode.toString(16).padStart(2, "0").toUpperCase()} ${d.reasonName}`}</Cell>
              <Cell className="[overflow-wrap:anywhere]">{d.reason ?? "—"}</Cell>
            </Row>
          ))}
        </Table>
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400">None since the server started.</p>
      )}
    </section>
  );
}

// A broker's clients for the API: the broker's live view of its sessions and connections
// (lib/broker/clients.ts) in the API's shapes, and the administrative disconnect, audit-logged.
import type { BrokerHost } from "../broker/host.ts";
import { type ClientDetail as BrokerClientDetail, type ClientSummary as BrokerClientSummary, describeClient, disconnectClient, listClients } from "../broker/clients.ts";
import { disconnectReasonName } from "../broker/protocol/reason-codes.ts";
import type { Store } from "../store/index.ts";
import type { ClientDetail, ClientDisconnectResult, ClientList, ClientListQuery, ClientSummary } from "../validations/clients.ts";
import { ControlError } from "./errors.ts";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function clientService(store: Store, host: BrokerHost) {
  const brokerOrThrow = (namespace: string, name: string) => {
    const broker = host.getBroker(namespace, name);
    if (!broker) throw new ControlError("not_found", `no broker ${namespace}/${name}`);
    return broker;
  };
  const noClient = (namespace: string, name: string, clientId: string) => new ControlError("not_found", `no client ${clientId} on broker ${namespace}/${name}`);

  return {
    list(namespace: string, name: string, { query, state, limit, cursor }: ClientListQuery): ClientList {
      const page = listClients(brokerOrThrow(namespace, name), { prefix: query, state, after: cursor, limit });
      return { ...page, clients: page.clients.map(toSummary) };
    },

    get(namespace: string, name: string, clientId: string): ClientDetail {
      const client = describeClient(brokerOrThrow(namespace, name), clientId);
      if (!client) throw noClient(namespace, name, clientId);
      return toDetail(client);
    },

    /** 0x98 to a connected client; with `discardSession` its session ends too. An offline client only has a session to discard. */
    async disconnect(actor: string, namespace: string, name: string, clientId: string, discardSession: boolean): Promise<ClientDisconnectResult> {
      const broker = brokerOrThrow(namespace, name);
      const session = broker.sessionFor(clientId);
      if (!session) throw noClient(namespace, name, clientId);
      if (!session.connection && !discardSession) throw new ControlError("conflict", `client ${clientId} is offline: only its session can be discarded (discardSession=true)`);
      const result = disconnectClient(broker, clientId, discardSession)!;
      await store.audit.append({ actor, action: "client.disconnect", target: `${namespace}/${name}`, details: { clientId, discardSession, ...result } });
      return result;
    },
  };
}

export type ClientService = ReturnType<typeof clientService>;

function toSummary(c: BrokerClientSummary): ClientSummary {
  return {
    clientId: c.clientId,
    state: c.state,
    transport: c.transport,
    remoteAddress: c.remoteAddress,
    protocolVersion: c.protocolVersion,
    keepAlive: c.keepAlive,
    credentialId: c.credentialId,
    connectedAt: iso(c.connectedAt),
    lastSeenAt: iso(c.lastSeenAt),
    messagesIn: c.messagesIn,
    messagesOut: c.messagesOut,
    subscriptionCount: c.subscriptionCount,
    inflight: c.inflight,
    queued: c.queued,
  };
}

function toDetail(c: BrokerClientDetail): ClientDetail {
  const will = c.will;
  const text = will?.payload.toString("utf8");
  const utf8 = will !== null && Buffer.from(text!, "utf8").equals(will.payload);
  return {
    ...toSummary(c),
    sessionExpiryInterval: c.sessionExpiryInterval,
    sessionExpiresAt: iso(c.sessionExpiresAt),
    subscriptions: c.subscriptions.map((s) => ({ ...s, subscriptionId: s.subscriptionId ?? null })),
    will: will && {
      topic: will.topic,
      payload: utf8 ? text! : will.payload.toString("base64"),
      encoding: utf8 ? "utf8" : "base64",
      qos: will.qos,
      retain: will.retain,
      delaySeconds: will.delaySeconds,
      expirySeconds: will.expirySeconds ?? null,
      contentType: will.contentType ?? null,
    },
    disconnects: c.disconnects.map((d) => ({ at: new Date(d.at).toISOString(), by: d.by, reasonCode: d.reasonCode, reasonName: d.reasonCode === null ? null : disconnectReasonName(d.reasonCode), reason: d.reason ?? null })),
  };
}

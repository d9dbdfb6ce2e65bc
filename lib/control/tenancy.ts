// Namespaces and brokers: the store is the record, the broker host is the running system.
// Every change lands in both (a new broker is live at once on the running listeners; a deleted
// one disconnects its clients) and in the audit log.
import { resolveLimits } from "../broker/limits.ts";
import type { BrokerHost } from "../broker/host.ts";
import type { Store } from "../store/index.ts";
import type { BrokerRecord } from "../store/repositories/brokers.ts";
import type { NamespaceRecord } from "../store/repositories/namespaces.ts";
import type { BrokerCreate, BrokerUpdate } from "../validations/brokers.ts";
import type { CredentialService } from "./credentials.ts";
import { ControlError } from "./errors.ts";
import type { LiveHooks } from "./live-hooks.ts";

/** Who asked for a change, as written to the audit log. */
export type ActorName = string;

export function tenancyService(store: Store, host: BrokerHost, credentials: CredentialService, liveHooks: LiveHooks) {
  const namespaceOrThrow = async (name: string): Promise<NamespaceRecord> => {
    const ns = await store.namespaces.get(name);
    if (!ns) throw new ControlError("not_found", `no namespace ${name}`);
    return ns;
  };
  const brokerOrThrow = async (namespace: string, name: string): Promise<BrokerRecord> => {
    const broker = await store.brokers.get(namespace, name);
    if (!broker) throw new ControlError("not_found", `no broker ${namespace}/${name}`);
    return broker;
  };

  return {
    listNamespaces: () => store.namespaces.list(),
    getNamespace: namespaceOrThrow,

    async createNamespace(actor: ActorName, name: string): Promise<NamespaceRecord> {
      const created = await store.namespaces.create(name);
      if (!created) throw new ControlError("conflict", `namespace ${name} already exists`);
      await store.audit.append({ actor, action: "namespace.create", target: name });
      return created;
    },

    async deleteNamespace(actor: ActorName, name: string): Promise<void> {
      await namespaceOrThrow(name);
      for (const broker of await store.brokers.listIn(name)) {
        host.removeBroker(broker.namespace, broker.name);
        credentials.brokerDeleted(broker.namespace, broker.name);
        await liveHooks.forget(broker.namespace, broker.name);
      }
      await store.namespaces.delete(name);
      await store.audit.append({ actor, action: "namespace.delete", target: name });
    },

    async listBrokers(namespace: string): Promise<BrokerRecord[]> {
      await namespaceOrThrow(namespace);
      return store.brokers.listIn(namespace);
    },

    getBroker: brokerOrThrow,

    async createBroker(actor: ActorName, namespace: string, input: BrokerCreate): Promise<BrokerRecord> {
      const ns = await namespaceOrThrow(namespace);
      const created = await store.brokers.create(ns.id, { name: input.name, limits: compact(input.limits), credentialExpiration: input.credentialExpiration, fetchAllowList: input.fetchAllowList });
      if (created === "taken") throw new ControlError("conflict", `broker ${namespace}/${input.name} already exists`);
      const record = await brokerOrThrow(namespace, input.name);
      await credentials.brokerCreated(record);
      host.addBroker({ id: record.id, namespace, name: record.name }, resolveLimits(record.limits));
      await store.audit.append({ actor, action: "broker.create", target: `${namespace}/${input.name}`, details: input });
      return record;
    },

    async updateBroker(actor: ActorName, namespace: string, name: string, changes: BrokerUpdate): Promise<BrokerRecord> {
      const existing = await brokerOrThrow(namespace, name);
      // Limits are replaced as a whole, so an override can be removed by leaving it out.
      await store.brokers.update(existing.id, { limits: changes.limits && compact(changes.limits), credentialExpiration: changes.credentialExpiration, fetchAllowList: changes.fetchAllowList });
      const record = await brokerOrThrow(namespace, name);
      const live = host.getBroker(namespace, name);
      if (live) live.limits = resolveLimits(record.limits);
      await store.audit.append({ actor, action: "broker.update", target: `${namespace}/${name}`, details: changes });
      return record;
    },

    async deleteBroker(actor: ActorName, namespace: string, name: string): Promise<void> {
      const existing = await brokerOrThrow(namespace, name);
      host.removeBroker(namespace, name);
      credentials.brokerDeleted(namespace, name);
      await liveHooks.forget(namespace, name);
      await store.brokers.delete(existing.id);
      await store.audit.append({ actor, action: "broker.delete", target: `${namespace}/${name}` });
    },
  };
}

export type TenancyService = ReturnType<typeof tenancyService>;

/** Drops keys whose value is undefined (zod leaves optional keys in place). */
function compact(values: Record<string, number | undefined> | undefined): Record<string, number> | undefined {
  if (!values) return undefined;
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, number] => entry[1] !== undefined));
}

// Brokers (`namespace/broker`): their limits, credential defaults and fetch allow-list. Their live state lives in
// lib/broker; retained messages and sessions in retained.ts and sessions.ts.
import { and, asc, eq } from "drizzle-orm";
import type { Database } from "../client.ts";
import { brokers, namespaces } from "../schema.ts";
import { isUniqueViolation } from "./errors.ts";

export interface BrokerRecord {
  id: string;
  namespace: string;
  name: string;
  limits: Record<string, number>;
  credentialExpiration: number | null;
  /** Hosts a script hook's fetch() may reach (lib/validations/brokers.ts). */
  fetchAllowList: string[];
  createdAt: Date;
}

const columns = {
  id: brokers.id,
  namespace: namespaces.name,
  name: brokers.name,
  limits: brokers.limits,
  credentialExpiration: brokers.credentialExpiration,
  fetchAllowList: brokers.fetchAllowList,
  createdAt: brokers.createdAt,
};

export function brokerRepository(db: Database) {
  const select = () => db.select(columns).from(brokers).innerJoin(namespaces, eq(brokers.namespaceId, namespaces.id));
  const get = async (namespace: string, name: string): Promise<BrokerRecord | undefined> => {
    const [row] = await select().where(and(eq(namespaces.name, namespace), eq(brokers.name, name)));
    return row;
  };

  return {
    get,

    /** Every broker of every namespace (the server loads them all at start). */
    list(): Promise<BrokerRecord[]> {
      return select().orderBy(asc(namespaces.name), asc(brokers.name));
    },

    listIn(namespace: string): Promise<BrokerRecord[]> {
      return select().where(eq(namespaces.name, namespace)).orderBy(asc(brokers.name));
    },

    /** Creates a broker in an existing namespace; "taken" when the name is in use there. */
    async create(namespaceId: string, input: { name: string; limits?: Record<string, number>; credentialExpiration?: number | null; fetchAllowList?: string[] }): Promise<{ id: string } | "taken"> {
      try {
        const [row] = await db
          .insert(brokers)
          .values({ namespaceId, name: input.name, limits: input.limits ?? {}, credentialExpiration: input.credentialExpiration ?? null, fetchAllowList: input.fetchAllowList ?? [] })
          .returning({ id: brokers.id });
        return row;
      } catch (error) {
        if (isUniqueViolation(error)) return "taken";
        throw error;
      }
    },

    async update(id: string, changes: { limits?: Record<string, number>; credentialExpiration?: number | null; fetchAllowList?: string[] }): Promise<void> {
      const set = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
      if (Object.keys(set).length === 0) return;
      await db.update(brokers).set(set).where(eq(brokers.id, id));
    },

    /** Deletes a broker and, by cascade, its retained messages, sessions, keys and credentials. */
    async delete(id: string): Promise<void> {
      await db.delete(brokers).where(eq(brokers.id, id));
    },

    /** Creates namespace and broker unless they exist (first start); returns the broker either way. */
    async ensure(namespace: string, name: string): Promise<BrokerRecord> {
      await db.transaction(async (tx) => {
        await tx.insert(namespaces).values({ name: namespace }).onConflictDoNothing();
        const [ns] = await tx.select({ id: namespaces.id }).from(namespaces).where(eq(namespaces.name, namespace));
        await tx.insert(brokers).values({ namespaceId: ns.id, name }).onConflictDoNothing();
      });
      return (await get(namespace, name))!;
    },
  };
}

// Namespaces and brokers as the server needs them at start. The control plane adds the rest.
import { eq } from "drizzle-orm";
import type { Database } from "../client.ts";
import { brokers, namespaces } from "../schema.ts";

export interface BrokerRecord {
  id: string;
  namespace: string;
  name: string;
  limits: Record<string, number>;
}

export function brokerRepository(db: Database) {
  return {
    /** Creates namespace and broker unless they exist; returns the broker either way. */
    async ensure(namespace: string, name: string): Promise<BrokerRecord> {
      return db.transaction(async (tx) => {
        await tx.insert(namespaces).values({ name: namespace }).onConflictDoNothing();
        const [ns] = await tx.select({ id: namespaces.id }).from(namespaces).where(eq(namespaces.name, namespace));
        await tx.insert(brokers).values({ namespaceId: ns.id, name }).onConflictDoNothing();
        const all = await listWhere(tx as unknown as Database, ns.id);
        return all.find((b) => b.name === name)!;
      });
    },

    list(): Promise<BrokerRecord[]> {
      return listWhere(db);
    },
  };
}

function listWhere(db: Database, namespaceId?: string): Promise<BrokerRecord[]> {
  return db
    .select({ id: brokers.id, namespace: namespaces.name, name: brokers.name, limits: brokers.limits })
    .from(brokers)
    .innerJoin(namespaces, eq(brokers.namespaceId, namespaces.id))
    .where(namespaceId === undefined ? undefined : eq(brokers.namespaceId, namespaceId))
    .orderBy(namespaces.name, brokers.name);
}

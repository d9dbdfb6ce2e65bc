// Namespaces: the top level of tenancy.
import { asc, eq } from "drizzle-orm";
import type { Database } from "../client.ts";
import { namespaces } from "../schema.ts";
import { isUniqueViolation } from "./errors.ts";

export interface NamespaceRecord {
  id: string;
  name: string;
  createdAt: Date;
}

export function namespaceRepository(db: Database) {
  return {
    /** Creates a namespace; null when the name is taken. */
    async create(name: string): Promise<NamespaceRecord | null> {
      try {
        const [row] = await db.insert(namespaces).values({ name }).returning();
        return row;
      } catch (error) {
        if (isUniqueViolation(error)) return null;
        throw error;
      }
    },
    list(): Promise<NamespaceRecord[]> {
      return db.select().from(namespaces).orderBy(asc(namespaces.name));
    },
    async get(name: string): Promise<NamespaceRecord | undefined> {
      const [row] = await db.select().from(namespaces).where(eq(namespaces.name, name));
      return row;
    },
    /** Deletes the namespace and, by cascade, its brokers and their state. */
    async delete(name: string): Promise<boolean> {
      const rows = await db.delete(namespaces).where(eq(namespaces.name, name)).returning({ id: namespaces.id });
      return rows.length > 0;
    },
  };
}

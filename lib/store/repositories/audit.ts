// The audit log: every change made through the API, with its actor.
import { and, desc, eq, gte, type SQL } from "drizzle-orm";
import type { Database } from "../client.ts";
import { auditLog } from "../schema.ts";

export interface AuditEntry {
  id: number;
  at: Date;
  actor: string;
  action: string;
  target: string;
  outcome: string;
  details: unknown;
}

export function auditRepository(db: Database) {
  return {
    async append(entry: { actor: string; action: string; target: string; outcome?: string; details?: unknown }): Promise<void> {
      await db.insert(auditLog).values({ ...entry, details: entry.details ?? null });
    },

    list(filter: { since?: Date; actor?: string; target?: string; limit: number }): Promise<AuditEntry[]> {
      const conditions: SQL[] = [];
      if (filter.since) conditions.push(gte(auditLog.at, filter.since));
      if (filter.actor) conditions.push(eq(auditLog.actor, filter.actor));
      if (filter.target) conditions.push(eq(auditLog.target, filter.target));
      return db.select().from(auditLog).where(and(...conditions)).orderBy(desc(auditLog.id)).limit(filter.limit);
    },
  };
}

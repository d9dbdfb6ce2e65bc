// The audit log: every change made through the API, with its actor.
import { and, desc, eq, gte, lt, type SQL } from "drizzle-orm";
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

    /** Newest first; `before` (an entry's id) pages back from that entry. */
    list(filter: { since?: Date; until?: Date; actor?: string; target?: string; before?: number; limit: number }): Promise<AuditEntry[]> {
      const conditions: SQL[] = [];
      if (filter.since) conditions.push(gte(auditLog.at, filter.since));
      if (filter.until) conditions.push(lt(auditLog.at, filter.until));
      if (filter.before) conditions.push(lt(auditLog.id, filter.before));
      if (filter.actor) conditions.push(eq(auditLog.actor, filter.actor));
      if (filter.target) conditions.push(eq(auditLog.target, filter.target));
      return db.select().from(auditLog).where(and(...conditions)).orderBy(desc(auditLog.id)).limit(filter.limit);
    },
  };
}

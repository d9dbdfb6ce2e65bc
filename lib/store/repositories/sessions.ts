// Persistent sessions, written behind by lib/broker/persistence.ts.
import { and, eq, or, sql } from "drizzle-orm";
import type { SessionRecord } from "../../broker/persistence.ts";
import type { Database } from "../client.ts";
import { sessions } from "../schema.ts";
import { chunks } from "./batch.ts";

export function sessionRepository(db: Database) {
  return {
    loadAll(): Promise<SessionRecord[]> {
      return db.select().from(sessions);
    },

    async write(batch: { upserts: SessionRecord[]; deletes: Array<{ brokerId: string; clientId: string }> }): Promise<void> {
      await db.transaction(async (tx) => {
        for (const part of chunks(batch.deletes)) {
          await tx.delete(sessions).where(or(...part.map((d) => and(eq(sessions.brokerId, d.brokerId), eq(sessions.clientId, d.clientId)))));
        }
        for (const part of chunks(batch.upserts)) {
          await tx
            .insert(sessions)
            .values(part.map((s) => ({ ...s, state: s.state as object })))
            .onConflictDoUpdate({
              target: [sessions.brokerId, sessions.clientId],
              set: {
                expiryInterval: sql`excluded.expiry_interval`,
                disconnectedAt: sql`excluded.disconnected_at`,
                state: sql`excluded.state`,
              },
            });
        }
      });
    },
  };
}

// Retained messages, written behind by lib/broker/persistence.ts.
import { and, eq, or, sql } from "drizzle-orm";
import type { RetainedRecord } from "../../broker/persistence.ts";
import type { Database } from "../client.ts";
import { retainedMessages } from "../schema.ts";
import { chunks } from "./batch.ts";

export function retainedRepository(db: Database) {
  return {
    async loadAll(): Promise<RetainedRecord[]> {
      const rows = await db.select().from(retainedMessages);
      return rows.map((row) => ({ ...row, qos: row.qos as RetainedRecord["qos"] }));
    },

    async write(batch: { upserts: RetainedRecord[]; deletes: Array<{ brokerId: string; topic: string }> }): Promise<void> {
      await db.transaction(async (tx) => {
        for (const part of chunks(batch.deletes)) {
          await tx.delete(retainedMessages).where(or(...part.map((d) => and(eq(retainedMessages.brokerId, d.brokerId), eq(retainedMessages.topic, d.topic)))));
        }
        for (const part of chunks(batch.upserts)) {
          await tx
            .insert(retainedMessages)
            .values(part)
            .onConflictDoUpdate({
              target: [retainedMessages.brokerId, retainedMessages.topic],
              set: {
                payload: sql`excluded.payload`,
                qos: sql`excluded.qos`,
                properties: sql`excluded.properties`,
                expiresAt: sql`excluded.expires_at`,
              },
            });
        }
      });
    },
  };
}

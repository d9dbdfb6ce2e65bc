// Device credentials: each broker's signing keys, the credentials issued (never the tokens) and
// the revoked ones.
import { and, asc, eq } from "drizzle-orm";
import type { Database } from "../client.ts";
import { brokerKeys, credentials, revocations } from "../schema.ts";
import { chunks } from "./batch.ts";

export type CredentialRecord = typeof credentials.$inferSelect;
export type RevocationRecord = typeof revocations.$inferSelect;

export function credentialRepository(db: Database) {
  return {
    /** Every broker's key set (the server caches them for CONNECT). */
    async allKeySets(): Promise<Array<{ brokerId: string; keySet: unknown }>> {
      return db.select({ brokerId: brokerKeys.brokerId, keySet: brokerKeys.keySet }).from(brokerKeys);
    },
    async putKeySet(brokerId: string, keySet: unknown): Promise<void> {
      await db
        .insert(brokerKeys)
        .values({ brokerId, keySet })
        .onConflictDoUpdate({ target: brokerKeys.brokerId, set: { keySet, rotatedAt: new Date() } });
    },

    async recordIssued(rows: Array<Omit<CredentialRecord, "lastConnectedAt" | "lastFailure" | "issuedAt">>): Promise<void> {
      for (const part of chunks(rows)) await db.insert(credentials).values(part);
    },
    /** Records when credentials were last accepted and why they were last refused. */
    async recordUses(uses: Array<{ brokerId: string; jti: string; connectedAt?: Date; failure?: string }>): Promise<void> {
      await db.transaction(async (tx) => {
        for (const use of uses) {
          await tx
            .update(credentials)
            .set({ lastConnectedAt: use.connectedAt, lastFailure: use.failure })
            .where(and(eq(credentials.brokerId, use.brokerId), eq(credentials.jti, use.jti)));
        }
      });
    },
    async findIssued(brokerId: string, jti: string): Promise<CredentialRecord | undefined> {
      const [row] = await db.select().from(credentials).where(and(eq(credentials.brokerId, brokerId), eq(credentials.jti, jti)));
      return row;
    },
    listIssued(brokerId: string): Promise<CredentialRecord[]> {
      return db.select().from(credentials).where(eq(credentials.brokerId, brokerId)).orderBy(asc(credentials.issuedAt));
    },

    /** Adds revocations; returns the jtis that were not revoked before. */
    async revoke(brokerId: string, jtis: string[]): Promise<string[]> {
      const added: string[] = [];
      for (const part of chunks(jtis)) {
        const rows = await db.insert(revocations).values(part.map((jti) => ({ brokerId, jti }))).onConflictDoNothing().returning({ jti: revocations.jti });
        added.push(...rows.map((r) => r.jti));
      }
      return added;
    },
    /** Removes a revocation; false when the jti was not revoked. */
    async unrevoke(brokerId: string, jti: string): Promise<boolean> {
      return (await db.delete(revocations).where(and(eq(revocations.brokerId, brokerId), eq(revocations.jti, jti))).returning({ jti: revocations.jti })).length > 0;
    },
    listRevoked(brokerId: string): Promise<RevocationRecord[]> {
      return db.select().from(revocations).where(eq(revocations.brokerId, brokerId)).orderBy(asc(revocations.revokedAt));
    },
    allRevoked(): Promise<RevocationRecord[]> {
      return db.select().from(revocations);
    },
  };
}

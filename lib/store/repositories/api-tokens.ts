// API tokens: looked up by their clear id, matched against the stored hash (lib/auth/api-tokens.ts).
import { asc, eq, isNull, and } from "drizzle-orm";
import type { Database } from "../client.ts";
import { apiTokens } from "../schema.ts";

export type ApiTokenRecord = typeof apiTokens.$inferSelect;

export function apiTokenRepository(db: Database) {
  return {
    async create(token: { id: string; name: string; scope: ApiTokenRecord["scope"]; hash: string; createdBy: string }): Promise<ApiTokenRecord> {
      const [row] = await db.insert(apiTokens).values(token).returning();
      return row;
    },
    async get(id: string): Promise<ApiTokenRecord | undefined> {
      const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, id));
      return row;
    },
    list(): Promise<ApiTokenRecord[]> {
      return db.select().from(apiTokens).orderBy(asc(apiTokens.createdAt));
    },
    async touch(id: string, at: Date): Promise<void> {
      await db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, id));
    },
    /** Marks the token revoked; false when there is no such live token. */
    async revoke(id: string): Promise<boolean> {
      const rows = await db.update(apiTokens).set({ revokedAt: new Date() }).where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt))).returning({ id: apiTokens.id });
      return rows.length > 0;
    },
  };
}

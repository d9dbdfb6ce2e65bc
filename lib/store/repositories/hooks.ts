// Hook versions (immutable) and the live version per broker.
import { and, desc, eq, max } from "drizzle-orm";
import type { Database } from "../client.ts";
import { hookVersions, liveHooks } from "../schema.ts";

export type HookVersionRecord = typeof hookVersions.$inferSelect;

export function hookRepository(db: Database) {
  const getVersion = async (brokerId: string, version: number): Promise<HookVersionRecord | undefined> => {
    const [row] = await db.select().from(hookVersions).where(and(eq(hookVersions.brokerId, brokerId), eq(hookVersions.version, version)));
    return row;
  };
  const setLive = async (brokerId: string, version: number | null): Promise<void> => {
    await db.insert(liveHooks).values({ brokerId, version }).onConflictDoUpdate({ target: liveHooks.brokerId, set: { version } });
  };

  return {
    getVersion,
    setLive,

    /** Adds the next version and makes it live, in one transaction. */
    async deploy(version: Omit<HookVersionRecord, "version" | "createdAt">): Promise<HookVersionRecord> {
      return db.transaction(async (tx) => {
        const [{ latest }] = await tx.select({ latest: max(hookVersions.version) }).from(hookVersions).where(eq(hookVersions.brokerId, version.brokerId));
        const [row] = await tx.insert(hookVersions).values({ ...version, version: (latest ?? 0) + 1 }).returning();
        await tx.insert(liveHooks).values({ brokerId: version.brokerId, version: row.version }).onConflictDoUpdate({ target: liveHooks.brokerId, set: { version: row.version } });
        return row;
      });
    },

    async live(brokerId: string): Promise<HookVersionRecord | undefined> {
      const [row] = await db.select({ version: liveHooks.version }).from(liveHooks).where(eq(liveHooks.brokerId, brokerId));
      return row?.version == null ? undefined : getVersion(brokerId, row.version);
    },

    versions(brokerId: string): Promise<HookVersionRecord[]> {
      return db.select().from(hookVersions).where(eq(hookVersions.brokerId, brokerId)).orderBy(desc(hookVersions.version));
    },
  };
}

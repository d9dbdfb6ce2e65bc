// The `kv` binding of script hooks: a small key-value store per broker. Keys list in byte order
// (COLLATE "C"), the same on PGlite and PostgreSQL whatever the database's collation.
import { and, count, eq, gt, sql } from "drizzle-orm";
import type { Database } from "../client.ts";
import { brokers, hookKv } from "../schema.ts";
import { isStorableText } from "../text.ts";

export const kvLimits = {
  maxKeyLength: 512,
  /** UTF-8 bytes. */
  maxValueBytes: 64 * 1024,
  maxKeysPerBroker: 10_000,
  maxListLimit: 1000,
} as const;

/** A put the limits refuse; the message says which limit and is meant for the script's author. */
export class KvLimitError extends Error {}

export interface KvListOptions {
  prefix?: string;
  /** 1–1000 keys per page; default 1000. */
  limit?: number;
  /** The `cursor` of the previous page: listing resumes after that key. */
  cursor?: string;
}

const byteOrder = sql`${hookKv.key} collate "C"`;

export function kvRepository(db: Database) {
  const where = (brokerId: string, key: string) => and(eq(hookKv.brokerId, brokerId), eq(hookKv.key, key));

  return {
    async get(brokerId: string, key: string): Promise<string | undefined> {
      const [row] = await db.select({ value: hookKv.value }).from(hookKv).where(where(brokerId, key));
      return row?.value;
    },

    /** Writes a value; throws KvLimitError for a key or value too long or unstorable, or a new key beyond the broker's quota. */
    async put(brokerId: string, key: string, value: string): Promise<void> {
      if (key.length === 0 || key.length > kvLimits.maxKeyLength) throw new KvLimitError(`a key must be 1 to ${kvLimits.maxKeyLength} characters`);
      if (Buffer.byteLength(value) > kvLimits.maxValueBytes) throw new KvLimitError(`a value must be at most ${kvLimits.maxValueBytes} bytes`);
      if (!isStorableText(key) || !isStorableText(value)) throw new KvLimitError("keys and values must not contain NUL characters or unpaired surrogates");
      // Replacing a value, the common case, is one statement and needs no quota check.
      const updated = await db.update(hookKv).set({ value, updatedAt: new Date() }).where(where(brokerId, key)).returning({ key: hookKv.key });
      if (updated.length > 0) return;
      // A new key: the broker row's lock makes concurrent puts count one after the other, so the
      // quota holds exactly (the lock does not block foreign-key checks, which take KEY SHARE).
      await db.transaction(async (tx) => {
        await tx.select({ id: brokers.id }).from(brokers).where(eq(brokers.id, brokerId)).for("no key update");
        const [{ keys }] = await tx.select({ keys: count() }).from(hookKv).where(eq(hookKv.brokerId, brokerId));
        if (keys >= kvLimits.maxKeysPerBroker) throw new KvLimitError(`a broker may keep at most ${kvLimits.maxKeysPerBroker} keys; delete some first`);
        await tx
          .insert(hookKv)
          .values({ brokerId, key, value })
          .onConflictDoUpdate({ target: [hookKv.brokerId, hookKv.key], set: { value, updatedAt: new Date() } });
      });
    },

    /** False when there was no such key. */
    async delete(brokerId: string, key: string): Promise<boolean> {
      return (await db.delete(hookKv).where(where(brokerId, key)).returning({ key: hookKv.key })).length > 0;
    },

    /** One page of keys in byte order; `cursor` is set when more may follow. */
    async list(brokerId: string, options: KvListOptions = {}): Promise<{ keys: string[]; cursor?: string }> {
      const limit = Math.min(Math.max(Math.trunc(options.limit ?? kvLimits.maxListLimit), 1), kvLimits.maxListLimit);
      const rows = await db
        .select({ key: hookKv.key })
        .from(hookKv)
        .where(
          and(
            eq(hookKv.brokerId, brokerId),
            options.prefix ? sql`starts_with(${hookKv.key}, ${options.prefix})` : undefined,
            options.cursor === undefined ? undefined : gt(byteOrder, options.cursor),
          ),
        )
        .orderBy(byteOrder)
        .limit(limit + 1);
      const keys = rows.slice(0, limit).map((r) => r.key);
      return rows.length > limit ? { keys, cursor: keys.at(-1) } : { keys };
    },

    async count(brokerId: string): Promise<number> {
      const [{ keys }] = await db.select({ keys: count() }).from(hookKv).where(eq(hookKv.brokerId, brokerId));
      return keys;
    },
  };
}

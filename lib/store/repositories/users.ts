// Console users. The password hash never leaves this module's callers in lib/control. There is
// always an admin: the only one can be neither demoted nor deleted.
import { asc, eq } from "drizzle-orm";
import type { Database } from "../client.ts";
import { users } from "../schema.ts";
import { isUniqueViolation } from "./errors.ts";

export type UserRecord = typeof users.$inferSelect;

export function userRepository(db: Database) {
  return {
    async create(user: { email: string; name: string; role: UserRecord["role"]; passwordHash: string }): Promise<UserRecord | "taken"> {
      try {
        const [row] = await db.insert(users).values(user).returning();
        return row;
      } catch (error) {
        if (isUniqueViolation(error)) return "taken";
        throw error;
      }
    },
    async get(id: string): Promise<UserRecord | undefined> {
      const [row] = await db.select().from(users).where(eq(users.id, id));
      return row;
    },
    async getByEmail(email: string): Promise<UserRecord | undefined> {
      const [row] = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
      return row;
    },
    list(): Promise<UserRecord[]> {
      return db.select().from(users).orderBy(asc(users.email));
    },
    async any(): Promise<boolean> {
      return (await db.select({ id: users.id }).from(users).limit(1)).length > 0;
    },
    /** The updated user; undefined when there is none; "last_admin" (nothing changed) when it would demote the only admin. */
    async update(id: string, changes: Partial<Pick<UserRecord, "name" | "role" | "passwordHash">>): Promise<UserRecord | undefined | "last_admin"> {
      const change = (tx: Database) => tx.update(users).set({ ...changes, updatedAt: new Date() }).where(eq(users.id, id)).returning();
      // Only a demotion can leave no admin; other changes need no lock.
      if (changes.role === undefined || changes.role === "admin") return (await change(db))[0];
      return db.transaction(async (tx) => ((await isOnlyAdmin(tx, id)) ? "last_admin" : (await change(tx))[0]));
    },
    /** False when there is no such user; "last_admin" (nothing deleted) when it is the only admin. */
    async delete(id: string): Promise<boolean | "last_admin"> {
      return db.transaction(async (tx) => {
        if (await isOnlyAdmin(tx, id)) return "last_admin";
        return (await tx.delete(users).where(eq(users.id, id)).returning({ id: users.id })).length > 0;
      });
    },
  };
}

/**
 * Whether `id` is the one admin left. Locks every admin row until the transaction ends, so two
 * admins demoting or removing each other at once are checked one after the other: the second
 * sees the first's change and is refused.
 */
async function isOnlyAdmin(tx: Database, id: string): Promise<boolean> {
  const admins = await tx.select({ id: users.id }).from(users).where(eq(users.role, "admin")).for("update");
  return admins.length === 1 && admins[0].id === id;
}

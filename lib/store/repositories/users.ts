// Console users. The password hash never leaves this module's callers in lib/control.
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
    async update(id: string, changes: Partial<Pick<UserRecord, "name" | "role" | "passwordHash">>): Promise<UserRecord | undefined> {
      const [row] = await db.update(users).set({ ...changes, updatedAt: new Date() }).where(eq(users.id, id)).returning();
      return row;
    },
    async delete(id: string): Promise<boolean> {
      return (await db.delete(users).where(eq(users.id, id)).returning({ id: users.id })).length > 0;
    },
  };
}

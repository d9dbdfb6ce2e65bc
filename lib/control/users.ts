// Console users and sign-in: passwords hashed with argon2 (lib/auth/passwords.ts), sign-in
// throttled per email and per IP, every change audited. The first start creates an admin, and
// the last admin can be neither demoted nor removed.
import { randomBytes } from "node:crypto";
import { hashPassword, verifyPassword } from "../auth/passwords.ts";
import { RateLimiter, signInLimits } from "../auth/rate-limiter.ts";
import type { Logger } from "../logger.ts";
import type { Store } from "../store/index.ts";
import type { UserRecord } from "../store/repositories/users.ts";
import type { UserCreate, UserUpdate } from "../validations/users.ts";
import { ControlError } from "./errors.ts";

export type SignInResult = { ok: true; user: UserRecord } | { ok: false; reason: "invalid" } | { ok: false; reason: "throttled"; retryAfterSeconds: number };

export function userService(store: Store) {
  const perEmail = new RateLimiter(signInLimits.perEmail);
  const perIp = new RateLimiter(signInLimits.perIp);
  // Verified when the email is unknown too, so response time does not tell which emails exist.
  const decoyHash = hashPassword(randomBytes(16).toString("hex"));

  const userOrThrow = async (id: string): Promise<UserRecord> => {
    const user = await store.users.get(id);
    if (!user) throw new ControlError("not_found", `no user ${id}`);
    return user;
  };

  return {
    list: () => store.users.list(),
    get: userOrThrow,
    /** The user with this email, if any (sign-in through an identity provider). */
    findByEmail: (email: string): Promise<UserRecord | undefined> => store.users.getByEmail(email),

    async create(actor: string, input: UserCreate): Promise<UserRecord> {
      const created = await store.users.create({ email: input.email, name: input.name, role: input.role, passwordHash: await hashPassword(input.password) });
      if (created === "taken") throw new ControlError("conflict", `a user with email ${input.email} already exists`);
      await store.audit.append({ actor, action: "user.create", target: input.email, details: { role: input.role } });
      return created;
    },

    async update(actor: string, id: string, changes: UserUpdate): Promise<UserRecord> {
      const user = await userOrThrow(id);
      const updated = await store.users.update(id, {
        name: changes.name,
        role: changes.role,
        passwordHash: changes.password === undefined ? undefined : await hashPassword(changes.password),
      });
      if (updated === "last_admin") throw lastAdmin(user, "changing their role");
      if (!updated) throw new ControlError("not_found", `no user ${id}`);
      await store.audit.append({ actor, action: changes.password ? "user.update+password" : "user.update", target: user.email, details: { name: changes.name, role: changes.role } });
      return updated;
    },

    async remove(actor: string, id: string): Promise<void> {
      const user = await userOrThrow(id);
      const deleted = await store.users.delete(id);
      if (deleted === "last_admin") throw lastAdmin(user, "removing them");
      if (!deleted) throw new ControlError("not_found", `no user ${id}`);
      await store.audit.append({ actor, action: "user.delete", target: user.email });
    },

    /** Checks an email and password for the console's sign-in, throttled per email and per IP. */
    async verify(email: string, password: string, ip: string): Promise<SignInResult> {
      for (const check of [perIp.attempt(ip), perEmail.attempt(email)]) {
        if (!check.allowed) return { ok: false, reason: "throttled", retryAfterSeconds: check.retryAfterSeconds };
      }
      const user = await store.users.getByEmail(email);
      const matches = await verifyPassword(user?.passwordHash ?? (await decoyHash), password);
      if (!user || !matches) return { ok: false, reason: "invalid" };
      perEmail.reset(email);
      return { ok: true, user };
    },

    /**
     * First start: with no users, create an admin from SLUICE_ADMIN_EMAIL/SLUICE_ADMIN_PASSWORD,
     * or with a generated password that is logged once.
     */
    async ensureFirstAdmin(config: { adminEmail: string; adminPassword?: string }, log: Logger): Promise<void> {
      if (await store.users.any()) return;
      const password = config.adminPassword ?? randomBytes(12).toString("base64url");
      await store.users.create({ email: config.adminEmail, name: "Administrator", role: "admin", passwordHash: await hashPassword(password) });
      await store.audit.append({ actor: "sluice", action: "user.create", target: config.adminEmail, details: { role: "admin", firstStart: true } });
      if (config.adminPassword) log.info({ email: config.adminEmail }, "created the first admin user");
      else log.warn({ email: config.adminEmail, password }, "created the first admin user with a generated password: it is shown only this once");
    },
  };
}

export type UserService = ReturnType<typeof userService>;

// Someone must be able to manage users: the store refuses to leave none (lib/store/repositories/users.ts).
function lastAdmin(user: UserRecord, doing: string): ControlError {
  return new ControlError("conflict", `${user.email} is the only admin: make another user an admin before ${doing}`);
}

// The console users the end-to-end tests sign in as, one per role (DESIGN §4). The global setup
// creates them; the sign-in setup stores a session for each under e2e/.auth/.
import path from "node:path";
import type { Role } from "../lib/auth/roles.ts";

export interface TestUser {
  email: string;
  name: string;
  password: string;
}

export const users: Record<Role, TestUser> = {
  // The first admin, created by `sluice up` with --admin-password.
  admin: { email: "admin@sluice.local", name: "Administrator", password: "admin password for e2e" },
  developer: { email: "dev@example.com", name: "Dee Developer", password: "developer password for e2e" },
  support: { email: "support@example.com", name: "Sam Support", password: "support password for e2e" },
};

/** Where the signed-in session of a role is kept between the setup project and the specs. */
export const sessionFile = (role: Role) => path.join(import.meta.dirname, ".auth", `${role}.json`);

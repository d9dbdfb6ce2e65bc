// Each role as the user and token forms offer it, with what it may do (lib/auth/roles.ts has the
// permissions). A Record over the roles: a new role does not compile until it is described here.
import type { Role } from "@/lib/auth/roles.ts";

export const roleLabels: Record<Role, string> = {
  admin: "Admin: manages namespaces, brokers, users and API tokens",
  developer: "Developer: writes hooks, issues device credentials, publishes",
  support: "Support: watches traffic and reads settings, changes nothing",
};

export const roleOptions = Object.entries(roleLabels).map(([value, label]) => ({ value, label }));

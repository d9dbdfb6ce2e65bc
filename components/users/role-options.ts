// The roles as the user and token forms offer them, and what each may do (lib/auth/roles.ts has
// the permissions). Records over the roles: a new role does not compile until it is named here.
import type { Role } from "@/lib/auth/roles.ts";

export const roleNames: Record<Role, string> = { admin: "Admin", developer: "Developer", support: "Support" };

export const roleOptions = Object.entries(roleNames).map(([value, label]) => ({ value, label }));

export const rolesHint = "Admin: manages namespaces, brokers, users and API tokens. Developer: writes hooks, issues device credentials, publishes. Support: watches traffic and reads settings, changes nothing.";

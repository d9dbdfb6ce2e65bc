// Console roles and what each may do: the permission matrix of DESIGN §4 as data, one row per
// `resource:action` permission. The API's auth middleware asks `can(role, permission)` for the
// signed-in user (or the scope of a role-scoped API token) before calling lib/control.
import { z } from "zod";

export const roles = ["admin", "developer", "support"] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

const everyone = ["admin", "developer", "support"] as const satisfies readonly Role[];

/** Which roles hold each permission (DESIGN §4). */
export const permissionMatrix = Object.freeze({
  // Namespaces, brokers (limits included), users, API tokens: admin writes, everyone reads.
  "namespaces:read": everyone,
  "namespaces:write": ["admin"],
  "brokers:read": everyone,
  "brokers:write": ["admin"],
  "users:read": everyone,
  "users:write": ["admin"],
  "tokens:read": everyone,
  "tokens:write": ["admin"],
  // Device credentials: developers issue them for their devices; revoking (and unrevoking) cuts
  // live connections, so it stays with admins.
  "credentials:issue": ["admin", "developer"],
  "credentials:revoke": ["admin"],
  // Hooks: write is edit, deploy and roll back.
  "hooks:read": everyone,
  "hooks:write": ["admin", "developer"],
  // Explorer and clients: support watches traffic and traces a device but changes nothing.
  "explorer:subscribe": everyone,
  "explorer:publish": ["admin", "developer"],
  "clients:read": everyone, // view and trace
  "clients:disconnect": ["admin", "developer"],
  // Decision (DESIGN §4 is silent on the audit log): admin only. It names every user and every
  // change across all namespaces, which is more than developers and support need for their work.
  "audit:read": ["admin"],
  // Analytics (DESIGN §5): read-only SQL over the data points hooks write, for everyone who reads hooks.
  "analytics:query": everyone,
} as const satisfies Record<string, readonly Role[]>);

export type Permission = keyof typeof permissionMatrix;

export function can(role: Role, permission: Permission): boolean {
  const holders: readonly Role[] = permissionMatrix[permission];
  return holders.includes(role);
}

// The permission matrix, every role × permission, written out from DESIGN §4 independently of
// roles.ts so that a changed grant fails here.
import { describe, expect, it } from "vitest";
import { can, permissionMatrix, roleSchema, roles, type Permission } from "./roles.ts";

//                         admin  dev.   support
const expected: [Permission, boolean, boolean, boolean][] = [
  // namespaces, brokers, limits, users, API tokens: write / read / read
  ["namespaces:read",      true,  true,  true],
  ["namespaces:write",     true,  false, false],
  ["brokers:read",         true,  true,  true],
  ["brokers:write",        true,  false, false],
  ["users:read",           true,  true,  true],
  ["users:write",          true,  false, false],
  ["tokens:read",          true,  true,  true],
  ["tokens:write",         true,  false, false],
  // device credentials issue / revoke: yes / issue / no
  ["credentials:issue",    true,  true,  false],
  ["credentials:revoke",   true,  false, false],
  // hooks edit, deploy, roll back: yes / yes / read
  ["hooks:read",           true,  true,  true],
  ["hooks:write",          true,  true,  false],
  // explorer subscribe / publish: yes/yes, yes/yes, yes/no
  ["explorer:subscribe",   true,  true,  true],
  ["explorer:publish",     true,  true,  false],
  // clients view, trace / disconnect: yes/yes, yes/yes, yes/no
  ["clients:read",         true,  true,  true],
  ["clients:disconnect",   true,  true,  false],
  // audit log: admin only (a decision; DESIGN §4 does not list it)
  ["audit:read",           true,  false, false],
  // analytics queries (read-only SQL over hook data points): everyone
  ["analytics:query",      true,  true,  true],
];

describe("can", () => {
  const cases = expected.flatMap(([permission, admin, developer, support]) => [
    { role: "admin" as const, permission, allowed: admin },
    { role: "developer" as const, permission, allowed: developer },
    { role: "support" as const, permission, allowed: support },
  ]);

  it.each(cases)("$role $permission → $allowed", ({ role, permission, allowed }) => {
    expect(can(role, permission)).toBe(allowed);
  });

  it("covers exactly the permissions in the table above, so a new one needs a row here", () => {
    expect(Object.keys(permissionMatrix).sort()).toEqual(expected.map(([permission]) => permission).sort());
  });

  it("gives admin every permission", () => {
    for (const permission of Object.keys(permissionMatrix) as Permission[]) expect(can("admin", permission)).toBe(true);
  });
});

describe("roleSchema", () => {
  it("accepts the three roles and nothing else", () => {
    expect(roles).toEqual(["admin", "developer", "support"]);
    for (const role of roles) expect(roleSchema.parse(role)).toBe(role);
    for (const other of ["Admin", "owner", "console", "", undefined, 1]) expect(roleSchema.safeParse(other).success).toBe(false);
  });
});

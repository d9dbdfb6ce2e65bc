// Role checks (DESIGN §4): a route names the permission it needs; the actor's role must have it.
import type { MiddlewareHandler } from "hono";
import { can, type Permission } from "../../../auth/roles.ts";
import type { Actor, ApiEnv } from "../context.ts";
import { ApiError } from "../errors.ts";

export function requirePermission(permission: Permission): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    assertPermission(c.get("actor"), permission);
    return next();
  };
}

/** The same check, for a route whose input decides which permission it needs. */
export function assertPermission({ role, consoleService, device }: Actor, permission: Permission): void {
  if (device) throw new ApiError("forbidden", "a device credential may only publish and stream messages");
  if (consoleService) throw new ApiError("forbidden", "a console token must name the acting user in X-Sluice-Actor");
  if (!can(role, permission)) throw new ApiError("forbidden", `role ${role} may not ${permission}`);
}

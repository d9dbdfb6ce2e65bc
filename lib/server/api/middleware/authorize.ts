// Role checks (DESIGN §4): a route names the permission it needs; the actor's role must have it.
import type { MiddlewareHandler } from "hono";
import { can, type Permission } from "../../../auth/roles.ts";
import type { ApiEnv } from "../context.ts";
import { ApiError } from "../errors.ts";

export function requirePermission(permission: Permission): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const { role, consoleService, device } = c.get("actor");
    if (device) throw new ApiError("forbidden", "a device credential may only publish and stream messages");
    if (consoleService) throw new ApiError("forbidden", "a console token must name the acting user in X-Sluice-Actor");
    if (!can(role, permission)) throw new ApiError("forbidden", `role ${role} may not ${permission}`);
    return next();
  };
}

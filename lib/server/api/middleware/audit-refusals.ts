// The audit log records every write through the API with its outcome. Services write the
// successful ones with a meaningful action (`broker.create`); this records the refused ones
// (403, 404, 409, 422, …) with the route, once the error handler has answered.
import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { Logger } from "../../../logger.ts";
import type { Store } from "../../../store/index.ts";
import type { ApiEnv } from "../context.ts";

/** Sign-in checks are throttled, not audited: they are not writes and would flood the log. */
const notAudited = new Set(["/v1/auth/verify"]);

export function auditRefusals(store: Store, log: Logger): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    await next();
    if (c.req.method === "GET" || c.res.status < 400 || notAudited.has(c.req.path)) return;
    const actor = c.get("actor");
    let code = "";
    try {
      code = ((await c.res.clone().json()) as { error?: { code?: string } }).error?.code ?? "";
    } catch {
      // not a JSON error body: the status says enough
    }
    await store.audit
      .append({ actor: actor.name, action: `${c.req.method} ${routePath(c)}`, target: c.req.path, outcome: `${c.res.status} ${code}`.trim() })
      .catch((error) => log.error({ err: error }, "writing an audit entry failed"));
  };
}

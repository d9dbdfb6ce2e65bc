// /v1/audit — who changed what, newest first.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Store } from "../../../store/index.ts";
import { auditEntry, auditQuery } from "../../../validations/audit.ts";
import type { ApiEnv } from "../context.ts";
import { requirePermission } from "../middleware/authorize.ts";
import { errorResponses, jsonResponse } from "../openapi.ts";

export function auditRoutes(store: Store) {
  const app = new OpenAPIHono<ApiEnv>();

  // GET /v1/audit?since=&until=&actor=&target=&before=&limit= — audit log entries, a page at a time
  app.openapi(
    createRoute({ method: "get", path: "/audit", middleware: [requirePermission("audit:read")] as const, request: { query: auditQuery }, responses: { 200: jsonResponse(z.object({ entries: z.array(auditEntry) }), "Entries"), ...errorResponses } }),
    async (c) => {
      const query = c.req.valid("query");
      const date = (iso: string | undefined) => (iso === undefined ? undefined : new Date(iso));
      const entries = await store.audit.list({ ...query, since: date(query.since), until: date(query.until) });
      return c.json({ entries: entries.map((e) => ({ ...e, at: e.at.toISOString() })) }, 200);
    },
  );

  return app;
}

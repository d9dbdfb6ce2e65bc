// /v1/audit — who changed what, newest first.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Store } from "../../../store/index.ts";
import type { ApiEnv } from "../context.ts";
import { requirePermission } from "../middleware/authorize.ts";
import { errorResponses, jsonResponse } from "../openapi.ts";

const auditQuery = z.object({
  /** Entries at or after this time. */
  since: z.string().datetime({ offset: true }).optional(),
  /** Entries before this time. */
  until: z.string().datetime({ offset: true }).optional(),
  actor: z.string().optional(),
  target: z.string().optional(),
  /** Paging: entries older than this one (the id of the last entry of the page before). */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const auditEntry = z
  .object({ id: z.number(), at: z.string().datetime(), actor: z.string(), action: z.string(), target: z.string(), outcome: z.string(), details: z.unknown() })
  .openapi("AuditEntry");

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

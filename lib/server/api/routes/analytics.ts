// /v1/analytics/query — read-only SQL over the data points script hooks write (`telemetry`).
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { AnalyticsService } from "../../../control/analytics.ts";
import { analyticsQuery, analyticsResult } from "../../../validations/analytics.ts";
import type { ApiEnv } from "../context.ts";
import { requirePermission } from "../middleware/authorize.ts";
import { errorResponses, jsonBody, jsonResponse } from "../openapi.ts";

export function analyticsRoutes(analytics: AnalyticsService) {
  const app = new OpenAPIHono<ApiEnv>();

  // POST /v1/analytics/query — run one SELECT; at most 1,000 rows, `truncated` when more matched
  app.openapi(
    createRoute({ method: "post", path: "/analytics/query", middleware: [requirePermission("analytics:query")] as const, request: { body: jsonBody(analyticsQuery) }, responses: { 200: jsonResponse(analyticsResult, "Columns and rows"), ...errorResponses } }),
    async (c) => c.json(await analytics.query(c.req.valid("json").sql), 200),
  );

  return app;
}

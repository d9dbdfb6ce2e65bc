// /v1/tokens — API tokens: shown once at creation, listed without secrets, revoked.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { ApiTokenService } from "../../../control/api-tokens.ts";
import type { ApiTokenRecord } from "../../../store/repositories/api-tokens.ts";
import { token, tokenCreate } from "../../../validations/users.ts";
import type { ApiEnv } from "../context.ts";
import { requirePermission } from "../middleware/authorize.ts";
import { errorResponses, jsonBody, jsonResponse } from "../openapi.ts";

const toToken = (t: ApiTokenRecord) => ({
  id: t.id,
  name: t.name,
  scope: t.scope,
  createdBy: t.createdBy,
  createdAt: t.createdAt.toISOString(),
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
});

const tokenParams = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" } }) });

export function tokenRoutes(tokens: ApiTokenService) {
  const app = new OpenAPIHono<ApiEnv>();

  // POST /v1/tokens — create a token; the response is the only time it is shown
  app.openapi(
    createRoute({
      method: "post",
      path: "/tokens",
      middleware: [requirePermission("tokens:write")] as const,
      request: { body: jsonBody(tokenCreate) },
      responses: { 201: jsonResponse(token.extend({ token: z.string() }), "Created"), ...errorResponses },
    }),
    async (c) => {
      const created = await tokens.create(c.get("actor").name, c.req.valid("json"));
      return c.json({ ...toToken(created.record), token: created.token }, 201);
    },
  );

  // GET /v1/tokens — list tokens (never their secrets)
  app.openapi(
    createRoute({ method: "get", path: "/tokens", middleware: [requirePermission("tokens:read")] as const, responses: { 200: jsonResponse(z.object({ tokens: z.array(token) }), "Tokens"), ...errorResponses } }),
    async (c) => c.json({ tokens: (await tokens.list()).map(toToken) }, 200),
  );

  // DELETE /v1/tokens/:id — revoke a token
  app.openapi(
    createRoute({ method: "delete", path: "/tokens/{id}", middleware: [requirePermission("tokens:write")] as const, request: { params: tokenParams }, responses: { 204: { description: "Revoked" }, ...errorResponses } }),
    async (c) => {
      await tokens.revoke(c.get("actor").name, c.req.valid("param").id);
      return c.body(null, 204);
    },
  );

  return app;
}

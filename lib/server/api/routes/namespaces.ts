// /v1/namespaces — the top level of tenancy.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { TenancyService } from "../../../control/tenancy.ts";
import type { NamespaceRecord } from "../../../store/repositories/namespaces.ts";
import { namespace, namespaceCreate } from "../../../validations/brokers.ts";
import type { ApiEnv } from "../context.ts";
import { requirePermission } from "../middleware/authorize.ts";
import { errorResponses, jsonBody, jsonResponse, namespaceParams } from "../openapi.ts";

const toNamespace = (ns: NamespaceRecord) => ({ name: ns.name, createdAt: ns.createdAt.toISOString() });

export function namespaceRoutes(tenancy: TenancyService) {
  const app = new OpenAPIHono<ApiEnv>();

  // POST /v1/namespaces — create a namespace
  app.openapi(
    createRoute({
      method: "post",
      path: "/namespaces",
      middleware: [requirePermission("namespaces:write")] as const,
      request: { body: jsonBody(namespaceCreate) },
      responses: { 201: jsonResponse(namespace, "Created"), ...errorResponses },
    }),
    async (c) => c.json(toNamespace(await tenancy.createNamespace(c.get("actor").name, c.req.valid("json").name)), 201),
  );

  // GET /v1/namespaces — list namespaces
  app.openapi(
    createRoute({
      method: "get",
      path: "/namespaces",
      middleware: [requirePermission("namespaces:read")] as const,
      responses: { 200: jsonResponse(z.object({ namespaces: z.array(namespace) }), "Namespaces"), ...errorResponses },
    }),
    async (c) => c.json({ namespaces: (await tenancy.listNamespaces()).map(toNamespace) }, 200),
  );

  // GET /v1/namespaces/:ns — one namespace
  app.openapi(
    createRoute({
      method: "get",
      path: "/namespaces/{ns}",
      middleware: [requirePermission("namespaces:read")] as const,
      request: { params: namespaceParams },
      responses: { 200: jsonResponse(namespace, "Namespace"), ...errorResponses },
    }),
    async (c) => c.json(toNamespace(await tenancy.getNamespace(c.req.valid("param").ns)), 200),
  );

  // DELETE /v1/namespaces/:ns — delete a namespace with its brokers (their clients are disconnected)
  app.openapi(
    createRoute({
      method: "delete",
      path: "/namespaces/{ns}",
      middleware: [requirePermission("namespaces:write")] as const,
      request: { params: namespaceParams },
      responses: { 204: { description: "Deleted" }, ...errorResponses },
    }),
    async (c) => {
      await tenancy.deleteNamespace(c.get("actor").name, c.req.valid("param").ns);
      return c.body(null, 204);
    },
  );

  return app;
}

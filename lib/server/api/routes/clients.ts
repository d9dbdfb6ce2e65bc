// /v1/namespaces/:ns/brokers/:b/clients — the broker's clients, connected and offline (persistent
// sessions without a connection): list, one client in detail, and disconnect (0x98).
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { ClientService } from "../../../control/clients.ts";
import { clientDetail, clientDisconnectQuery, clientDisconnectResult, clientList, clientListQuery } from "../../../validations/clients.ts";
import type { ApiEnv } from "../context.ts";
import { requirePermission } from "../middleware/authorize.ts";
import { brokerParams, errorResponses, jsonResponse } from "../openapi.ts";

// Any client ID MQTT allows; a "/" in one arrives percent-encoded and Hono decodes it.
const clientParams = brokerParams.extend({ id: z.string().min(1).max(65535).openapi({ param: { name: "id", in: "path" } }) });

export function clientRoutes(clients: ClientService) {
  const app = new OpenAPIHono<ApiEnv>();
  const base = "/namespaces/{ns}/brokers/{b}/clients";

  // GET …/clients?query=&state=&limit=&cursor= — a page of clients in client-ID order
  app.openapi(
    createRoute({ method: "get", path: base, middleware: [requirePermission("clients:read")] as const, request: { params: brokerParams, query: clientListQuery }, responses: { 200: jsonResponse(clientList, "A page of clients"), ...errorResponses } }),
    (c) => {
      const { ns, b } = c.req.valid("param");
      return c.json(clients.list(ns, b, c.req.valid("query")), 200);
    },
  );

  // GET …/clients/:id — one client with its subscriptions, will, session expiry and last disconnects
  app.openapi(
    createRoute({ method: "get", path: `${base}/{id}`, middleware: [requirePermission("clients:read")] as const, request: { params: clientParams }, responses: { 200: jsonResponse(clientDetail, "The client"), ...errorResponses } }),
    (c) => {
      const { ns, b, id } = c.req.valid("param");
      return c.json(clients.get(ns, b, id), 200);
    },
  );

  // DELETE …/clients/:id?discardSession= — disconnect (0x98 Administrative action), and optionally end the session
  app.openapi(
    createRoute({
      method: "delete",
      path: `${base}/{id}`,
      middleware: [requirePermission("clients:disconnect")] as const,
      request: { params: clientParams, query: clientDisconnectQuery },
      responses: { 200: jsonResponse(clientDisconnectResult, "What was done"), ...errorResponses },
    }),
    async (c) => {
      const { ns, b, id } = c.req.valid("param");
      return c.json(await clients.disconnect(c.get("actor").name, ns, b, id, c.req.valid("query").discardSession), 200);
    },
  );

  return app;
}

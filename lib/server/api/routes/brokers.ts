// /v1/namespaces/:ns/brokers — brokers, live on the running listeners as soon as they exist.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { TenancyService } from "../../../control/tenancy.ts";
import type { BrokerRecord } from "../../../store/repositories/brokers.ts";
import { broker, brokerCreate, brokerUpdate } from "../../../validations/brokers.ts";
import type { ApiEnv } from "../context.ts";
import { brokerEndpoints, type EndpointSettings } from "../endpoints.ts";
import { requirePermission } from "../middleware/authorize.ts";
import { brokerParams, errorResponses, jsonBody, jsonResponse, namespaceParams } from "../openapi.ts";

export function brokerRoutes(tenancy: TenancyService, endpoints: EndpointSettings) {
  const app = new OpenAPIHono<ApiEnv>();
  const toBroker = (record: BrokerRecord, c: Context<ApiEnv>) => ({
    namespace: record.namespace,
    name: record.name,
    limits: record.limits,
    credentialExpiration: record.credentialExpiration,
    fetchAllowList: record.fetchAllowList,
    createdAt: record.createdAt.toISOString(),
    endpoints: brokerEndpoints(c, endpoints, record.namespace, record.name),
  });

  // POST /v1/namespaces/:ns/brokers — create a broker
  app.openapi(
    createRoute({
      method: "post",
      path: "/namespaces/{ns}/brokers",
      middleware: [requirePermission("brokers:write")] as const,
      request: { params: namespaceParams, body: jsonBody(brokerCreate) },
      responses: { 201: jsonResponse(broker, "Created"), ...errorResponses },
    }),
    async (c) => {
      const record = await tenancy.createBroker(c.get("actor").name, c.req.valid("param").ns, c.req.valid("json"));
      return c.json(toBroker(record, c), 201);
    },
  );

  // GET /v1/namespaces/:ns/brokers — list a namespace's brokers
  app.openapi(
    createRoute({
      method: "get",
      path: "/namespaces/{ns}/brokers",
      middleware: [requirePermission("brokers:read")] as const,
      request: { params: namespaceParams },
      responses: { 200: jsonResponse(z.object({ brokers: z.array(broker) }), "Brokers"), ...errorResponses },
    }),
    async (c) => c.json({ brokers: (await tenancy.listBrokers(c.req.valid("param").ns)).map((b) => toBroker(b, c)) }, 200),
  );

  // GET /v1/namespaces/:ns/brokers/:b — one broker with its endpoints
  app.openapi(
    createRoute({
      method: "get",
      path: "/namespaces/{ns}/brokers/{b}",
      middleware: [requirePermission("brokers:read")] as const,
      request: { params: brokerParams },
      responses: { 200: jsonResponse(broker, "Broker"), ...errorResponses },
    }),
    async (c) => {
      const { ns, b } = c.req.valid("param");
      return c.json(toBroker(await tenancy.getBroker(ns, b), c), 200);
    },
  );

  // PATCH /v1/namespaces/:ns/brokers/:b — change limits, the credential expiration or the fetch allow-list
  app.openapi(
    createRoute({
      method: "patch",
      path: "/namespaces/{ns}/brokers/{b}",
      middleware: [requirePermission("brokers:write")] as const,
      request: { params: brokerParams, body: jsonBody(brokerUpdate) },
      responses: { 200: jsonResponse(broker, "Updated"), ...errorResponses },
    }),
    async (c) => {
      const { ns, b } = c.req.valid("param");
      return c.json(toBroker(await tenancy.updateBroker(c.get("actor").name, ns, b, c.req.valid("json")), c), 200);
    },
  );

  // DELETE /v1/namespaces/:ns/brokers/:b — delete a broker; its clients are disconnected (0x98)
  app.openapi(
    createRoute({
      method: "delete",
      path: "/namespaces/{ns}/brokers/{b}",
      middleware: [requirePermission("brokers:write")] as const,
      request: { params: brokerParams },
      responses: { 204: { description: "Deleted" }, ...errorResponses },
    }),
    async (c) => {
      const { ns, b } = c.req.valid("param");
      await tenancy.deleteBroker(c.get("actor").name, ns, b);
      return c.body(null, 204);
    },
  );

  return app;
}

// The console's topic explorer (issue 6): an MQTT session for the signed-in user, the broker's
// topic index and recent messages, the hook tap's record of a test publish, and deleting a
// retained message.
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { can } from "../../../auth/roles.ts";
import type { ExplorerService } from "../../../control/explorer.ts";
import { explorerSession, recentMessageList, recentMessagesQuery, retainedList, retainedListQuery, retainedQuery, tapParams, tapQuery, tapRecord, topicList, topicsQuery } from "../../../validations/explorer.ts";
import type { ApiEnv } from "../context.ts";
import { brokerEndpoints, browserWebsocketUrl, type EndpointSettings } from "../endpoints.ts";
import { requirePermission } from "../middleware/authorize.ts";
import { brokerParams, errorResponses, jsonResponse } from "../openapi.ts";

export function explorerRoutes(explorer: ExplorerService, endpoints: EndpointSettings) {
  const app = new OpenAPIHono<ApiEnv>();
  const base = "/namespaces/{ns}/brokers/{b}";

  // POST …/explorer/session — a 15-minute MQTT credential for the acting user's explorer, and where to connect
  app.openapi(
    createRoute({ method: "post", path: `${base}/explorer/session`, middleware: [requirePermission("explorer:subscribe")] as const, request: { params: brokerParams }, responses: { 201: jsonResponse(explorerSession, "Session"), ...errorResponses } }),
    async (c) => {
      const { ns, b } = c.req.valid("param");
      const actor = c.get("actor");
      const session = await explorer.session(actor.name, ns, b, can(actor.role, "explorer:publish"));
      return c.json({ ...session, websocketUrl: browserWebsocketUrl(c, brokerEndpoints(c, endpoints, ns, b)) }, 201);
    },
  );

  // GET …/topics?prefix=&limit=&sys= — every topic the broker delivered, with its last message and rate
  app.openapi(
    createRoute({ method: "get", path: `${base}/topics`, middleware: [requirePermission("explorer:subscribe")] as const, request: { params: brokerParams, query: topicsQuery }, responses: { 200: jsonResponse(topicList, "Topics by name"), ...errorResponses } }),
    (c) => {
      const { ns, b } = c.req.valid("param");
      return c.json(explorer.topics(ns, b, c.req.valid("query")), 200);
    },
  );

  // GET …/messages?filter=&limit=&before= — the broker's recent deliveries, newest first
  app.openapi(
    createRoute({ method: "get", path: `${base}/messages`, middleware: [requirePermission("explorer:subscribe")] as const, request: { params: brokerParams, query: recentMessagesQuery }, responses: { 200: jsonResponse(recentMessageList, "Newest first"), ...errorResponses } }),
    (c) => {
      const { ns, b } = c.req.valid("param");
      return c.json(explorer.messages(ns, b, c.req.valid("query")), 200);
    },
  );

  // GET …/hook/taps/:id?wait= — what the hook did to a test publish carrying `sluice-tap: <id>`
  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/hook/taps/{id}`,
      middleware: [requirePermission("explorer:publish")] as const,
      request: { params: brokerParams.extend(tapParams.shape), query: tapQuery },
      responses: { 200: jsonResponse(tapRecord, "The record, complete unless the wait ran out while the hook decided"), ...errorResponses },
    }),
    async (c) => {
      const { ns, b, id } = c.req.valid("param");
      const actor = c.get("actor");
      return c.json(await explorer.tap(ns, b, id, c.req.valid("query").wait, { name: actor.name, admin: actor.role === "admin" }), 200);
    },
  );

  // GET …/retained?filter=&limit= — the retained messages on matching topics, whole
  app.openapi(
    createRoute({ method: "get", path: `${base}/retained`, middleware: [requirePermission("explorer:subscribe")] as const, request: { params: brokerParams, query: retainedListQuery }, responses: { 200: jsonResponse(retainedList, "By topic"), ...errorResponses } }),
    (c) => {
      const { ns, b } = c.req.valid("param");
      return c.json(explorer.retained(ns, b, c.req.valid("query")), 200);
    },
  );

  // DELETE …/retained?topic= — forget a topic's retained message. Clearing one is what publishing
  // an empty retained message does, so it takes the right to publish from the explorer.
  app.openapi(
    createRoute({ method: "delete", path: `${base}/retained`, middleware: [requirePermission("explorer:publish")] as const, request: { params: brokerParams, query: retainedQuery }, responses: { 204: { description: "Deleted" }, ...errorResponses } }),
    async (c) => {
      const { ns, b } = c.req.valid("param");
      await explorer.deleteRetained(c.get("actor").name, ns, b, c.req.valid("query").topic);
      return c.body(null, 204);
    },
  );

  return app;
}

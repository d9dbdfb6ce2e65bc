// /v1/traffic — recent traffic in total and per broker for the console's overview, from the
// server's in-memory history (lib/control/traffic-history.ts).
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { BrokerHost } from "../../../broker/host.ts";
import type { TrafficHistory } from "../../../control/traffic-history.ts";
import { brokerTraffic, trafficQuery, trafficRanges, trafficTotal } from "../../../validations/traffic.ts";
import type { ApiEnv } from "../context.ts";
import { ApiError } from "../errors.ts";
import { requirePermission } from "../middleware/authorize.ts";
import { brokerParams, errorResponses, jsonResponse } from "../openapi.ts";

export function trafficRoutes(history: TrafficHistory, host: BrokerHost) {
  const app = new OpenAPIHono<ApiEnv>();

  // GET /v1/traffic?range=1m|15m|1h|24h — every broker's traffic summed, and each broker now
  app.openapi(
    createRoute({ method: "get", path: "/traffic", middleware: [requirePermission("brokers:read")] as const, request: { query: trafficQuery }, responses: { 200: jsonResponse(trafficTotal, "Total over the range, and each broker's latest"), ...errorResponses } }),
    (c) => {
      const { range } = c.req.valid("query");
      const brokers = [...host.allBrokers].map((broker) => ({
        namespace: broker.identity.namespace,
        name: broker.identity.name,
        connections: broker.stats.connections,
        sessions: broker.sessions.size,
        subscriptions: broker.router.subscriptionCount,
        retained: broker.retained.size,
        latest: history.series(broker.key, "1m")?.at(-1) ?? null,
      }));
      brokers.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
      return c.json({ range, stepSeconds: trafficRanges[range].stepSeconds, points: history.total(range), brokers }, 200);
    },
  );

  // GET /v1/namespaces/:ns/brokers/:b/traffic?range= — one broker's traffic over the range
  app.openapi(
    createRoute({
      method: "get",
      path: "/namespaces/{ns}/brokers/{b}/traffic",
      middleware: [requirePermission("brokers:read")] as const,
      request: { params: brokerParams, query: trafficQuery },
      responses: { 200: jsonResponse(brokerTraffic, "The broker's points, oldest first"), ...errorResponses },
    }),
    (c) => {
      const { ns, b } = c.req.valid("param");
      const { range } = c.req.valid("query");
      const broker = host.getBroker(ns, b);
      if (!broker) throw new ApiError("not_found", `broker ${ns}/${b} not found`);
      return c.json({ range, stepSeconds: trafficRanges[range].stepSeconds, points: history.series(broker.key, range) ?? [] }, 200);
    },
  );

  return app;
}

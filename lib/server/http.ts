// The HTTP listener's routes: /healthz, /metrics, and the control-plane API under /v1 once the
// server is ready. MQTT over WebSocket is attached to the same server by
// lib/broker/transport/websocket.ts.
import type { IncomingMessage, ServerResponse } from "node:http";
import { getRequestListener } from "@hono/node-server";
import type { Registry } from "prom-client";

type FetchHandler = (request: Request) => Response | Promise<Response>;

export interface HttpRoutes {
  metrics: Registry;
  isReady(): boolean;
  /** The API's fetch handler; undefined until the store is open. */
  api(): FetchHandler | undefined;
}

export function createHttpHandler(routes: HttpRoutes) {
  let apiListener: ReturnType<typeof getRequestListener> | undefined;
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    if (path === "/v1" || path.startsWith("/v1/")) {
      const api = routes.api();
      if (!api) return respond(response, 503, "application/json", JSON.stringify({ error: { code: "unavailable", message: "the server is starting" } }));
      apiListener ??= getRequestListener(api);
      return apiListener(request, response);
    }
    if (request.method === "GET" && path === "/healthz") {
      const ready = routes.isReady();
      return respond(response, ready ? 200 : 503, "application/json", JSON.stringify({ status: ready ? "ok" : "starting" }));
    }
    if (request.method === "GET" && path === "/metrics") {
      return respond(response, 200, routes.metrics.contentType, await routes.metrics.metrics());
    }
    respond(response, 404, "application/json", JSON.stringify({ error: { code: "not_found", message: `no route for ${request.method} ${path}` } }));
  };
}

function respond(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(body) });
  response.end(body);
}

// The HTTP listener's plain routes: /healthz and /metrics. MQTT over WebSocket is attached to the
// same server by lib/broker/transport/websocket.ts.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Registry } from "prom-client";

export function createHttpHandler(metrics: Registry, isReady: () => boolean) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    if (request.method === "GET" && path === "/healthz") {
      const ready = isReady();
      respond(response, ready ? 200 : 503, "application/json", JSON.stringify({ status: ready ? "ok" : "starting" }));
      return;
    }
    if (request.method === "GET" && path === "/metrics") {
      respond(response, 200, metrics.contentType, await metrics.metrics());
      return;
    }
    respond(response, 404, "application/json", JSON.stringify({ error: { code: "not_found", message: `no route for ${request.method} ${path}` } }));
  };
}

function respond(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(body) });
  response.end(body);
}

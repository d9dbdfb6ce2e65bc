// MQTT over WebSocket (subprotocol "mqtt") at /mqtt and /mqtt/<namespace>/<broker>: a thin
// adapter that upgrades HTTP(S) requests and hands the stream to BrokerHost.handle.
import type { IncomingMessage, Server as HttpServer } from "node:http";
import type { Duplex } from "node:stream";
import { createWebSocketStream, WebSocketServer } from "ws";
import type { BrokerHost } from "../host.ts";

/** Largest WebSocket message buffered; MQTT packet limits are enforced by the codec after it. */
const MAX_WS_MESSAGE = 16 * 1024 * 1024;
const MQTT_PATH = /^\/mqtt(\/[a-z0-9-]+\/[a-z0-9-]+)?\/?$/;

export function attachWebSocket(server: HttpServer, host: BrokerHost, secure: boolean): WebSocketServer {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_WS_MESSAGE,
    perMessageDeflate: false,
    // [MQTT-6.0.0-3] the subprotocol is "mqtt"; older clients send "mqttv3.1"
    handleProtocols: (protocols) => (protocols.has("mqtt") ? "mqtt" : protocols.has("mqttv3.1") ? "mqttv3.1" : false),
  });
  server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    if (!MQTT_PATH.test(path)) {
      socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n");
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      const stream = createWebSocketStream(ws);
      const remote = request.socket;
      host.handle(stream, { transport: secure ? "wss" : "ws", remoteAddress: `${remote.remoteAddress}:${remote.remotePort}`, path });
    });
  });
  return wss;
}

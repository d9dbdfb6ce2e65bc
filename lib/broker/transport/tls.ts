// MQTT over TLS: a thin adapter from TLS sockets to BrokerHost.handle. The SNI server name is
// passed on so a connection can name its broker (`<broker>.<namespace>.<domain>`).
import tls from "node:tls";
import type { BrokerHost } from "../host.ts";

export function createTlsServer(host: BrokerHost, credentials: { cert: Buffer; key: Buffer }): tls.Server {
  const server = tls.createServer({ ...credentials }, (socket) => {
    socket.setNoDelay(true);
    const servername = typeof socket.servername === "string" ? socket.servername : undefined;
    host.handle(socket, { transport: "tls", remoteAddress: `${socket.remoteAddress}:${socket.remotePort}`, servername });
  });
  // A failed handshake is the client's problem, not a server error.
  server.on("tlsClientError", (error) => host.log.debug({ err: error }, "TLS handshake failed"));
  return server;
}

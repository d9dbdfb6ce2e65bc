// MQTT over TCP: a thin adapter from net sockets to BrokerHost.handle.
import net from "node:net";
import type { BrokerHost } from "../host.ts";

export function createTcpServer(host: BrokerHost): net.Server {
  return net.createServer({ noDelay: true }, (socket) => {
    host.handle(socket, { transport: "tcp", remoteAddress: `${socket.remoteAddress}:${socket.remotePort}` });
  });
}

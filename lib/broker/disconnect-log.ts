// The last disconnects of each client ID of a broker, and what its last connection looked like,
// for the clients API (lib/broker/clients.ts): when, who closed it, with which reason code.
// Bounded twice: the last 10 disconnects per client ID, and the 10,000 client IDs that
// disconnected most recently, so a fleet reconnecting under fresh client IDs cannot grow it.
// Written once per closed connection (Connection.cleanup), never per message.
import type { Connection } from "./connection.ts";

export interface ConnectionEnd {
  /**
   * Who ended it: the client with a DISCONNECT, the server (with a DISCONNECT to MQTT 5 clients),
   * or nobody said: the connection closed without a DISCONNECT (network loss, or the client
   * closed its socket).
   */
  by: "client" | "server" | "network";
  /** The DISCONNECT's reason code (0x00 for an MQTT 3.1.1 DISCONNECT); null without one. */
  reasonCode: number | null;
  /** The reason string, the server's own or the one the client sent. */
  reason?: string;
}

/** How a connection ends when neither side sent a DISCONNECT. */
export const connectionLost: ConnectionEnd = Object.freeze({ by: "network", reasonCode: null });

export interface DisconnectRecord extends ConnectionEnd {
  /** Epoch ms. */
  at: number;
}

/** What a client's last connection looked like, for when it is offline. */
interface LastConnection {
  transport: string;
  remoteAddress: string;
  protocolVersion: number;
  keepAlive: number;
  credentialId: string | undefined;
  connectedAt: number;
  messagesIn: number;
  messagesOut: number;
}

interface ClientHistory {
  last: LastConnection;
  /** Oldest first. */
  disconnects: DisconnectRecord[];
}

export const MAX_DISCONNECTS_PER_CLIENT = 10;
const MAX_CLIENTS_REMEMBERED = 10_000;

export class DisconnectLog {
  private readonly clients = new Map<string, ClientHistory>();

  constructor(private readonly maxClients = MAX_CLIENTS_REMEMBERED) {}

  get size(): number {
    return this.clients.size;
  }

  record(conn: Connection, end: ConnectionEnd, at = Date.now()): void {
    const disconnects = this.clients.get(conn.clientId)?.disconnects ?? [];
    disconnects.push({ at, ...end });
    if (disconnects.length > MAX_DISCONNECTS_PER_CLIENT) disconnects.shift();
    const last: LastConnection = {
      transport: conn.info.transport,
      remoteAddress: conn.info.remoteAddress,
      protocolVersion: conn.version,
      keepAlive: conn.keepAliveSeconds,
      credentialId: conn.principal?.credentialId,
      connectedAt: conn.connectedAt,
      messagesIn: conn.messagesIn,
      messagesOut: conn.messagesOut,
    };
    // Deleted and set again, so the map's order is by last disconnect and the oldest is evicted.
    this.clients.delete(conn.clientId);
    this.clients.set(conn.clientId, { last, disconnects });
    if (this.clients.size > this.maxClients) this.clients.delete(this.clients.keys().next().value!);
  }

  get(clientId: string): ClientHistory | undefined {
    return this.clients.get(clientId);
  }
}

// The broker host: every broker instance behind the shared listeners. Transports hand it a
// Duplex per client (`handle`); CONNECT resolves which instance the client belongs to.
import type { Duplex } from "node:stream";
import type { Logger } from "../logger.ts";
import type { Authenticator } from "./auth.ts";
import { BrokerInstance, type BrokerIdentity } from "./broker.ts";
import { Connection, type TransportInfo } from "./connection.ts";
import type { BrokerLimits } from "./limits.ts";
import { ReasonCode } from "./protocol/reason-codes.ts";

export interface BrokerHostOptions {
  authenticator: Authenticator;
  log: Logger;
  /** Time from accept to a complete CONNECT, before a broker (and its limits) is known. */
  connectTimeoutMs?: number;
}

export class BrokerHost {
  readonly log: Logger;
  /** Replaceable: the server swaps in device credentials once the store is loaded. */
  authenticator: Authenticator;
  readonly connectTimeoutMs: number;
  /** False while the server restores state at start and while it drains: CONNECT gets 0x88. */
  accepting = true;
  private readonly brokers = new Map<string, BrokerInstance>();
  /** Every open connection, connected or not, so shutdown reaches them all. */
  private readonly connections = new Set<Connection>();

  constructor(options: BrokerHostOptions) {
    this.log = options.log;
    this.authenticator = options.authenticator;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  }

  /** Serves one client connection over any Duplex. */
  handle(stream: Duplex, info: TransportInfo): Connection {
    const connection = new Connection(stream, this, info);
    this.connections.add(connection);
    return connection;
  }

  /** Called by Connection when it closes. */
  forget(connection: Connection): void {
    this.connections.delete(connection);
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  addBroker(identity: BrokerIdentity, limits: BrokerLimits): BrokerInstance {
    const broker = new BrokerInstance(identity, limits, this.log.child({ broker: `${identity.namespace}/${identity.name}` }));
    this.brokers.set(broker.key, broker);
    return broker;
  }

  getBroker(namespace: string, name: string): BrokerInstance | undefined {
    return this.brokers.get(`${namespace}/${name}`);
  }

  get allBrokers(): IterableIterator<BrokerInstance> {
    return this.brokers.values();
  }

  /** Removes a broker: its clients are disconnected with 0x98 Administrative action. */
  removeBroker(namespace: string, name: string): void {
    const broker = this.getBroker(namespace, name);
    if (!broker) return;
    for (const conn of [...broker.connections]) conn.disconnect(ReasonCode.AdministrativeAction, "broker deleted");
    this.brokers.delete(broker.key);
  }

  /**
   * A revoked credential [DESIGN §4]: the broker's clients connected with it (`principal.credentialId`)
   * are disconnected with 0x98 Administrative action. Returns how many.
   */
  disconnectCredential(namespace: string, name: string, credentialId: string): number {
    const broker = this.getBroker(namespace, name);
    if (!broker) return 0;
    let count = 0;
    for (const conn of [...broker.connections]) {
      if (conn.principal?.credentialId !== credentialId) continue;
      conn.disconnect(ReasonCode.AdministrativeAction, `credential ${credentialId} revoked`);
      count++;
    }
    return count;
  }

  /** Disconnects every client with 0x8B Server shutting down; sessions detach (wills wait). */
  closeAll(): void {
    this.accepting = false;
    for (const conn of [...this.connections]) {
      conn.publishWillOnClose = false;
      conn.disconnect(ReasonCode.ServerShuttingDown, "server shutting down");
    }
  }
}

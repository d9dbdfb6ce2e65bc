// Test harness: a broker host with no listeners and raw MQTT clients over in-memory duplex
// pairs (STYLE rule 7). Clients send mqtt-packet objects and read decoded packets back.
import { Duplex } from "node:stream";
import mqttPacket from "mqtt-packet";
import pino from "pino";
import { AnonymousAuthenticator, type Authenticator } from "../auth.ts";
import type { BrokerInstance } from "../broker.ts";
import { BrokerHost } from "../host.ts";
import { type BrokerLimits, defaultLimits } from "../limits.ts";

export function createTestHost(options: { limits?: Partial<BrokerLimits>; authenticator?: Authenticator; connectTimeoutMs?: number } = {}): { host: BrokerHost; broker: BrokerInstance } {
  const host = new BrokerHost({
    authenticator: options.authenticator ?? new AnonymousAuthenticator(true),
    log: pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" }),
    connectTimeoutMs: options.connectTimeoutMs,
  });
  const broker = host.addBroker({ id: "00000000-0000-0000-0000-000000000001", namespace: "default", name: "default" }, { ...defaultLimits, ...options.limits });
  return { host, broker };
}

/** Two connected in-memory Duplex streams: what one writes, the other reads. */
export function duplexPair(): [Duplex, Duplex] {
  const make = (peer: () => Duplex) =>
    new Duplex({
      allowHalfOpen: false,
      read() {},
      write(chunk, _encoding, callback) {
        peer().push(chunk);
        callback();
      },
      final(callback) {
        peer().push(null);
        callback();
      },
    });
  const a: Duplex = make(() => b);
  const b: Duplex = make(() => a);
  a.on("close", () => b.destroy());
  b.on("close", () => a.destroy());
  return [a, b];
}

type Packet = mqttPacket.Packet;

/** A raw MQTT client: sends exactly the packets a test builds, records every packet it gets. */
export class TestClient {
  readonly received: Packet[] = [];
  readonly closed: Promise<void>;
  private readonly stream: Duplex;
  private readonly parser: ReturnType<typeof mqttPacket.parser>;
  private waiters: Array<() => void> = [];
  private cursor = 0;
  isClosed = false;

  constructor(
    host: BrokerHost,
    readonly version: 3 | 4 | 5 = 5,
  ) {
    const [clientSide, serverSide] = duplexPair();
    this.stream = clientSide;
    host.handle(serverSide, { transport: "memory", remoteAddress: "memory" });
    this.parser = mqttPacket.parser({ protocolVersion: version });
    this.parser.on("packet", (packet: Packet) => {
      this.received.push(packet);
      this.wake();
    });
    clientSide.on("data", (chunk: Buffer) => this.parser.parse(chunk));
    this.closed = new Promise((resolve) => clientSide.on("close", () => {
      this.isClosed = true;
      this.wake();
      resolve();
    }));
  }

  send(packet: Packet): void {
    this.stream.write(mqttPacket.generate(packet, { protocolVersion: this.version }));
  }

  sendRaw(bytes: Buffer): void {
    this.stream.write(bytes);
  }

  end(): void {
    this.stream.end();
  }

  /** CONNECT and wait for CONNACK. */
  async connect(packet: Partial<mqttPacket.IConnectPacket> = {}): Promise<mqttPacket.IConnackPacket> {
    this.send({ cmd: "connect", protocolId: "MQTT", protocolVersion: this.version, clean: true, keepalive: 60, clientId: "", ...packet } as mqttPacket.IConnectPacket);
    return this.expect("connack");
  }

  async subscribe(filter: string, options: Partial<mqttPacket.ISubscription> = {}, properties?: mqttPacket.ISubscribePacket["properties"], messageId = 1): Promise<mqttPacket.ISubackPacket> {
    this.send({ cmd: "subscribe", messageId, subscriptions: [{ topic: filter, qos: 0, ...options }], properties });
    return this.expect("suback");
  }

  publish(topic: string, payload: string | Buffer, options: Partial<mqttPacket.IPublishPacket> = {}): void {
    this.send({ cmd: "publish", topic, payload, qos: 0, dup: false, retain: false, ...options } as mqttPacket.IPublishPacket);
  }

  /** The next packet not yet consumed, within `timeoutMs`. */
  async next(timeoutMs = 2000): Promise<Packet> {
    const deadline = Date.now() + timeoutMs;
    while (this.cursor >= this.received.length) {
      if (this.isClosed) throw new Error("connection closed while waiting for a packet");
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error("timed out waiting for a packet");
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.received[this.cursor++];
  }

  async expect<C extends Packet["cmd"]>(cmd: C, timeoutMs?: number): Promise<Extract<Packet, { cmd: C }>> {
    const packet = await this.next(timeoutMs);
    if (packet.cmd !== cmd) throw new Error(`expected ${cmd}, got ${packet.cmd}: ${JSON.stringify(packet)}`);
    return packet as Extract<Packet, { cmd: C }>;
  }

  /** Resolves true if no packet arrives within `ms`. */
  async nothingWithin(ms = 100): Promise<boolean> {
    try {
      const packet = await this.next(ms);
      throw new Error(`unexpected ${packet.cmd}: ${JSON.stringify(packet)}`);
    } catch (error) {
      if ((error as Error).message.startsWith("timed out")) return true;
      throw error;
    }
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

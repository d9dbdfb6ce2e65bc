// Test harness: a broker host with no listeners and raw MQTT clients over in-memory duplex
// pairs (STYLE rule 7). Clients send mqtt-packet objects and read decoded packets back.
import { Duplex } from "node:stream";
import mqttPacket from "mqtt-packet";
import pino from "pino";
import { AnonymousAuthenticator, type Authenticator } from "../auth.ts";
import type { BrokerInstance } from "../broker.ts";
import { BrokerHost } from "../host.ts";
import { type BrokerLimits, defaultLimits } from "../limits.ts";
import { decodePublish, type PublishPacket } from "../protocol/publish-codec.ts";
import { memoryPair } from "../transport/memory.ts";

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
export const duplexPair = memoryPair;

type Packet = mqttPacket.Packet;

/** A raw MQTT client: sends exactly the packets a test builds, records every packet it gets. */
export class TestClient {
  readonly received: Packet[] = [];
  /** Every chunk received, for tests that check bytes on the wire (e.g. property order). */
  readonly bytes: Buffer[] = [];
  readonly closed: Promise<void>;
  private readonly stream: Duplex;
  private readonly parser: ReturnType<typeof mqttPacket.parser>;
  private waiters: Array<() => void> = [];
  private cursor = 0;
  isClosed = false;

  /** Connects to `host` over an in-memory pair, or speaks over `target` (e.g. a real socket). */
  constructor(
    target: BrokerHost | Duplex,
    readonly version: 3 | 4 | 5 = 5,
  ) {
    let clientSide: Duplex;
    if (target instanceof BrokerHost) {
      const [ours, serverSide] = duplexPair();
      clientSide = ours;
      target.handle(serverSide, { transport: "memory", remoteAddress: "memory" });
    } else {
      clientSide = target;
    }
    this.stream = clientSide;
    this.parser = mqttPacket.parser({ protocolVersion: version });
    this.parser.on("packet", (packet: Packet) => {
      this.received.push(packet);
      this.wake();
    });
    clientSide.on("data", (chunk: Buffer) => {
      this.bytes.push(chunk);
      this.parser.parse(chunk);
    });
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

  /** Every PUBLISH received so far, decoded from the wire bytes (user properties as ordered pairs). */
  wirePublishes(): PublishPacket[] {
    const all = Buffer.concat(this.bytes);
    const out: PublishPacket[] = [];
    let offset = 0;
    while (offset < all.length) {
      let remaining = 0;
      let multiplier = 1;
      let i = offset + 1;
      for (;;) {
        const byte = all[i++];
        remaining += (byte & 0x7f) * multiplier;
        if ((byte & 0x80) === 0) break;
        multiplier *= 128;
      }
      if (i + remaining > all.length) break; // the rest has not arrived yet
      if (all[offset] >> 4 === 3) out.push(decodePublish(all[offset], all.subarray(i, i + remaining), this.version));
      offset = i + remaining;
    }
    return out;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

/** Opens the clients of a test file and ends them all after each test (`afterEach(() => pool.endAll())`). */
export class ClientPool {
  private readonly open: TestClient[] = [];

  /** A client that has not sent CONNECT yet. */
  client(host: BrokerHost, version: 3 | 4 | 5 = 5): TestClient {
    const c = new TestClient(host, version);
    this.open.push(c);
    return c;
  }

  /** A client connected as `clientId`; fails unless the CONNACK accepts it. */
  async connect(host: BrokerHost, clientId: string, connect: Partial<mqttPacket.IConnectPacket> = {}, version: 3 | 4 | 5 = 5): Promise<TestClient> {
    const c = this.client(host, version);
    const connack = await c.connect({ clientId, ...connect });
    if ((connack.reasonCode ?? connack.returnCode ?? 0) !== 0) throw new Error(`CONNECT refused: ${JSON.stringify(connack)}`);
    return c;
  }

  endAll(): void {
    for (const c of this.open.splice(0)) c.end();
  }
}

// One client connection over any Duplex (TCP, TLS, WebSocket, or an in-memory pair in tests).
// Owns the byte stream, the packet reader, timers and per-connection protocol state; the
// handlers in handlers/ decide what packets mean. Everything runs on the connection's ordered
// packet path: packets are handled one at a time in arrival order; only CONNECT awaits
// (authentication), and packets behind it wait in a bounded backlog.
import type { Duplex } from "node:stream";
import type mqttPacket from "mqtt-packet";
import type { Logger } from "../logger.ts";
import type { Principal } from "./auth.ts";
import type { BrokerInstance } from "./broker.ts";
import { type ConnectionEnd, connectionLost } from "./disconnect-log.ts";
import { dispatch, handlePacketError } from "./handlers/index.ts";
import type { BrokerHost } from "./host.ts";
import type { Message, QoS } from "./message.ts";
import { encodeControl, type IncomingPacket, PacketReader } from "./protocol/codec.ts";
import { encodePublish, type PublishProperties, withPacketId } from "./protocol/publish-codec.ts";
import { ReasonCode } from "./protocol/reason-codes.ts";
import type { EncodeCache } from "./session/outgoing.ts";
import type { Session } from "./session/session.ts";
import { InboundTopicAliases, OutboundTopicAliases } from "./session/topic-aliases.ts";

export interface TransportInfo {
  transport: "tcp" | "tls" | "ws" | "wss" | "memory" | "internal";
  remoteAddress: string;
  /** TLS SNI server name, when the client sent one. */
  servername?: string;
  /** WebSocket request path, e.g. /mqtt/<namespace>/<broker>. */
  path?: string;
  /** Set by in-process clients the server has already authenticated: CONNECT takes it as is. */
  principal?: Principal;
}

/** Largest packet accepted before CONNECT tells us which broker's limits apply. */
const PRE_CONNECT_MAX_PACKET = 64 * 1024;
/** Packets read behind a CONNECT that is still being authenticated. */
const MAX_BACKLOG = 1000;
/** Until CONNECT negotiates them: a maximum of 0 allows no alias, so these never store anything. */
const NO_INBOUND_ALIASES = new InboundTopicAliases(0);
const NO_OUTBOUND_ALIASES = new OutboundTopicAliases(0);

export class Connection {
  state: "new" | "authenticating" | "connected" | "closed" = "new";
  clientId = "";
  broker: BrokerInstance | null = null;
  session: Session | null = null;
  principal: Principal | null = null;
  log: Logger;
  readonly reader = new PacketReader(PRE_CONNECT_MAX_PACKET);
  readonly connectedAt = Date.now();

  // Negotiated at CONNECT.
  /** Client's Receive Maximum: QoS 1/2 PUBLISHes we may have in flight to it [MQTT-3.3.4-9]. */
  sendQuota = 65535;
  /** Client's Maximum Packet Size: larger PUBLISHes are skipped [MQTT-3.1.2-24]. */
  clientMaxPacketSize = Number.POSITIVE_INFINITY;
  /** Request Problem Information [MQTT-3.1.2-29]: when false, acks carry no reason string. */
  problemInformation = true;
  inboundAliases = NO_INBOUND_ALIASES;
  outboundAliases = NO_OUTBOUND_ALIASES;
  /** False after a DISCONNECT with reason 0x00: the will is discarded [MQTT-3.1.2-10]. */
  publishWillOnClose = true;
  connackSent = false;
  /** The keep alive in force (seconds; the Server Keep Alive when the broker set one), 0 = none. */
  keepAliveSeconds = 0;
  /** How it is ending: set by the DISCONNECT of either side, before the close (disconnect-log.ts). */
  ending: ConnectionEnd | undefined;
  // Per connection, for the clients API: PUBLISH packets received from the client and sent to it.
  messagesIn = 0;
  messagesOut = 0;

  private backlog: IncomingPacket[] | null = null;
  private corked = false;
  private lastActivity = Date.now();
  private keepAliveMs = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Closes the connection when its credential expires (`closeAt`). */
  private expiryTimer: NodeJS.Timeout | undefined;
  private windowStart = Date.now();
  private packetsInWindow = 0;

  constructor(
    readonly stream: Duplex,
    readonly host: BrokerHost,
    readonly info: TransportInfo,
  ) {
    this.log = host.log.child({ remoteAddress: info.remoteAddress, transport: info.transport });
    stream.on("data", (chunk: Buffer) => this.onData(chunk));
    stream.on("error", (error) => {
      this.log.debug({ err: error }, "stream error");
      this.cleanup();
    });
    stream.on("close", () => this.cleanup());
    stream.on("end", () => this.cleanup());
    // [MQTT-3.1.4-?] a connection that does not send CONNECT in time is closed
    this.timer = setTimeout(() => this.onConnectTimeout(), host.connectTimeoutMs);
  }

  get version(): number {
    return this.reader.version;
  }

  /** Epoch ms of the last bytes received from the client. */
  get lastActivityAt(): number {
    return this.lastActivity;
  }

  /** Bytes written to the stream and not yet flushed to the network. */
  get writableLength(): number {
    return this.stream.writableLength;
  }

  private onData(chunk: Buffer): void {
    if (this.state === "closed") return;
    this.lastActivity = Date.now();
    if (this.broker) this.broker.stats.bytesReceived += chunk.length;
    try {
      this.reader.push(chunk, (packet) => this.onPacket(packet));
    } catch (error) {
      this.fail(error);
    }
  }

  private onPacket(packet: IncomingPacket): void {
    if (this.state === "closed") return;
    if (this.backlog !== null) {
      if (this.backlog.length >= MAX_BACKLOG) throw new Error("too many packets while authenticating");
      this.backlog.push(packet);
      return;
    }
    // Acks of our own deliveries are not counted: their rate is the rate we send at.
    if (this.broker && !answersDelivery(packet.cmd) && ++this.packetsInWindow > this.broker.limits.maxPacketsPerSecond) this.checkRate();
    dispatch(this, packet);
  }

  /** Called by the CONNECT handler around authentication: later packets wait, input pauses. */
  holdPackets(): void {
    this.backlog = [];
    this.stream.pause();
  }

  releasePackets(): void {
    const backlog = this.backlog ?? [];
    this.backlog = null;
    for (const packet of backlog) {
      if (this.state === "closed") return;
      dispatch(this, packet);
    }
    if (this.state !== "closed") this.stream.resume();
  }

  /** [DESIGN §3] packets per second per client; more is 0x96 Message rate too high. */
  private checkRate(): void {
    const now = Date.now();
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.packetsInWindow = 1;
      return;
    }
    this.disconnect(ReasonCode.MessageRateTooHigh, `more than ${this.broker!.limits.maxPacketsPerSecond} packets per second`);
  }

  /** Starts keep-alive supervision: 1.5 × the keep alive without a packet closes [MQTT-3.1.2-22]. */
  startKeepAlive(seconds: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.keepAliveSeconds = seconds;
    this.keepAliveMs = seconds * 1500;
    if (this.keepAliveMs > 0) this.armKeepAlive(this.keepAliveMs);
  }

  private armKeepAlive(delay: number): void {
    this.timer = setTimeout(() => {
      const idle = Date.now() - this.lastActivity;
      if (idle >= this.keepAliveMs) this.disconnect(ReasonCode.KeepAliveTimeout, "keep alive timeout");
      else this.armKeepAlive(this.keepAliveMs - idle);
    }, delay);
    this.timer.unref();
  }

  /**
   * [DESIGN §4] A connection does not outlive its credential: at `expiresAt` (epoch ms) it is
   * closed, for MQTT 5 with DISCONNECT 0xA0 Maximum connect time (3.1.1 has no server DISCONNECT).
   */
  closeAt(expiresAt: number): void {
    // setTimeout cannot wait longer than ~24.8 days; a later deadline re-arms.
    const delay = Math.min(Math.max(0, expiresAt - Date.now()), 2 ** 31 - 1);
    this.expiryTimer = setTimeout(() => {
      if (Date.now() < expiresAt) this.closeAt(expiresAt);
      else this.disconnect(ReasonCode.MaximumConnectTime, "credential expired");
    }, delay);
    this.expiryTimer.unref();
  }

  private onConnectTimeout(): void {
    if (this.state !== "new" && this.state !== "authenticating") return;
    this.log.info("closing: no CONNECT within the connect timeout");
    this.destroy();
  }

  /** Queues bytes for the socket; writes of one tick go out together (cork/uncork). */
  write(buffer: Buffer): void {
    if (this.state === "closed" || this.stream.destroyed) return;
    if (!this.corked) {
      this.corked = true;
      this.stream.cork();
      process.nextTick(uncork, this);
    }
    this.stream.write(buffer);
    if (this.broker) this.broker.stats.bytesSent += buffer.length;
  }

  /** Encodes and writes a control packet, honouring Request Problem Information and the client's Maximum Packet Size. */
  send(packet: mqttPacket.Packet): void {
    if (!this.problemInformation && packet.cmd !== "connack" && packet.cmd !== "disconnect") {
      // [MQTT-3.1.2-29] no reason string or user properties on other packets when the client asked so
      packet = withoutReason(packet);
    }
    let buffer = encodeControl(packet, this.version);
    // [MQTT-3.1.2-24] e.g. [MQTT-3.14.2-3]: the reason string and user properties are the parts
    // left out when a packet would otherwise exceed the client's Maximum Packet Size.
    if (buffer.length > this.clientMaxPacketSize) buffer = encodeControl(withoutReason(packet), this.version);
    this.write(buffer);
  }

  sendPubrel(packetId: number): void {
    this.send({ cmd: "pubrel", messageId: packetId });
  }

  /**
   * Writes one PUBLISH to this client. Returns false when the message is larger than the
   * client's Maximum Packet Size and was skipped (counted as "too_large") [MQTT-3.1.2-25].
   */
  sendPublish(message: Message, qos: QoS, retain: boolean, subscriptionIds: number[] | undefined, packetId: number, dup: boolean, cache: EncodeCache | undefined): boolean {
    const v5 = this.version === 5;
    // [MQTT-3.3.2-6] forward the remaining lifetime, not the original interval
    const expiry = v5 && message.expiresAt !== undefined ? Math.max(1, Math.ceil((message.expiresAt - Date.now()) / 1000)) : undefined;
    const alias = v5 && this.outboundAliases.enabled ? this.outboundAliases.lookup(message.topic) : undefined;
    let buffer: Buffer;
    if (alias === undefined && cache !== undefined) {
      if (!cache.matches(v5, qos, retain, subscriptionIds, expiry)) {
        cache.store(this.encode(message, qos, retain, subscriptionIds, expiry, 1, false, undefined), v5, qos, retain, subscriptionIds, expiry);
      }
      buffer = qos === 0 ? cache.buffer! : withPacketId(cache.buffer!, packetId, dup);
    } else {
      buffer = this.encode(message, qos, retain, subscriptionIds, expiry, packetId, dup, alias);
    }
    if (buffer.length > this.clientMaxPacketSize) {
      if (alias?.sendTopic) this.outboundAliases.forget(message.topic);
      this.broker?.stats.drop("too_large");
      return false;
    }
    this.write(buffer);
    this.messagesOut++;
    if (this.broker) this.broker.stats.messagesSent++;
    return true;
  }

  private encode(message: Message, qos: QoS, retain: boolean, subscriptionIds: number[] | undefined, expiry: number | undefined, packetId: number, dup: boolean, alias: { alias: number; sendTopic: boolean } | undefined): Buffer {
    let properties: PublishProperties | undefined;
    if (this.version === 5) {
      // Plain assignments, not a spread: a literal starting with a spread takes V8's slow path,
      // per message (docs/benchmarks.md).
      const p = message.properties;
      properties = {
        payloadFormatIndicator: p.payloadFormatIndicator,
        contentType: p.contentType,
        responseTopic: p.responseTopic,
        correlationData: p.correlationData,
        userProperties: p.userProperties,
        messageExpiryInterval: expiry,
        subscriptionIdentifiers: subscriptionIds,
        topicAlias: alias?.alias,
      };
    }
    const topic = alias && !alias.sendTopic ? "" : message.topic;
    return encodePublish({ topic, payload: message.payload, qos, retain, dup, packetId, properties }, this.version);
  }

  /**
   * Server-initiated close with a reason [MQTT-3.14.2]: MQTT 5 clients get a DISCONNECT with
   * the reason code and string (or a CONNACK if CONNECT was not answered yet); 3.1.1 clients
   * are just closed, since 3.1.1 has no server DISCONNECT.
   */
  disconnect(reasonCode: number, reason: string): void {
    if (this.state === "closed") return;
    this.log.info({ reasonCode: `0x${reasonCode.toString(16)}`, reason }, "disconnecting client");
    this.ending = { by: "server", reasonCode, reason };
    if (this.version === 5 && this.connackSent) {
      this.send({ cmd: "disconnect", reasonCode, properties: { reasonString: reason } });
    }
    this.end();
  }

  /** Flushes what was written, then closes; the cleanup runs now so state is consistent at once. */
  end(): void {
    this.cleanup();
    this.stream.end();
    // A peer that never reads must not keep the socket open forever.
    setTimeout(() => this.stream.destroy(), 2000).unref();
  }

  destroy(): void {
    this.cleanup();
    this.stream.destroy();
  }

  /** Any error on the packet path ends up here (STYLE rule 1); see handlers/index.ts. */
  fail(error: unknown): void {
    handlePacketError(this, error);
  }

  /** Runs once: detaches the session (will and expiry clocks start), releases counters, logs how it ended. */
  private cleanup(): void {
    if (this.state === "closed") return;
    const wasConnected = this.state === "connected";
    this.state = "closed";
    if (this.timer) clearTimeout(this.timer);
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.host.forget(this);
    if (this.broker && wasConnected) {
      this.broker.connections.delete(this);
      this.broker.stats.connections--;
      // The server's own in-process clients (HTTP streams) come and go under fresh IDs: not devices.
      if (this.info.transport !== "internal") this.broker.disconnects.record(this, this.ending ?? connectionLost);
    }
    if (this.session && this.session.connection === this) this.session.detach(this.publishWillOnClose);
    if (wasConnected) this.log.info("client disconnected");
  }
}

/** The packet without its reason string and user properties. */
function withoutReason(packet: mqttPacket.Packet): mqttPacket.Packet {
  if (!("properties" in packet) || !packet.properties) return packet;
  const { reasonString: _r, userProperties: _u, ...rest } = packet.properties as Record<string, unknown>;
  return { ...packet, properties: rest } as mqttPacket.Packet;
}

function answersDelivery(cmd: IncomingPacket["cmd"]): boolean {
  return cmd === "puback" || cmd === "pubrec" || cmd === "pubcomp";
}

function uncork(conn: Connection): void {
  conn["corked"] = false;
  conn.stream.uncork();
}

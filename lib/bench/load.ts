// The generator's MQTT clients over raw sockets: publishers that pipeline pre-encoded PUBLISH
// batches (flat out with backpressure, or paced to a rate), subscribers that count deliveries and
// record latency from the payload timestamps, and plain connections for the idle test. They all
// run in the load runner process (load-runner.ts), pinned to the core the broker does not use.
// An InFlightWindow optionally closes the loop between publishers and subscribers.
import net from "node:net";
import { performance } from "node:perf_hooks";
import type { Histogram } from "./histogram.ts";
import { encodeConnect, encodeDisconnect, encodePuback, encodeSubscribe, type FrameHandler, FrameParser, type MqttVersion, nextPacketId, PacketType, type PayloadFormat, PublishTemplate } from "./wire.ts";

/** Bytes per message payload, the send time included. */
const PAYLOAD_BYTES = 64;
/** Messages per write when publishing flat out. */
const BATCH = 64;
/** Batches written per event-loop turn before yielding, so subscribers in this process get read. */
const BATCHES_PER_TURN = 16;
/** QoS 1 messages a publisher keeps in flight (well under both brokers' Receive Maximum). */
const QOS1_WINDOW = 100;

/**
 * Caps the QoS 0 messages published but not yet received, over all publishers and subscribers
 * sharing it (fan-in: one copy per message). Without it a flat-out publisher is held back only by
 * TCP, and a broker that sheds load instead of pushing back (a full hook backlog refuses QoS 0
 * publishes) would be measured at what it reads, not at what it delivers.
 */
export class InFlightWindow {
  private inFlight = 0;
  private waiting: Array<() => void> = [];

  constructor(private readonly size: number) {}

  /** Takes room for `count` messages; when there is none, `resume` is called once some is freed. */
  take(count: number, resume: () => void): boolean {
    if (this.inFlight + count > this.size) {
      this.waiting.push(resume);
      return false;
    }
    this.inFlight += count;
    return true;
  }

  release(count: number): void {
    this.inFlight -= count;
    if (this.waiting.length === 0 || this.inFlight + BATCH > this.size) return;
    const waiting = this.waiting;
    this.waiting = [];
    for (const resume of waiting) resume();
  }
}

/** One MQTT connection: CONNECT → CONNACK on open, then whatever the subclass does with packets. */
export class BenchClient implements FrameHandler {
  /** Set when the broker refused or closed the connection while it was in use. */
  error: string | undefined;
  protected socket!: net.Socket;
  private readonly parser: FrameParser;
  private waiting: { type: number; resolve: () => void; reject: (error: Error) => void } | undefined;
  private closing = false;

  constructor(
    readonly clientId: string,
    protected readonly version: MqttVersion,
  ) {
    this.parser = new FrameParser(version, this);
  }

  async connect(port: number): Promise<void> {
    this.socket = net.connect({ port, host: "127.0.0.1", noDelay: true });
    this.socket.on("data", (chunk: Buffer) => this.onData(chunk));
    this.socket.on("error", (error) => this.fail(error.message));
    this.socket.on("close", () => this.fail("connection closed by the broker"));
    const connack = this.expect(PacketType.connack);
    this.socket.write(encodeConnect(this.clientId, this.version, 0));
    await connack;
  }

  close(): void {
    this.closing = true;
    if (!this.socket.destroyed) this.socket.end(encodeDisconnect(this.version));
  }

  protected onData(chunk: Buffer): void {
    this.parser.push(chunk);
  }

  /** Resolves when the next packet of `type` arrives (CONNACK, SUBACK). */
  protected expect(type: number): Promise<void> {
    return new Promise((resolve, reject) => (this.waiting = { type, resolve, reject }));
  }

  publish(_qos: number, _packetId: number, _sentAt: number): void {}

  control(type: number, body: Buffer, start: number, end: number): void {
    if (type === PacketType.disconnect) {
      this.fail(`broker sent DISCONNECT, reason 0x${(body[start] ?? 0).toString(16).padStart(2, "0")}`);
      return;
    }
    if (this.waiting?.type !== type) return;
    // CONNACK: flags, reason code. SUBACK: packet id, [properties], one reason code per filter (the last byte here).
    const code = type === PacketType.connack ? body[start + 1] : body[end - 1];
    if (code >= 0x80 || (type === PacketType.connack && code !== 0)) {
      this.fail(`refused with 0x${code.toString(16)}`);
      return;
    }
    this.waiting.resolve();
    this.waiting = undefined;
  }

  private fail(reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.error ??= `${this.clientId}: ${reason}`;
    this.waiting?.reject(new Error(this.error));
    this.waiting = undefined;
    this.socket.destroy();
  }
}

/** Counts deliveries and records their latency into a shared histogram; acks QoS 1. */
export class Subscriber extends BenchClient {
  received = 0;
  private receivedAt = 0;
  private acks = Buffer.allocUnsafe(4096);
  private ackBytes = 0;

  constructor(
    clientId: string,
    version: MqttVersion,
    private readonly latency: Histogram,
    private readonly window?: InFlightWindow,
  ) {
    super(clientId, version);
  }

  async subscribe(filter: string, qos: 0 | 1): Promise<void> {
    const suback = this.expect(PacketType.suback);
    this.socket.write(encodeSubscribe(1, filter, qos, this.version));
    await suback;
  }

  protected override onData(chunk: Buffer): void {
    // One clock read per chunk: every message in it arrived at the same moment.
    this.receivedAt = performance.now();
    const before = this.received;
    super.onData(chunk);
    if (this.received > before) this.window?.release(this.received - before);
    if (this.ackBytes > 0) {
      this.socket.write(Buffer.from(this.acks.subarray(0, this.ackBytes)));
      this.ackBytes = 0;
    }
  }

  override publish(qos: number, packetId: number, sentAt: number): void {
    this.received++;
    this.latency.record(this.receivedAt - sentAt);
    if (qos === 0) return;
    if (this.ackBytes + 4 > this.acks.length) {
      const grown = Buffer.allocUnsafe(this.acks.length * 2);
      this.acks.copy(grown, 0, 0, this.ackBytes);
      this.acks = grown;
    }
    encodePuback(packetId).copy(this.acks, this.ackBytes);
    this.ackBytes += 4;
  }
}

/**
 * Publishes one topic. QoS 0 runs flat out: it writes batches while the socket accepts them (and
 * the window, if any, has room) and waits for 'drain'. QoS 1 keeps QOS1_WINDOW messages in flight
 * and refills as PUBACKs arrive.
 */
export class Publisher extends BenchClient {
  sent = 0;
  acked = 0;
  /** PUBACKs with an error reason code (MQTT 5), e.g. 0x97 Quota exceeded. */
  refused = 0;
  private stopped = true;
  private nextId = 1;
  private readonly template: PublishTemplate;
  private readonly window: InFlightWindow | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    clientId: string,
    version: MqttVersion,
    topic: string,
    private readonly qos: 0 | 1,
    options: { payload?: PayloadFormat; window?: InFlightWindow } = {},
  ) {
    super(clientId, version);
    this.template = new PublishTemplate(topic, PAYLOAD_BYTES, qos, version, options.payload);
    this.window = options.window;
  }

  /** Starts publishing as fast as the broker takes the messages. */
  start(): void {
    this.stopped = false;
    if (this.qos === 0) this.pump();
    else this.refill();
  }

  /** Starts publishing `rate` messages per second, sent in small batches on a 1 ms timer. */
  startPaced(rate: number): void {
    this.stopped = false;
    const startedAt = performance.now();
    this.timer = setInterval(() => {
      const now = performance.now();
      const due = Math.floor(((now - startedAt) * rate) / 1000) - this.sent;
      if (due <= 0 || this.error) return;
      this.socket.write(this.template.batch(due, now));
      this.sent += due;
    }, 1);
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  private readonly pump = (): void => {
    for (let i = 0; i < BATCHES_PER_TURN; i++) {
      if (this.stopped || this.error) return;
      if (this.window && !this.window.take(BATCH, this.pump)) return;
      this.sent += BATCH;
      if (!this.socket.write(this.template.batch(BATCH, performance.now()))) {
        this.socket.once("drain", this.pump);
        return;
      }
    }
    setImmediate(this.pump);
  };

  protected override onData(chunk: Buffer): void {
    super.onData(chunk);
    if (this.qos === 1) this.refill();
  }

  override control(type: number, body: Buffer, start: number, end: number): void {
    if (type === PacketType.puback) {
      this.acked++;
      if (end - start > 2 && body[start + 2] >= 0x80) this.refused++;
    } else super.control(type, body, start, end);
  }

  private refill(): void {
    const room = QOS1_WINDOW - (this.sent - this.acked);
    if (this.stopped || this.error || room <= 0) return;
    this.socket.write(this.template.batch(room, performance.now(), this.nextId));
    this.nextId = nextPacketId(this.nextId, room);
    this.sent += room;
  }
}

// Integration-test fixture: a real Sluice server on free ports (MQTT, MQTTS, HTTP/WS, HTTPS/WSS)
// with a throwaway data directory and a self-signed certificate, plus MQTT.js helpers that
// wait for events instead of sleeping. One server per test file; stop() cleans everything up.
// Tests read `broker` state only where no client can observe it (a session gone, a WS path).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import net from "node:net";
import mqtt, { type IClientOptions, type IConnackPacket, type MqttClient, type Packet } from "mqtt";
import type { BrokerInstance } from "../../broker/broker.ts";
import { TestClient } from "../../broker/test/harness.ts";
import { loadConfig } from "../../config.ts";
import { createLogger } from "../../logger.ts";
import { openStore } from "../../store/index.ts";
import { type RunningServer, startServer } from "../server.ts";

export const HOST = "127.0.0.1";

export type Transport = "mqtt" | "mqtts" | "ws" | "wss";

export interface TestServer {
  server: RunningServer;
  /** The default/default broker that anonymous clients land on. */
  broker: BrokerInstance;
  ports: Required<RunningServer["ports"]>;
  /** The self-signed server certificate (PEM file), the only CA clients trust. */
  caFile: string;
  /** Connects an MQTT.js client (MQTT 5 unless told otherwise); stop() ends it. */
  connect(options?: IClientOptions, transport?: Transport): Promise<MqttClient>;
  /** Like connect(), with the CONNACK; rejects with the client's error when CONNECT is refused. */
  connectWithAck(options?: IClientOptions, transport?: Transport): Promise<{ client: MqttClient; connack: IConnackPacket }>;
  /** A raw client over TCP that sends exactly the packets a test builds (protocol edge cases). */
  raw(version?: 4 | 5): TestClient;
  stop(): Promise<void>;
}

/** Starts a server as `sluice up --allow-anonymous` would, on ports chosen by the OS. */
export async function startTestServer(): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), "sluice-it-"));
  const { certFile, keyFile } = createSelfSignedCert(dir);
  const dataDir = join(dir, "data");
  cpSync(await migratedTemplate(), dataDir, { recursive: true });
  const config = loadConfig({ host: HOST, mqttPort: 0, httpPort: 0, mqttsPort: 0, httpsPort: 0, tlsCert: certFile, tlsKey: keyFile, dataDir, allowAnonymous: true }, {});
  const server = await startServer(config, createLogger(process.env.TEST_LOG_LEVEL ?? "silent"));
  const { mqtt: mqttPort, http, mqtts, https } = server.ports;
  if (mqtts === undefined || https === undefined) throw new Error("TLS listeners did not start");
  const ports = { mqtt: mqttPort, http, mqtts, https };
  const ca = readFileSync(certFile);
  const clients = new Set<MqttClient>();
  const rawClients = new Set<TestClient>();

  const url = (transport: Transport = "mqtt") => {
    switch (transport) {
      case "mqtt":
        return `mqtt://${HOST}:${ports.mqtt}`;
      case "mqtts":
        return `mqtts://${HOST}:${ports.mqtts}`;
      case "ws":
        return `ws://${HOST}:${ports.http}/mqtt`;
      case "wss":
        return `wss://${HOST}:${ports.https}/mqtt`;
    }
  };

  const testServer: TestServer = {
    server,
    broker: server.host.getBroker("default", "default")!,
    ports,
    caFile: certFile,
    async connect(options = {}, transport = "mqtt") {
      return (await testServer.connectWithAck(options, transport)).client;
    },
    async connectWithAck(options = {}, transport = "mqtt") {
      const secure = transport === "mqtts" || transport === "wss";
      const client = mqtt.connect(url(transport), {
        protocolVersion: 5,
        reconnectPeriod: 0, // a test decides when to reconnect
        connectTimeout: 5000,
        ...(secure && { ca, rejectUnauthorized: true }),
        ...options,
      });
      clients.add(client);
      inboxes.set(client, new Inbox(client)); // before CONNACK: a resumed session delivers right after it
      const connack = await new Promise<IConnackPacket>((resolve, reject) => {
        client.once("connect", resolve);
        client.once("error", reject);
      });
      // Errors after CONNACK (e.g. a server DISCONNECT) are asserted by the tests that expect them.
      client.on("error", () => {});
      return { client, connack };
    },
    raw(version = 5) {
      const client = new TestClient(net.connect(ports.mqtt, HOST), version);
      rawClients.add(client);
      return client;
    },
    async stop() {
      await Promise.all([...clients].map((c) => c.endAsync(true).catch(() => {})));
      for (const c of rawClients) c.end();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return testServer;
}

/**
 * A data directory whose store is already migrated. Creating a PGlite cluster takes several
 * seconds, copying one well under one, so each test server starts from a copy. The template is
 * cached in the OS temp dir per migration set, shared by test files and runs.
 */
async function migratedTemplate(): Promise<string> {
  const migrations = fileURLToPath(new URL("../../store/migrations", import.meta.url));
  const hash = createHash("sha256");
  for (const file of readdirSync(migrations, { recursive: true, encoding: "utf8" }).sort()) {
    const path = join(migrations, file);
    if (statSync(path).isFile()) hash.update(file).update(readFileSync(path));
  }
  const template = join(tmpdir(), `sluice-it-template-${hash.digest("hex").slice(0, 16)}`);
  if (existsSync(template)) return template;
  const building = mkdtempSync(join(tmpdir(), "sluice-it-building-"));
  const store = await openStore({ dataDir: building });
  await store.close();
  try {
    renameSync(building, template); // atomic: a parallel test file that got there first wins
  } catch {
    rmSync(building, { recursive: true, force: true });
  }
  return template;
}

/** A P-256 certificate for localhost and 127.0.0.1, valid for a day. */
function createSelfSignedCert(dir: string): { certFile: string; keyFile: string } {
  const certFile = join(dir, "cert.pem");
  const keyFile = join(dir, "key.pem");
  // prettier-ignore
  execFileSync("/usr/bin/openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
    "-days", "1", "-keyout", keyFile, "-out", certFile,
  ], { stdio: "ignore" });
  return { certFile, keyFile };
}

/** A received PUBLISH as a test compares it: topic, payload text and the whole packet. */
export interface Received {
  topic: string;
  payload: string;
  packet: mqtt.IPublishPacket;
}

const inboxes = new WeakMap<MqttClient, Inbox>();

/** Every message a fixture client has received since it connected (see Inbox). */
export function inbox(client: MqttClient): Inbox {
  const found = inboxes.get(client);
  if (!found) throw new Error("not a client of the test server");
  return found;
}

/**
 * Records every message a client receives; `take(n)` waits for the next n not yet taken.
 * Messages are consumed in arrival order, so a test can assert ordering and absence.
 */
class Inbox {
  readonly all: Received[] = [];
  private cursor = 0;

  constructor(client: MqttClient) {
    client.on("message", (topic, payload, packet) => {
      this.all.push({ topic, payload: payload.toString(), packet });
    });
  }

  /** The next `count` messages, failing after `timeoutMs` with what did arrive. */
  async take(count = 1, timeoutMs = 3000): Promise<Received[]> {
    await waitFor(() => this.all.length - this.cursor >= count, timeoutMs, () => `expected ${count} more message(s), got ${JSON.stringify(this.pending())}`);
    const taken = this.all.slice(this.cursor, this.cursor + count);
    this.cursor += count;
    return taken;
  }

  async one(timeoutMs?: number): Promise<Received> {
    return (await this.take(1, timeoutMs))[0];
  }

  /** Fails if a message arrives within `ms` (use after a marker message to keep it short). */
  async none(ms = 200): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    if (this.all.length > this.cursor) throw new Error(`unexpected message(s): ${JSON.stringify(this.pending())}`);
  }

  private pending() {
    return this.all.slice(this.cursor).map((m) => ({ topic: m.topic, payload: m.payload }));
  }
}

/** Resolves with the first packet of `cmd` the client receives from now on. */
export function nextPacket<C extends Packet["cmd"]>(client: MqttClient, cmd: C, timeoutMs = 3000): Promise<Extract<Packet, { cmd: C }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off("packetreceive", onPacket);
      reject(new Error(`timed out waiting for ${cmd}`));
    }, timeoutMs);
    const onPacket = (packet: Packet) => {
      if (packet.cmd !== cmd) return;
      clearTimeout(timer);
      client.off("packetreceive", onPacket);
      resolve(packet as Extract<Packet, { cmd: C }>);
    };
    client.on("packetreceive", onPacket);
  });
}

/** Resolves when the client's connection closes. */
export function closed(client: MqttClient, timeoutMs = 3000): Promise<void> {
  if (!client.connected) return Promise.resolve(); // fixture clients never reconnect by themselves
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timed out waiting for the connection to close")), timeoutMs);
    client.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Polls until `condition` holds; throws with `describe()` after `timeoutMs`. For state without
 * an event of its own, e.g. "the subscription exists" or "n messages arrived".
 */
export async function waitFor(condition: () => boolean, timeoutMs = 3000, describe: () => string = () => "condition not met"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() >= deadline) throw new Error(`timed out: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A unique topic prefix per test, so tests in one file never see each other's messages. */
let topicCounter = 0;
export function uniqueTopic(name: string): string {
  return `it/${process.pid}/${++topicCounter}/${name}`;
}

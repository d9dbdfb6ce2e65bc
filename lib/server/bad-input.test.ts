// Bad input is normal input: thousands of random, truncated and mutated packets over real
// sockets must never crash the server, never hit an internal error, and never leave a
// connection behind — and afterwards a normal client still round-trips.
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import mqtt from "mqtt";
import mqttPacket, { type Packet } from "mqtt-packet";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config.ts";
import { startServer, type RunningServer } from "./server.ts";

const cases = 3000;
const concurrency = 25;

/** mulberry32: a small seeded PRNG, so a failure can be replayed. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const connect = (protocolVersion: 4 | 5): Packet => ({
  cmd: "connect", protocolId: "MQTT", protocolVersion, clean: true, keepalive: 30, clientId: `fuzz-${protocolVersion}`,
  will: { topic: "will/t", payload: Buffer.from("bye"), qos: 1, retain: false },
  ...(protocolVersion === 5 ? { properties: { sessionExpiryInterval: 10, receiveMaximum: 5, topicAliasMaximum: 3, userProperties: { a: "b" } } } : {}),
} as Packet);

/** Valid packets of every kind a client sends, MQTT 5 and 3.1.1: the seeds for mutation. */
function corpus(version: 4 | 5): Buffer[] {
  const v5 = version === 5;
  const packets: Packet[] = [
    connect(version),
    { cmd: "publish", topic: "a/b", payload: Buffer.from("hello"), qos: 0, retain: false, dup: false },
    { cmd: "publish", topic: "a/b", payload: Buffer.from("x".repeat(40)), qos: 1, messageId: 7, retain: true, dup: false, ...(v5 ? { properties: { topicAlias: 1, contentType: "text/plain", userProperties: { k: "v" }, messageExpiryInterval: 5, responseTopic: "r", correlationData: Buffer.from("c") } } : {}) },
    { cmd: "publish", topic: "q/2", payload: Buffer.from([0, 1, 2]), qos: 2, messageId: 9, retain: false, dup: false },
    { cmd: "subscribe", messageId: 3, subscriptions: [{ topic: "a/#", qos: 1, ...(v5 ? { nl: true, rap: true, rh: 1 } : {}) }, { topic: "$share/g/x/+", qos: 2 }], ...(v5 ? { properties: { subscriptionIdentifier: 4 } } : {}) },
    { cmd: "unsubscribe", messageId: 4, unsubscriptions: ["a/#", "x"] },
    { cmd: "puback", messageId: 1 },
    { cmd: "pubrec", messageId: 1 },
    { cmd: "pubrel", messageId: 9 },
    { cmd: "pubcomp", messageId: 1 },
    { cmd: "pingreq" },
    { cmd: "disconnect", ...(v5 ? { reasonCode: 4, properties: { sessionExpiryInterval: 5 } } : {}) },
  ] as Packet[];
  if (v5) packets.push({ cmd: "auth", reasonCode: 0x18, properties: { authenticationMethod: "m" } } as Packet);
  return packets.map((p) => mqttPacket.generate(p, { protocolVersion: version }));
}

/** One bad input: the bytes a fuzz client sends on one connection. */
function badInput(random: () => number): Buffer {
  const int = (n: number) => Math.floor(random() * n);
  const version = random() < 0.5 ? 4 : 5;
  const seeds = corpus(version);
  const valid = () => seeds[1 + int(seeds.length - 1)];
  const mutate = (bytes: Buffer) => {
    const copy = Buffer.from(bytes);
    for (let i = 1 + int(4); i > 0; i--) copy[int(copy.length)] = int(256);
    return copy;
  };
  switch (int(7)) {
    case 0: // random garbage
      return Buffer.from(Array.from({ length: int(96) }, () => int(256)));
    case 1: // a mutated CONNECT
      return mutate(seeds[0]);
    case 2: // a truncated CONNECT
      return seeds[0].subarray(0, int(seeds[0].length));
    case 3: // a good CONNECT, then mutated packets
      return Buffer.concat([seeds[0], ...Array.from({ length: 1 + int(5) }, () => mutate(valid()))]);
    case 4: // a good CONNECT, then a truncated packet
      return Buffer.concat([seeds[0], valid().subarray(0, 1 + int(8))]);
    case 5: // a good CONNECT, then a packet claiming a huge remaining length
      return Buffer.concat([seeds[0], Buffer.from([0x30, 0xff, 0xff, 0xff, 0x7f]), Buffer.alloc(int(32))]);
    default: // a good CONNECT, then valid packets in a random order (protocol violations included)
      return Buffer.concat([seeds[0], ...Array.from({ length: 1 + int(8) }, valid)]);
  }
}

/** Sends `bytes`, half-closes, and resolves once the server has closed the connection too. */
function send(port: number, bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.end(bytes));
    socket.on("data", () => {});
    socket.on("error", () => {});
    socket.on("close", () => resolve());
    socket.setTimeout(5000, () => socket.destroy());
  });
}

describe("bad input over real sockets", () => {
  let server: RunningServer;
  let dataDir: string;
  const errors: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "sluice-fuzz-"));
    // Capture error-level log lines: an internal error on the packet path is a bug.
    const sink = new Writable({
      write(chunk, _encoding, done) {
        const line = JSON.parse(chunk.toString()) as { level: number; msg: string };
        if (line.level >= 50) errors.push(chunk.toString());
        done();
      },
    });
    const log = pino({ level: "error" }, sink);
    server = await startServer(loadConfig({ host: "127.0.0.1", mqttPort: 0, httpPort: 0, dataDir, allowAnonymous: true, sysIntervalSeconds: 0 }, {}), log);
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`survives ${cases} random, truncated and mutated packet streams, then serves a normal client`, async () => {
    const random = prng(0x5eed);
    const inputs = Array.from({ length: cases }, () => badInput(random));
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < inputs.length) await send(server.ports.mqtt, inputs[next++]);
      }),
    );

    expect(errors).toEqual([]);
    await expect.poll(() => server.host.connectionCount, { timeout: 5000 }).toBe(0);

    for (const protocolVersion of [5, 4] as const) {
      const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${server.ports.mqtt}`, { protocolVersion });
      const received = new Promise<string>((resolve) => client.once("message", (topic, payload) => resolve(`${topic} ${payload}`)));
      await client.subscribeAsync("after/fuzz", { qos: 1 });
      await client.publishAsync("after/fuzz", "still here", { qos: 1 });
      expect(await received).toBe("after/fuzz still here");
      await client.endAsync();
    }
  }, 120_000);
});

// What operators watch: /healthz, Prometheus metrics at /metrics, and structured log lines that
// name the client and the broker.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import mqtt from "mqtt";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config.ts";
import { startServer, type RunningServer } from "./server.ts";

describe("observability", () => {
  let server: RunningServer;
  let dataDir: string;
  const lines: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "sluice-obs-"));
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    });
    server = await startServer(loadConfig({ host: "127.0.0.1", mqttPort: 0, httpPort: 0, dataDir, allowAnonymous: true }, {}), pino({ level: "info" }, sink));
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const http = (route: string) => fetch(`http://127.0.0.1:${server.ports.http}${route}`);

  it("answers /healthz once ready, and 404 in the API's error shape elsewhere", async () => {
    const health = await http("/healthz");
    expect([health.status, await health.json()]).toEqual([200, { status: "ok" }]);
    const missing = await http("/nope");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: "not_found", message: "no route for GET /nope" } });
  });

  it("exports per-broker counters and drops by reason at /metrics", async () => {
    const url = `mqtt://127.0.0.1:${server.ports.mqtt}`;
    const subscriber = await mqtt.connectAsync(url, { protocolVersion: 5, clientId: "metrics-sub" });
    const publisher = await mqtt.connectAsync(url, { protocolVersion: 5, clientId: "metrics-pub" });
    const got = new Promise((resolve) => subscriber.once("message", resolve));
    await subscriber.subscribeAsync("m/t", { qos: 1 });
    await publisher.publishAsync("m/t", "one", { qos: 1 });
    await publisher.publishAsync("nobody/here", "two", { qos: 1 });
    await got;

    const response = await http("/metrics");
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = await response.text();
    const value = (metric: string) => Number(new RegExp(`^${metric.replace(/[{}]/g, "\\$&")} (\\S+)$`, "m").exec(text)?.[1]);
    expect(value('sluice_connections{broker="default/default"}')).toBe(2);
    expect(value('sluice_subscriptions{broker="default/default"}')).toBe(1);
    expect(value('sluice_messages_received_total{broker="default/default"}')).toBe(2);
    expect(value('sluice_messages_sent_total{broker="default/default"}')).toBe(1);
    expect(value('sluice_messages_dropped_total{broker="default/default",reason="no_subscribers"}')).toBe(1);
    expect(value("sluice_process_resident_memory_bytes")).toBeGreaterThan(0);
    await Promise.all([subscriber.endAsync(), publisher.endAsync()]);
  });

  it("logs connection events with client id and broker", async () => {
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${server.ports.mqtt}`, { protocolVersion: 5, clientId: "logged-device" });
    await client.endAsync();
    await expect.poll(() => lines.find((l) => l.msg === "client disconnected" && l.clientId === "logged-device")).toBeDefined();
    const connected = lines.find((l) => l.msg === "client connected" && l.clientId === "logged-device");
    expect(connected).toMatchObject({ broker: "default/default", transport: "tcp", protocolVersion: 5 });
    expect(connected?.remoteAddress).toMatch(/^127\.0\.0\.1/);
  });
});

// `sluice up` as a user runs it: configuration errors, taken ports, and a graceful restart that
// keeps retained messages, persistent sessions and their queued messages.
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import mqtt from "mqtt";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, startCli } from "./test/cli-process.ts";

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "sluice-up-"));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("sluice up", () => {
  it("fails at once with one line naming the flag when a port is taken", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "0.0.0.0", resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const result = await runCli(["up", "--no-console", "--mqtt-port", String(port), "--http-port", "0", "--data-dir", dataDir()]);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`sluice: port ${port} is already in use: choose another with --mqtt-port\n`);
    } finally {
      blocker.close();
    }
  });

  it("fails at once when the console's port is taken, before starting anything", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "0.0.0.0", resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const result = await runCli(["up", "--console-port", String(port), "--mqtt-port", "0", "--http-port", "0", "--data-dir", dataDir()]);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`sluice: port ${port} is already in use: choose another with --console-port\n`);
      expect(result.stdout).not.toContain("sluice server listening");
    } finally {
      blocker.close();
    }
  });

  it("rejects invalid settings, naming flag and environment variable", async () => {
    const result = await runCli(["up", "--no-console", "--tls-cert", "cert.pem"], { SLUICE_HTTP_PORT: "eighty" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("--http-port (SLUICE_HTTP_PORT)");
    expect(result.stderr).toContain("--http-port (SLUICE_HTTP_PORT): must be a port number (0-65535)");
    expect(result.stderr).toContain("--tls-cert (SLUICE_TLS_CERT) and --tls-key (SLUICE_TLS_KEY) must be given together");
  });

  it("keeps retained messages, persistent sessions and queued QoS 1 messages across SIGTERM", async () => {
    const dir = dataDir();
    let server = await startCli(["--allow-anonymous", "--data-dir", dir, "--log-level", "info"]);
    const url = () => `mqtt://127.0.0.1:${server.ports.mqtt}`;

    const device = await mqtt.connectAsync(url(), { protocolVersion: 5, clientId: "device", clean: false, properties: { sessionExpiryInterval: 300 } });
    await device.subscribeAsync("cmd/#", { qos: 1 });
    await device.endAsync();

    const app = await mqtt.connectAsync(url(), { protocolVersion: 5, clientId: "app" });
    await app.publishAsync("status/plant", "online", { qos: 1, retain: true });
    for (let i = 0; i < 5; i++) await app.publishAsync(`cmd/${i}`, `command ${i}`, { qos: 1 });
    await app.endAsync();

    expect(await server.stop("SIGTERM")).toBe(0);
    server = await startCli(["--allow-anonymous", "--data-dir", dir]);
    try {
      const received: string[] = [];
      const back = mqtt.connect(url(), { protocolVersion: 5, clientId: "device", clean: false, properties: { sessionExpiryInterval: 300 } });
      back.on("message", (topic, payload) => received.push(`${topic} ${payload}`));
      const sessionPresent = await new Promise<boolean>((resolve) => back.once("connect", (connack) => resolve(connack.sessionPresent)));
      expect(sessionPresent).toBe(true);
      await expect.poll(() => received.length).toBe(5);
      expect(received).toEqual([0, 1, 2, 3, 4].map((i) => `cmd/${i} command ${i}`));
      await back.endAsync();

      const observer = await mqtt.connectAsync(url(), { protocolVersion: 5 });
      const retained = new Promise<string>((resolve) => observer.once("message", (topic, payload, packet) => resolve(`${topic} ${payload} retain=${packet.retain}`)));
      await observer.subscribeAsync("status/#");
      expect(await retained).toBe("status/plant online retain=true");
      await observer.endAsync();
    } finally {
      await server.stop();
    }
  }, 60_000);
});

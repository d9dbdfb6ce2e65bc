// Starts what the specs test, as a user would: `sluice up` with the console, on free ports, with a
// fresh data dir (it builds the console first when its sources changed). Creates the developer and
// support users through the API, and hands URLs and the admin token to the workers. The returned
// function stops it all.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { adminApi } from "./server.ts";
import { users } from "./users.ts";

const startTimeoutMs = 5 * 60_000; // a first run builds the console

export default async function globalSetup(): Promise<() => Promise<void>> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "sluice-e2e-"));
  const adminToken = randomBytes(24).toString("hex");
  const child = spawn(
    process.execPath,
    ["--no-node-snapshot", "lib/cli/sluice.mjs", "up", "--host", "127.0.0.1", "--mqtt-port", "0", "--http-port", "0", "--console-port", "0", "--data-dir", dataDir, "--sys-interval", "0"],
    {
      cwd: path.join(import.meta.dirname, ".."),
      env: { ...process.env, SLUICE_ADMIN_TOKEN: adminToken, SLUICE_ADMIN_PASSWORD: users.admin.password, DATABASE_URL: "" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const stop = async () => {
    child.kill("SIGTERM");
    const code = await exited;
    rmSync(dataDir, { recursive: true, force: true });
    // Stopping `sluice up` must stop the console it started, and cleanly.
    if (code !== 0) throw new Error(`sluice up exited with ${code} on SIGTERM`);
    const consoleUrl = process.env.SLUICE_E2E_CONSOLE_URL;
    if (consoleUrl && (await fetch(consoleUrl).then(() => true, () => false))) throw new Error(`the console at ${consoleUrl} still answers after sluice up stopped`);
  };

  try {
    const { apiUrl, mqttPort, consoleUrl } = await started(child, exited);
    Object.assign(process.env, { SLUICE_E2E_CONSOLE_URL: consoleUrl, SLUICE_E2E_API_URL: apiUrl, SLUICE_E2E_MQTT_PORT: String(mqttPort), SLUICE_E2E_ADMIN_TOKEN: adminToken });
    for (const role of ["developer", "support"] as const) {
      const { email, name, password } = users[role];
      const created = await adminApi("POST", "/users", { email, name, password, role });
      if (created.status !== 201) throw new Error(`creating the ${role} user failed: ${JSON.stringify(created.body)}`);
    }
  } catch (error) {
    await stop().catch(() => {}); // the first error is the one to report
    throw error;
  }
  return stop;
}

/** Reads `sluice up`'s log until the console listens; passes on the lines about building it. */
function started(child: ReturnType<typeof spawn>, exited: Promise<number | null>): Promise<{ apiUrl: string; mqttPort: number; consoleUrl: string }> {
  return new Promise((resolve, reject) => {
    let log = "";
    let ports: { mqtt: number; http: number } | undefined;
    const timer = setTimeout(() => reject(new Error(`sluice up did not start the console within ${startTimeoutMs / 1000} s:\n${log}`)), startTimeoutMs);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`sluice up exited with ${code}:\n${log}`));
    });
    child.stderr!.on("data", (chunk) => (log += chunk));
    let buffered = "";
    child.stdout!.on("data", (chunk) => {
      log += chunk;
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop()!;
      for (const line of lines) {
        const entry = parse(line);
        if (entry?.msg === "sluice server listening") ports = entry.ports as typeof ports;
        if (typeof entry?.msg === "string" && /^(building the console|console built)/.test(entry.msg)) console.log(`e2e: ${entry.msg}`);
        if (entry?.msg === "console listening" && ports) {
          clearTimeout(timer);
          resolve({ apiUrl: `http://127.0.0.1:${ports.http}`, mqttPort: ports.mqtt, consoleUrl: String(entry.url) });
        }
      }
    });
  });
}

function parse(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

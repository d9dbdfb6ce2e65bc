// The brokers under test as child processes: Sluice (`sluice up`, with a store of its own made
// for the run, and an admin token for the hook scenarios) and mosquitto (generated config), each
// on free ports, pinned by the launcher, ready when it accepts work, and stopped with SIGTERM.
// Their logs go to the run's temp dir.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { eq } from "drizzle-orm";
import pg from "pg";
import { openStore } from "../store/index.ts";
import { brokers } from "../store/schema.ts";
import type { SluiceApi } from "./hooks.ts";
import { BROKER_CORE, type Launcher } from "./launch.ts";

export type BrokerName = "mosquitto" | "sluice";

export interface RunningBroker {
  name: BrokerName;
  pid: number;
  port: number;
  logPath: string;
  /** Sluice's control-plane API (the hook scenarios deploy through it). */
  api?: SluiceApi;
  stop(): Promise<void>;
}

/** Where Sluice keeps its data: a database created for the run on a PostgreSQL server, or PGlite. */
export type SluiceStore = { kind: "postgres"; serverUrl: string } | { kind: "pglite" };

/**
 * Limit overrides stored for the default broker before Sluice starts. The per-client rate limit
 * (10,000 packets/s by default) disconnects a pipelining publisher, and a subscriber acking
 * QoS 1, with 0x96 within a second; mosquitto has no such limit, so it is lifted for the run.
 */
export const SLUICE_LIMIT_OVERRIDES = { maxPacketsPerSecond: 100_000_000 };

const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
const repoRoot = path.resolve(import.meta.dirname, "../..");

/** Finds mosquitto on PATH or in /usr/sbin (where Debian installs it, often off a user's PATH). */
export function findMosquitto(): string | undefined {
  const onPath = spawnSync("sh", ["-c", "command -v mosquitto"], { encoding: "utf8" }).stdout.trim();
  if (onPath) return onPath;
  return existsSync("/usr/sbin/mosquitto") ? "/usr/sbin/mosquitto" : undefined;
}

export async function startMosquitto(binary: string, launcher: Launcher, workDir: string): Promise<RunningBroker> {
  const port = await freePort();
  const configPath = path.join(workDir, "mosquitto.conf");
  writeFileSync(configPath, mosquittoConfig(port));
  const logPath = path.join(workDir, "mosquitto.log");
  const child = launch(launcher, [binary, "-c", configPath], logPath, {});
  await waitUntilReady(child, logPath, () => canConnect(port));
  return running("mosquitto", child, port, logPath);
}

/** The mosquitto configuration the benchmark runs with (docs/benchmarks.md quotes it). */
export function mosquittoConfig(port: number | string): string {
  return [`listener ${port} 127.0.0.1`, "allow_anonymous true", "max_queued_messages 1000", "persistence false", "log_type none", ""].join("\n");
}

export async function startSluice(store: SluiceStore, launcher: Launcher, workDir: string): Promise<RunningBroker & { dispose(): Promise<void> }> {
  const dataDir = path.join(workDir, "sluice-data");
  // 1. A store of its own, migrated, with the benchmark's limit overrides on the default broker.
  const database = store.kind === "postgres" ? await createDatabase(store.serverUrl) : undefined;
  try {
    await seedStore(dataDir, database?.url);
    // 2. The server itself, as a user would start it.
    const [port, httpPort] = [await freePort(), await freePort()];
    const logPath = path.join(workDir, "sluice.log");
    const args = ["lib/cli/sluice.mjs", "up", "--no-console", "--allow-anonymous", "--mqtt-port", String(port), "--http-port", String(httpPort), "--data-dir", dataDir, "--log-level", "warn"];
    const api = { url: `http://127.0.0.1:${httpPort}`, token: randomBytes(24).toString("base64url") };
    const env: Record<string, string> = { SLUICE_ADMIN_TOKEN: api.token, ...(database && { DATABASE_URL: database.url }) };
    const child = launch(launcher, [process.execPath, "--no-node-snapshot", ...args], logPath, env);
    await waitUntilReady(child, logPath, () => isHealthy(httpPort));
    const broker = running("sluice", child, port, logPath);
    return { ...broker, api, dispose: async () => database?.drop() };
  } catch (error) {
    await database?.drop();
    throw error;
  }
}

/** Creates `sluice_bench_<pid>` on the server, so the run neither sees nor changes anyone else's data. */
async function createDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `sluice_bench_${process.pid}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`DROP DATABASE IF EXISTS ${name}`);
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function seedStore(dataDir: string, databaseUrl: string | undefined): Promise<void> {
  const store = await openStore({ dataDir, databaseUrl });
  try {
    const broker = await store.brokers.ensure("default", "default");
    await store.db.update(brokers).set({ limits: { ...broker.limits, ...SLUICE_LIMIT_OVERRIDES } }).where(eq(brokers.id, broker.id));
  } finally {
    await store.close();
  }
}

function launch(launcher: Launcher, command: string[], logPath: string, env: Record<string, string>): ChildProcess {
  const log = openSync(logPath, "w");
  const [file, ...args] = launcher.command(BROKER_CORE, command);
  const child = spawn(file, args, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ["ignore", log, log] });
  closeSync(log);
  return child;
}

async function waitUntilReady(child: ChildProcess, logPath: string, ready: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`exited before it was ready (${child.exitCode ?? child.signalCode}); log ${logPath}:\n${tail(logPath)}`);
    if (await ready()) return;
    await sleep(100);
  }
  child.kill("SIGKILL");
  throw new Error(`not ready after ${READY_TIMEOUT_MS / 1000} s; log ${logPath}:\n${tail(logPath)}`);
}

function running(name: BrokerName, child: ChildProcess, port: number, logPath: string): RunningBroker {
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    name,
    pid: child.pid!,
    port,
    logPath,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A port nobody listens on now: bind port 0 and let the kernel pick from its ephemeral range (never 1883). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function isHealthy(httpPort: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${httpPort}/healthz`);
    return response.status === 200;
  } catch {
    return false;
  }
}

function tail(logPath: string): string {
  return readFileSync(logPath, "utf8").split("\n").slice(-20).join("\n");
}

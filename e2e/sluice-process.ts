// `sluice up` as a child process, the way a user runs it: started with flags, known to be up once
// its JSON log says so, stopped with SIGTERM.
import { spawn } from "node:child_process";
import path from "node:path";

export interface SluiceProcess {
  apiUrl: string;
  mqttPort: number;
  /** Set unless started with --no-console. */
  consoleUrl?: string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

const startTimeoutMs = 5 * 60_000; // a first run builds the console

/** Starts `sluice up <args>` on 127.0.0.1 and resolves once the server (and console, unless --no-console) listens. */
export function startSluice(args: string[], env: Record<string, string>): Promise<SluiceProcess> {
  const child = spawn(process.execPath, ["--no-node-snapshot", "lib/cli/sluice.mjs", "up", "--host", "127.0.0.1", "--mqtt-port", "0", "--http-port", "0", "--sys-interval", "0", ...args], {
    cwd: path.join(import.meta.dirname, ".."),
    env: { ...process.env, DATABASE_URL: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const stop = () => {
    child.kill("SIGTERM");
    return exited;
  };
  const withConsole = !args.includes("--no-console");
  return new Promise((resolve, reject) => {
    let log = "";
    let ports: { mqtt: number; http: number } | undefined;
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`sluice up did not start within ${startTimeoutMs / 1000} s:\n${log}`));
    }, startTimeoutMs);
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
      for (const entry of lines.map(parse)) {
        if (entry?.msg === "sluice server listening") ports = entry.ports as typeof ports;
        // A first run spends a minute building the console: say why nothing happens meanwhile.
        if (typeof entry?.msg === "string" && /^(building the console|console built)/.test(entry.msg)) console.log(`e2e: ${entry.msg}`);
        const consoleUrl = entry?.msg === "console listening" ? String(entry.url) : undefined;
        if (ports && (withConsole ? consoleUrl : entry?.msg === "sluice server listening")) {
          clearTimeout(timer);
          resolve({ apiUrl: `http://127.0.0.1:${ports.http}`, mqttPort: ports.mqtt, consoleUrl, stop });
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

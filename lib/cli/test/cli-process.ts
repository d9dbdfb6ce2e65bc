// Runs the real `sluice` command in a child process, as a user would, for end-to-end tests.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Environment } from "../../config.ts";

const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "sluice.mjs");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `sluice <args>` to completion. */
export function runCli(args: string[], env: Environment = {}): Promise<CliResult> {
  const child = spawnCli(args, env);
  return new Promise((resolve) => {
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (chunk) => (stdout += chunk));
    child.stderr!.on("data", (chunk) => (stderr += chunk));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

export interface RunningCli {
  child: ChildProcess;
  ports: { mqtt: number; http: number };
  /** Sends SIGTERM and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `sluice up <args>` (ports 0 unless given) and resolves once it logs that it is listening. */
export function startCli(args: string[], env: Environment = {}): Promise<RunningCli> {
  const child = spawnCli(["up", "--no-console", "--mqtt-port", "0", "--http-port", "0", ...args], env);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let buffered = "";
    let stderr = "";
    child.stderr!.on("data", (chunk) => (stderr += chunk));
    child.stdout!.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      let newline;
      while ((newline = buffered.indexOf("\n")) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        const entry = parseLogLine(line);
        if (entry?.msg === "sluice server listening") {
          resolve({
            child,
            ports: entry.ports as RunningCli["ports"],
            stop: (signal = "SIGTERM") => {
              child.kill(signal);
              return exited;
            },
          });
        }
      }
    });
    void exited.then((code) => reject(new Error(`sluice up exited with ${code} before listening: ${stderr}`)));
  });
}

export function spawnCli(args: string[], env: Environment): ChildProcess {
  return spawn(process.execPath, ["--no-node-snapshot", entry, ...args], { env: { ...process.env, DATABASE_URL: "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
}

function parseLogLine(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

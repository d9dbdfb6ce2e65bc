// Runs Next.js's own command line (`next build`, `next start`) as a child process of `sluice up`,
// so nothing in lib/cli loads Next.js or React: only the path of Next's CLI script is resolved.
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Logger } from "../../logger.ts";

/** The project root: where app/, next.config.js and .next/ are, whatever the working directory. */
export const consoleRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");

export class ConsoleError extends Error {}

/**
 * Starts `next <args>` in the project root; `signal` ends it with SIGTERM. Its output goes to the
 * log a line at a time (stdout at info, stderr at warn), so `sluice up` keeps printing one JSON
 * log line per event.
 */
export function runNext(args: string[], env: Record<string, string>, log: Logger, signal: AbortSignal): ChildProcess {
  const child = spawn(process.execPath, [nextBin, ...args], {
    cwd: consoleRoot,
    // Telemetry would phone home; colours would fill the log with escape codes.
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: Ctrl-C reaches `sluice up` only, which stops the console in order.
    detached: true,
    signal,
  });
  child.on("error", () => {}); // an abort is reported as an error too; its exit is what counts
  const console = log.child({ component: "console" });
  forwardLines(child.stdout!, (line) => console.info(line));
  forwardLines(child.stderr!, (line) => console.warn(line));
  return child;
}

function forwardLines(stream: NodeJS.ReadableStream, write: (line: string) => void): void {
  let buffered = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split("\n");
    buffered = lines.pop()!;
    for (const line of lines) if (line.trim()) write(line.trimEnd());
  });
  stream.on("end", () => buffered.trim() && write(buffered.trimEnd()));
}

/** Resolves with the exit code (or the signal's name) when the child ends. */
export function exited(child: ChildProcess): Promise<number | string> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode ?? child.signalCode!);
    else child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown"));
  });
}

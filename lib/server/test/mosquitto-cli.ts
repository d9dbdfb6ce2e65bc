// mosquitto_sub / mosquitto_pub as real third-party clients in integration tests. Each process
// gets the test server's port and an MQTT version, runs with -d so the helpers can see the
// protocol flow (SUBACK, DUP flags), and never outlives its timeout.
import { type ChildProcess, spawn } from "node:child_process";
import { HOST, waitFor } from "./server-fixture.ts";

export type CliVersion = "mqttv5" | "mqttv311";

export interface CliTarget {
  port: number;
  version: CliVersion;
  /** Trusted CA for MQTTS; the server's name is verified against it. */
  caFile?: string;
}

const running = new Set<ChildProcess>();

/** Lines mosquitto prints with -d about packets, as opposed to received messages. */
const DEBUG_LINE = /^(Client .* (sending|received) [A-Z]+|Subscribed \(mid: \d+\)|Unsubscribed \(mid: \d+\)|Received DISCONNECT \(\d+\)|Timed out)/;

function baseArgs(target: CliTarget): string[] {
  return ["-h", HOST, "-p", String(target.port), "-V", target.version, ...(target.caFile ? ["--cafile", target.caFile] : [])];
}

/** A running mosquitto_sub: messages it printed (per -F / -v), its debug lines and its exit. */
export class MosquittoSub {
  /** Printed messages, one per line, in arrival order. */
  readonly lines: string[] = [];
  /** -d output: "Client x received PUBLISH (d1, q1, r0, m1, 't', ... (5 bytes))" and the like. */
  readonly debug: string[] = [];
  /** Granted QoS / reason codes from the SUBACK; rejects if the process ends before it. */
  readonly subscribed: Promise<number[]>;
  readonly exited: Promise<{ code: number | null; stderr: string }>;
  private cursor = 0;
  private stderr = "";

  constructor(private readonly child: ChildProcess) {
    let partial = "";
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      const parts = (partial + chunk).split("\n");
      partial = parts.pop()!;
      for (const line of parts) (DEBUG_LINE.test(line) ? this.debug : this.lines).push(line);
    });
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) =>
      child.on("close", (code) => {
        running.delete(child);
        resolve({ code, stderr: this.stderr });
      }),
    );
    let ended = false;
    void this.exited.then(() => (ended = true));
    this.subscribed = (async () => {
      const suback = () => this.debug.find((l) => l.startsWith("Subscribed ("));
      await waitFor(() => suback() !== undefined || ended, 5000, () => "mosquitto_sub got no SUBACK");
      const line = suback();
      if (line === undefined) throw new Error(`mosquitto_sub exited before SUBACK: ${this.stderr.trim() || this.debug.join("\n")}`);
      return line.slice(line.indexOf("): ") + 3).split(/,\s*/).map(Number);
    })();
    this.subscribed.catch(() => {}); // observed by the tests that await it
  }

  /** The next `count` printed messages not yet taken. */
  async take(count = 1, timeoutMs = 3000): Promise<string[]> {
    await waitFor(() => this.lines.length - this.cursor >= count, timeoutMs, () => `mosquitto_sub printed ${JSON.stringify(this.lines.slice(this.cursor))}, expected ${count} more; stderr: ${this.stderr}`);
    const taken = this.lines.slice(this.cursor, this.cursor + count);
    this.cursor += count;
    return taken;
  }

  /** SIGKILL: the client vanishes without DISCONNECT (its will is published). */
  kill(): void {
    this.child.kill("SIGKILL");
  }
}

/**
 * Starts mosquitto_sub with `args` (topics, -q, -F, -i …). It exits after `timeoutSeconds` of
 * silence (-W) unless `args` says otherwise (-C n).
 */
export function mosquittoSub(target: CliTarget, args: string[], timeoutSeconds = 5): MosquittoSub {
  // stdbuf: mosquitto_sub's debug lines are block-buffered on a pipe; we need each line as it comes.
  const child = spawn("/usr/bin/stdbuf", ["-oL", "/usr/bin/mosquitto_sub", "-d", "-W", String(timeoutSeconds), ...baseArgs(target), ...args], { stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  return new MosquittoSub(child);
}

/** Runs mosquitto_pub to completion; killed after `timeoutMs`. */
export function mosquittoPub(target: CliTarget, args: string[], timeoutMs = 5000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn("/usr/bin/mosquitto_pub", [...baseArgs(target), ...args], { stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  return new Promise((resolve) =>
    child.on("close", (code) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code, stdout, stderr });
    }),
  );
}

/** Kills every mosquitto process a test left running (afterAll). */
export function killMosquittoClients(): void {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
}

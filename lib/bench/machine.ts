// One line describing the machine a run was made on, for the console and docs/benchmarks.md:
// cores, CPU, kernel, Node and mosquitto versions, and what a system call costs here. The last one
// matters for the ratio: mosquitto 2.0 spends several read() calls on every incoming packet while
// Node reads 64 KB at a time, so on machines with expensive system calls (nested virtualization)
// mosquitto loses more than Sluice does.
import { spawnSync } from "node:child_process";
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { availableParallelism, release } from "node:os";
import { performance } from "node:perf_hooks";

export function describeMachine(mosquittoBinary: string | undefined): string {
  const parts = [`${availableParallelism()} cores (${cpuModel()})`, `Linux ${release()}`, `Node ${process.version}`];
  if (mosquittoBinary) parts.push(mosquittoVersion(mosquittoBinary));
  parts.push(`a 1-byte read() takes ${syscallMicros().toFixed(2)} µs`);
  return parts.join(", ");
}

function cpuModel(): string {
  return /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? "unknown CPU";
}

function mosquittoVersion(binary: string): string {
  // `mosquitto -h` prints "mosquitto version X" first and exits non-zero.
  const { stdout } = spawnSync(binary, ["-h"], { encoding: "utf8" });
  return /mosquitto version \S+/.exec(stdout)?.[0] ?? "mosquitto (version unknown)";
}

/** Median time of a 1-byte read() from /dev/zero, in microseconds (Node's call overhead included). */
function syscallMicros(): number {
  const fd = openSync("/dev/zero", "r");
  const byte = Buffer.alloc(1);
  const rounds: number[] = [];
  try {
    for (let round = 0; round < 5; round++) {
      const start = performance.now();
      for (let i = 0; i < 20_000; i++) readSync(fd, byte, 0, 1, null);
      rounds.push(((performance.now() - start) * 1000) / 20_000);
    }
  } finally {
    closeSync(fd);
  }
  return rounds.sort((a, b) => a - b)[2];
}

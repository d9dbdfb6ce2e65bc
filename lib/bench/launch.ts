// How the benchmark launches its processes: each broker pinned to core 0 and the load generator
// to core 1 with taskset, so they never share a core, and with an open file limit raised (prlimit)
// far enough for the idle-connections scenario. Without taskset or a second core they run unpinned.
import { spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { openFileLimit } from "./proc.ts";

export const BROKER_CORE = 0;
export const GENERATOR_CORE = 1;

export interface Launcher {
  /** Whether processes are pinned; when not, `note` says why. */
  pinned: boolean;
  /** Open files each process may hold (after raising the soft limit). */
  fileLimit: number;
  notes: string[];
  /** The argv that runs `command` on `core` with the raised file limit. */
  command(core: number, command: string[]): string[];
}

/** Open files a process needs to hold `connections` sockets, plus headroom for everything else. */
export function filesNeeded(connections: number): number {
  return connections + 1024;
}

export function createLauncher(connections: number): Launcher {
  const notes: string[] = [];
  const hasTaskset = available("taskset");
  const cores = availableParallelism();
  const pinned = hasTaskset && cores >= 2;
  if (!hasTaskset) notes.push("taskset not found: broker and generator run unpinned and compete for cores");
  else if (cores < 2) notes.push(`only ${cores} core available: broker and generator run unpinned on it`);

  const { soft, hard } = openFileLimit();
  const wanted = filesNeeded(connections);
  let fileLimit = soft;
  let prefix: string[] = [];
  if (soft < wanted && available("prlimit")) {
    fileLimit = Math.min(wanted, hard);
    prefix = ["prlimit", `--nofile=${fileLimit}:${hard === Number.POSITIVE_INFINITY ? "unlimited" : hard}`];
  }
  if (fileLimit < wanted) notes.push(`open file limit ${fileLimit} (ulimit -n) is below the ${wanted} the idle scenario needs: it opens fewer connections`);

  return {
    pinned,
    fileLimit,
    notes,
    command: (core, command) => [...prefix, ...(pinned ? ["taskset", "-c", String(core)] : []), ...command],
  };
}

function available(tool: string): boolean {
  return spawnSync(tool, ["--version"], { stdio: "ignore" }).status === 0;
}

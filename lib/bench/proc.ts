// Figures read from Linux /proc: a broker's resident memory and CPU time, the CPU time of the
// whole machine (to see what other processes took), and the open file limit that bounds how many
// connections one process can hold.
import { readFileSync } from "node:fs";

/** Resident set size in bytes (VmRSS). */
export function readRss(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

/** Linux reports process times in USER_HZ ticks, 100 per second on every mainstream build. */
const TICKS_PER_SECOND = 100;

/** CPU time (user + system, all threads) the process has used, in milliseconds. */
export function readCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name, which is in parentheses and may contain spaces: utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/**
 * CPU time all cores spent running processes or stolen by the hypervisor (user, nice, system,
 * steal), in milliseconds. Interrupt time is left out: loopback TCP is processed in softirqs that
 * the kernel may not charge to the broker or generator, and would show up as someone else's.
 */
export function readMachineBusyMs(): number {
  const fields = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, _idle, _iowait, _irq, _softirq, steal] = fields;
  return ((user + nice + system + steal) * 1000) / TICKS_PER_SECOND;
}

/** This process's open file limit: soft and hard (Infinity for "unlimited"). */
export function openFileLimit(): { soft: number; hard: number } {
  const match = /^Max open files\s+(\S+)\s+(\S+)/m.exec(readFileSync("/proc/self/limits", "utf8"));
  if (!match) throw new Error("no 'Max open files' in /proc/self/limits");
  const value = (text: string) => (text === "unlimited" ? Number.POSITIVE_INFINITY : Number(text));
  return { soft: value(match[1]), hard: value(match[2]) };
}

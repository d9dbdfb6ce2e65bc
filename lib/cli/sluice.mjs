#!/usr/bin/env node
// The `sluice` command's entry: registers the TypeScript loader (tsx) and runs lib/cli/index.ts,
// so `npx sluice …` works right after `npm install` without a build step.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

// isolated-vm (hook scripts) can crash Node ≥ 20 unless it runs with --no-node-snapshot, and a
// shebang cannot pass that flag portably: without it, run this file again as a child that has it,
// passing on signals and the exit status so the wrapper is invisible to shells and supervisors.
// Scripts that start node themselves (npm start, tests, the benchmark) pass the flag and skip this.
// Only `sluice up` runs hooks; the other commands stay one process.
if (process.argv[2] === "up" && !process.execArgv.includes("--no-node-snapshot")) {
  const args = ["--no-node-snapshot", ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)];
  const child = spawn(process.execPath, args, { stdio: "inherit" });
  const forward = (signal) => child.kill(signal);
  // Ctrl-C already reaches the child through the terminal's process group; forwarding it too
  // would count as a second signal, which makes `sluice up` skip its drain.
  const ignore = () => {};
  process.on("SIGTERM", forward).on("SIGHUP", forward).on("SIGINT", ignore);
  child.on("exit", (code, signal) => {
    process.off("SIGTERM", forward).off("SIGHUP", forward).off("SIGINT", ignore);
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("./index.ts");
}

// Builds the console (`next build`) when it has no build or its sources changed since the last
// one. The check is cheap: it compares modification times, the newest among the console's sources
// against the start of the last successful build (recorded in .next/sluice-build.json). Stat-ing a
// few hundred files takes milliseconds, where hashing them would mean reading them all. Edits,
// `git pull` and `git checkout` all give files a new mtime, so they trigger a build; a file copied
// back with an older mtime would not, and `rm -rf .next` forces one.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Logger } from "../../logger.ts";
import { ConsoleError, consoleRoot, exited, runNext } from "./next-cli.ts";

// lib/ as a whole, since the console imports the zod schemas and roles shared with the API; a
// change to broker code rebuilds the console too, which costs a minute but is never stale.
const sourceFolders = ["app", "components", "lib", "public"];
const sourceFiles = ["next.config.js", "tailwind.config.ts", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];
// Tests and docs are not part of the build.
const notSource = (name: string) => name.endsWith(".test.ts") || name.endsWith(".md") || name === "test";

const stampFile = (root: string) => path.join(root, ".next", "sluice-build.json");

/** Builds the console unless its build is up to date. */
export async function ensureConsoleBuilt(log: Logger, signal: AbortSignal): Promise<void> {
  const reason = buildReason(consoleRoot);
  if (!reason) return;
  log.info({ reason }, "building the console (next build), which takes a minute or so");
  const startedAt = Date.now();
  const code = await exited(runNext(["build"], { NODE_ENV: "production" }, log, signal));
  if (code !== 0) throw new ConsoleError(`the console's build failed (next build exited with ${code}); see the log above, or start with --no-console`);
  writeFileSync(stampFile(consoleRoot), `${JSON.stringify({ startedAt })}\n`);
  log.info({ seconds: Math.round((Date.now() - startedAt) / 1000) }, "console built");
}

/** Why the console in `root` needs a build, or undefined when its last one is up to date. */
export function buildReason(root: string): string | undefined {
  let builtFrom: number;
  try {
    builtFrom = (JSON.parse(readFileSync(stampFile(root), "utf8")) as { startedAt: number }).startedAt;
    statSync(path.join(root, ".next", "BUILD_ID"));
  } catch {
    return "no build yet";
  }
  const changed = newestSource(root);
  return changed && changed.mtimeMs > builtFrom ? `${changed.file} changed since the last build` : undefined;
}

function newestSource(root: string): { file: string; mtimeMs: number } | undefined {
  let newest: { file: string; mtimeMs: number } | undefined;
  const consider = (file: string, mtimeMs: number) => {
    if (!newest || mtimeMs > newest.mtimeMs) newest = { file, mtimeMs };
  };
  for (const file of sourceFiles) {
    if (existsSync(path.join(root, file))) consider(file, statSync(path.join(root, file)).mtimeMs);
  }
  for (const folder of sourceFolders.filter((f) => existsSync(path.join(root, f)))) {
    for (const entry of readdirSync(path.join(root, folder), { recursive: true, withFileTypes: true })) {
      const file = path.relative(root, path.join(entry.parentPath, entry.name));
      if (entry.isFile() && !file.split(path.sep).some(notSource)) consider(file, statSync(path.join(root, file)).mtimeMs);
    }
  }
  return newest;
}

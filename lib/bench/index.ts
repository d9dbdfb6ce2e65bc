// `npm run bench`: starts Sluice and mosquitto pinned to core 0, runs every scenario against each
// broker back to back (the hook scenarios against Sluice only) in a load runner pinned to core 1,
// prints a table per scenario and writes docs/benchmarks.md; exits with 1 when a run failed.
// See docs/benchmarks.md for what each scenario measures.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { findMosquitto, mosquittoConfig, type RunningBroker, SLUICE_LIMIT_OVERRIDES, type SluiceStore, startMosquitto, startSluice } from "./brokers.ts";
import { createLauncher, filesNeeded, GENERATOR_CORE, type Launcher } from "./launch.ts";
import { describeMachine } from "./machine.ts";
import { anyFailed, benchmarksDocument, consoleTable, resultTables, type ScenarioOutcome } from "./report.ts";
import { type RunResult, type RunSpec, type ScenarioName, scenarioNames, scenarios } from "./scenarios.ts";
import type { MqttVersion } from "./wire.ts";

const repoRoot = path.resolve(import.meta.dirname, "../..");
const runnerPath = path.join(import.meta.dirname, "load-runner.ts");
/** Time a load runner may take beyond its warm-up and measurement (start-up, connecting, closing). */
const RUNNER_SLACK_MS = 120_000;

/** `--scenario hooks`: every hook scenario (Sluice only). */
const hookScenarios = scenarioNames.filter((name) => scenarios[name].sluiceOnly);

const usage = `usage: npm run bench -- [options]
  --scenario <names>      ${scenarioNames.join(", ")}, or hooks for all hook-* (repeatable or comma separated; default all)
  --duration <seconds>    measurement per scenario and broker (default 5, --quick 2)
  --quick                 short run: 2 s measurements, 0.5 s warm-up, 2,000 idle connections
  --no-mosquitto          Sluice only
  --pglite                Sluice on its embedded store instead of PostgreSQL
  --postgres <url>        PostgreSQL server for Sluice's store (default postgres://postgres@127.0.0.1:5432/postgres)
  --mqtt-version <v>      5 or 3.1.1 (default 5)
  --write <file>          where to record the results (default docs/benchmarks.md)
  --no-write              print only`;

interface Options {
  scenarios: ScenarioName[];
  warmupMs: number;
  durationMs: number;
  idleConnections: number;
  mosquitto: boolean;
  store: SluiceStore;
  version: MqttVersion;
  writeTo: string | undefined;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      scenario: { type: "string", multiple: true },
      duration: { type: "string" },
      quick: { type: "boolean", default: false },
      "no-mosquitto": { type: "boolean", default: false },
      pglite: { type: "boolean", default: false },
      postgres: { type: "string", default: "postgres://postgres@127.0.0.1:5432/postgres" },
      "mqtt-version": { type: "string", default: "5" },
      write: { type: "string", default: "docs/benchmarks.md" },
      "no-write": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) exit(usage, 0);
  const named = (values.scenario ?? [...scenarioNames]).flatMap((s) => s.split(",")).flatMap((s) => (s.trim() === "hooks" ? hookScenarios : [s.trim()]));
  const unknown = named.filter((s) => !(scenarioNames as readonly string[]).includes(s));
  if (unknown.length > 0) exit(`unknown scenario ${unknown.join(", ")}; choose from ${scenarioNames.join(", ")} or hooks`);
  // A hook scenario is reported against its baseline, which therefore runs too (before it: scenarioNames order).
  const chosen = [...named, ...named.flatMap((s) => scenarios[s as ScenarioName].baseline ?? [])];
  const durationSeconds = values.duration === undefined ? (values.quick ? 2 : 5) : Number(values.duration);
  if (!(durationSeconds > 0)) exit(`--duration must be a positive number of seconds, got ${values.duration}`);
  const version = ({ "5": 5, "3.1.1": 4 } as const)[values["mqtt-version"] as "5" | "3.1.1"];
  if (version === undefined) exit(`--mqtt-version must be 5 or 3.1.1, got ${values["mqtt-version"]}`);
  return {
    scenarios: scenarioNames.filter((s) => chosen.includes(s)),
    warmupMs: values.quick ? 500 : 1000,
    durationMs: durationSeconds * 1000,
    idleConnections: values.quick ? 2000 : 10_000,
    mosquitto: !values["no-mosquitto"],
    store: values.pglite ? { kind: "pglite" } : { kind: "postgres", serverUrl: values.postgres },
    version,
    writeTo: values["no-write"] ? undefined : path.resolve(repoRoot, values.write),
  };
}

const args = process.argv.slice(2);
const options = parseOptions(args);
const launcher = createLauncher(options.idleConnections);
const idleConnections = Math.min(options.idleConnections, launcher.fileLimit - filesNeeded(0));
const workDir = mkdtempSync(path.join(tmpdir(), "sluice-bench-"));
const running: Array<RunningBroker & { dispose?(): Promise<void> }> = [];
const notes = [...launcher.notes];
let failed = false;

let stopping: Promise<void> | undefined;
/** Stops the brokers and drops Sluice's database; the logs stay when something failed. */
function stopAll(): Promise<void> {
  stopping ??= (async () => {
    for (const broker of running) {
      await broker.stop();
      await broker.dispose?.();
    }
    if (failed) console.log(`logs kept in ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  })();
  return stopping;
}
process.once("SIGINT", () => {
  failed = true;
  void stopAll().finally(() => process.exit(130));
});

try {
  // 1. The brokers, started once and both idle on core 0 while the other is measured.
  const wantMosquitto = options.mosquitto && options.scenarios.some((name) => !scenarios[name].sluiceOnly);
  const mosquittoBinary = wantMosquitto ? findMosquitto() : undefined;
  if (wantMosquitto && !mosquittoBinary) notes.push("mosquitto not found on PATH or in /usr/sbin: Sluice only, no ratios");
  const store = options.store.kind === "postgres" ? `PostgreSQL (database sluice_bench_${process.pid} on ${new URL(options.store.serverUrl).host})` : "PGlite (embedded)";
  const machine = `${describeMachine(mosquittoBinary)}; ${launcher.pinned ? "brokers on core 0, load generator on core 1" : "unpinned"}; Sluice store: ${store}; MQTT ${options.version === 5 ? "5" : "3.1.1"}.`;
  console.log(machine);
  for (const note of notes) console.log(`note: ${note}`);
  if (mosquittoBinary) running.push(await startMosquitto(mosquittoBinary, launcher, workDir));
  console.log("starting Sluice (compiles with tsx and opens its store; a few seconds)…");
  running.push(await startSluice(options.store, launcher, workDir));

  // 2. Each scenario against each broker, back to back; idle first, while the brokers are fresh.
  const order = [...options.scenarios].sort((a, b) => Number(b === "idle") - Number(a === "idle"));
  const outcomes = new Map<ScenarioName, ScenarioOutcome>();
  for (const name of order) {
    const scenario = scenarios[name];
    const outcome: ScenarioOutcome = { scenario, results: {}, baseline: scenario.baseline && outcomes.get(scenario.baseline)?.results.sluice };
    for (const broker of running) {
      if (scenario.sluiceOnly && broker.name !== "sluice") continue;
      const spec: RunSpec = { scenario: name, port: broker.port, brokerPid: broker.pid, version: options.version, warmupMs: options.warmupMs, durationMs: options.durationMs, idleConnections, api: broker.api };
      outcome.results[broker.name] = await runLoad(spec, launcher).catch((error: Error) => {
        failed = true;
        return { failed: `${error.message} (broker log: ${broker.logPath})` };
      });
    }
    outcomes.set(name, outcome);
    console.log(`\n${consoleTable(outcome)}`);
  }

  // 3. The summary in the order, and the record.
  const results = options.scenarios.map((name) => outcomes.get(name)!);
  console.log(`\n${resultTables(results)}`);
  if (anyFailed(results)) {
    console.error("\nbench: some runs FAILED (see the tables above); the results are incomplete");
    process.exitCode = 1;
  }
  if (options.writeTo) {
    const info = { date: new Date().toISOString().replace(/\.\d+Z$/, "Z"), command: ["npm run bench", ...(args.length > 0 ? ["--", ...args] : [])].join(" "), machine, notes };
    writeFileSync(options.writeTo, benchmarksDocument(results, info, mosquittoConfig("<free port>"), SLUICE_LIMIT_OVERRIDES));
    console.log(`\nwrote ${path.relative(repoRoot, options.writeTo)}`);
  }
} catch (error) {
  failed = true;
  console.error(`bench: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await stopAll();
}

/** Runs one scenario against one broker in a load runner on the generator core. */
function runLoad(spec: RunSpec, launcher: Launcher): Promise<RunResult> {
  const [file, ...argv] = launcher.command(GENERATOR_CORE, [process.execPath, "--import", "tsx", runnerPath, JSON.stringify(spec)]);
  const child = spawn(file, argv, { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
  const timer = setTimeout(() => child.kill("SIGKILL"), spec.warmupMs + spec.durationMs + RUNNER_SLACK_MS);
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      const last = stdout.trim().split("\n").pop();
      if (code === 0 && last) resolve(JSON.parse(last) as RunResult);
      else reject(new Error(`load runner for ${spec.scenario} ended with ${code ?? signal}: ${stderr.trim().split("\n").slice(-5).join(" | ")}`));
    });
  });
}

function exit(message: string, code = 2): never {
  (code === 0 ? console.log : console.error)(message);
  process.exit(code);
}

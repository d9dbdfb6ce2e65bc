// Turns run results into the console tables and docs/benchmarks.md: per scenario one row per
// broker, Sluice compared with mosquitto (or, for the hook scenarios, with itself without the
// hook) on the scenario's figure, and the issue's targets.
import type { BrokerName } from "./brokers.ts";
import { type RunResult, type Scenario, scenarioNames, scenarios } from "./scenarios.ts";

type Outcome = RunResult | { failed: string };

/** One scenario's results; a broker that failed has an error instead. */
export interface ScenarioOutcome {
  scenario: Scenario;
  results: Partial<Record<BrokerName, Outcome>>;
  /** Sluice's result on the scenario's baseline, when it has one. */
  baseline?: Outcome;
}

/** Everything docs/benchmarks.md records about a run besides the results. */
export interface RunInfo {
  date: string;
  command: string;
  machine: string;
  notes: string[];
}

const brokerOrder: BrokerName[] = ["mosquitto", "sluice"];
const columns = ["broker", "msgs/s", "p50", "p99", "RSS", "RSS growth", "broker CPU", "gen CPU", "other CPU"];

function isResult(result: Outcome | undefined): result is RunResult {
  return result !== undefined && !("failed" in result);
}

/** Whether any broker failed any scenario. */
export function anyFailed(outcomes: ScenarioOutcome[]): boolean {
  return outcomes.some((o) => Object.values(o.results).some((r) => !isResult(r)));
}

/**
 * Sluice's figure against mosquitto's, or its baseline's: the ratio of msgs/s, p99 latency or
 * RSS, or the p99 latency added (ms); undefined without both results.
 */
function comparison(outcome: ScenarioOutcome): number | undefined {
  const { sluice, mosquitto } = outcome.results;
  const other = outcome.scenario.baseline ? outcome.baseline : mosquitto;
  if (!isResult(sluice) || !isResult(other)) return undefined;
  if (outcome.scenario.figure === "added latency") return sluice.p99Ms !== undefined && other.p99Ms !== undefined ? sluice.p99Ms - other.p99Ms : undefined;
  const figure = { throughput: (r: RunResult) => r.deliveredPerSec, latency: (r: RunResult) => r.p99Ms, memory: (r: RunResult) => r.rssBytes }[outcome.scenario.figure];
  const [a, b] = [figure(sluice), figure(other)];
  return a !== undefined && b !== undefined && b > 0 ? a / b : undefined;
}

/** ✅ / ❌ for the scenario's target, "n/a" when it has none or it could not be judged. */
function targetMark(outcome: ScenarioOutcome): string {
  const { target } = outcome.scenario;
  const sluice = outcome.results.sluice;
  if (!target) return "—";
  const met = isResult(sluice) ? target.met(sluice, comparison(outcome)) : undefined;
  return met === undefined ? `n/a (${target.text})` : `${met ? "✅" : "❌"} ${target.text}`;
}

function formatComparison(outcome: ScenarioOutcome): string {
  const value = comparison(outcome);
  if (value === undefined) return "—";
  const { figure } = outcome.scenario;
  if (figure === "added latency") return `${value >= 0 ? "+" : "−"}${ms(Math.abs(value))} p99`;
  return `${value.toFixed(2)}× ${{ throughput: "msgs/s", latency: "p99", memory: "RSS" }[figure]}`;
}

/** What Sluice is compared with, for the console; undefined for a Sluice-only baseline. */
function comparedWith(scenario: Scenario): string | undefined {
  if (scenario.baseline) return `Sluice/Sluice on ${scenario.baseline}`;
  return scenario.sluiceOnly ? undefined : "Sluice/mosquitto";
}

/** The console block for one scenario, printed as soon as both brokers have run it. */
export function consoleTable(outcome: ScenarioOutcome): string {
  const rows = brokerOrder.filter((b) => outcome.results[b]).map((b) => cells(b, outcome.results[b]!));
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => "  " + r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ");
  const out = [`${outcome.scenario.title}: ${outcome.scenario.description}`, line(columns), ...rows.map(line)];
  for (const b of brokerOrder) {
    const result = outcome.results[b];
    if (isResult(result)) out.push(...result.notes.map((n) => `  ${b}: ${n}`), ...summarizeErrors(result).map((e) => `  ${b}: ${e}`));
  }
  const against = comparedWith(outcome.scenario);
  if (against) out.push(`  ${against}: ${formatComparison(outcome)}   target: ${targetMark(outcome)}`);
  return out.join("\n");
}

/** The results (markdown): a table of the scenarios run on both brokers, then one of the hook scenarios. */
export function resultTables(outcomes: ScenarioOutcome[]): string {
  const [brokerOutcomes, hookOutcomes] = [outcomes.filter((o) => !o.scenario.sluiceOnly), outcomes.filter((o) => o.scenario.sluiceOnly)];
  const tables = brokerOutcomes.length > 0 ? [markdownTable(brokerOutcomes, "Sluice/mosquitto")] : [];
  if (hookOutcomes.length > 0) {
    tables.push(`### On-publish hooks

Sluice with each hook against Sluice without one, on the same load in the same run (mosquitto
has no hooks).

${markdownTable(hookOutcomes, "vs no hook")}`);
  }
  return tables.join("\n\n");
}

/** The results table of the given scenarios; `comparedWith` heads the comparison column. */
function markdownTable(outcomes: ScenarioOutcome[], comparedWith: string): string {
  const header = ["Scenario", ...columns.map((c) => (c === "broker" ? "Broker" : c)), comparedWith, "Target", "Notes"];
  const lines = [`| ${header.join(" | ")} |`, `|${header.map((_, i) => (i >= 2 && i <= 9 ? " ---: " : " --- ")).join("|")}|`];
  for (const outcome of outcomes) {
    for (const b of brokerOrder) {
      const result = outcome.results[b];
      if (!result) continue;
      const isSluice = b === "sluice";
      const notes = isResult(result) ? [...result.notes, ...summarizeErrors(result)] : [];
      lines.push(`| ${[outcome.scenario.title, ...cells(b, result), isSluice ? formatComparison(outcome) : "", isSluice ? targetMark(outcome) : "", notes.join("; ")].join(" | ")} |`);
    }
  }
  return lines.join("\n");
}

/** docs/benchmarks.md: how the benchmark works and how to run it, then the latest results. */
export function benchmarksDocument(outcomes: ScenarioOutcome[], info: RunInfo, mosquittoConfig: string, limitOverrides: Record<string, number>): string {
  const scenarioList = (sluiceOnly: boolean) =>
    scenarioNames
      .filter((name) => Boolean(scenarios[name].sluiceOnly) === sluiceOnly)
      .map((name) => {
        const s = scenarios[name];
        return `- \`${name}\` — **${s.title}**: ${s.description}${s.target ? ` Target: ${s.target.text}.` : ""}`;
      })
      .join("\n");
  const targets = outcomes.filter((o) => o.scenario.target).map((o) => `- ${o.scenario.title}: ${targetMark(o)} (${targetFigure(o)})`);
  return `# Benchmarks

\`npm run bench\` is Sluice's own MQTT load generator. It runs each scenario against Sluice and,
in the same run and back to back, against \`mosquitto\` when it is installed (on \`PATH\` or in
\`/usr/sbin\`), and prints messages/s, latency percentiles, broker memory and the Sluice/mosquitto
ratio. The on-publish hook scenarios run on Sluice only (mosquitto has no hooks) and compare
Sluice with a hook to Sluice without one. Benchmarks are not tests: nothing in \`npm test\`
asserts on timing.

## Running it

\`\`\`sh
npm run bench                                  # every scenario, ~5 s measured each, writes this file
npm run bench -- --scenario fanin-qos0,latency # some scenarios (repeatable or comma separated)
npm run bench -- --scenario hooks --no-write   # the hook scenarios only (~1 min), print only
npm run bench -- --quick --no-write            # 2 s measurements, 2,000 idle connections, print only
npm run bench:explorer                         # the explorer page at 5,000 msgs/s for 60 s in Chromium
\`\`\`

Options: \`--scenario <names>\` (\`hooks\` names all the hook scenarios; a hook scenario brings
its baseline along), \`--duration <seconds>\` (measurement per scenario and broker,
default 5), \`--quick\`, \`--no-mosquitto\`, \`--pglite\` (Sluice on its embedded store),
\`--postgres <url>\` (PostgreSQL server for Sluice's store, default
\`postgres://postgres@127.0.0.1:5432/postgres\`), \`--mqtt-version 5|3.1.1\` (default 5),
\`--write <file>\` (default \`docs/benchmarks.md\`) and \`--no-write\`.

## How it measures

- **One core each.** The machine has 2 cores: each broker runs pinned to core 0
  (\`taskset -c 0\`), and the load generator runs in a separate process pinned to core 1
  (\`lib/bench/load-runner.ts\`, one process per scenario and broker). Without \`taskset\` or a
  second core it runs unpinned and says so.
- **Load generator** (\`lib/bench/\`): raw TCP sockets and a minimal MQTT codec of its own
  (\`wire.ts\`). Publishers copy a pre-encoded PUBLISH into batches of 64, stamp the send time
  (\`performance.now()\`, float64) into the first 8 bytes of each 64-byte payload, and write while
  the socket accepts, waiting for \`drain\` otherwise. QoS 1 publishers keep 100 messages in
  flight. Subscribers count PUBLISH frames with a streaming parser that reads whole frames in
  place and acks QoS 1 deliveries once per received chunk. Latency is receive time minus send
  time in the same process, into a log-linear histogram (under 1.6% error). The latency scenario
  also notes how late the generator's own timers fire (event-loop delay p99): a latency close to
  it is at the floor of what the machine can measure, whatever the broker does.
- **Throughput** is the rate delivered to subscribers over the measurement (after a 1 s warm-up),
  the rate that counts; a broker that drops messages for a slow subscriber does not get credit
  for them. The notes give the publish rate and the share of it delivered: well under 100% means
  the broker dropped messages (QoS 0 for a subscriber whose socket is backed up, QoS 1 beyond
  1000 queued per session; PUBACKs reach publishers either way). In the flat-out scenarios the
  latency columns show queueing under saturation.
- **Broker CPU / gen CPU / other CPU** are the cores the broker, the load generator and every
  other process on the machine used during the measurement. A generator near 100% means the
  result is bounded by the generator, not the broker; other CPU well above 0% means neighbours
  competed for the cores and the run (latency above all) is noisy.
- **Sluice's store.** Sluice embeds PGlite (PostgreSQL compiled to WASM) when no database URL is
  set, which alone costs a few hundred MB of RSS. The benchmark measures the broker, so by default
  Sluice runs on a real PostgreSQL (\`DATABASE_URL\`), on a database \`sluice_bench_<pid>\` created
  for the run and dropped after it; \`--pglite\` measures the embedded store instead. The idle
  scenario reports RSS growth over the broker's RSS before its connections as well.
- **Sluice's limits.** Before Sluice starts, the benchmark stores these limit overrides for the
  default broker: \`${JSON.stringify(limitOverrides)}\`. The default per-client rate limit
  (10,000 packets/s) disconnects a pipelining publisher, and a QoS 1 subscriber sending PUBACKs,
  with 0x96 Message rate too high within a second; mosquitto has no such limit. Every other limit
  keeps its default.
- **mosquitto** runs with this generated configuration:

  \`\`\`
${mosquittoConfig
  .trim()
  .split("\n")
  .map((l) => `  ${l}`)
  .join("\n")}
  \`\`\`
- **System call cost decides much of the ratio.** Relaying one message from one publisher to one
  subscriber, mosquitto 2.0.11 makes about ten system calls (strace: three \`read()\`s per
  incoming packet, one \`write()\` per outgoing packet, four \`epoll_ctl\`, two
  \`rt_sigprocmask\`), while Node reads up to 64 KB per call and Sluice writes one tick's packets
  together. Where system calls are expensive (virtual machines; the machine line below gives the
  cost of a 1-byte \`read()\`, well under 1 µs on bare metal) mosquitto loses far more than
  Sluice, so expect much lower ratios on bare metal.
- **On-publish hooks** (Sluice only). Each hook scenario deploys its hook through the API
  (\`PUT …/hook\`, with an admin token the benchmark starts Sluice with) before its clients
  connect and removes it after, and is compared with the same load on Sluice without a hook,
  measured in the same run: mosquitto has no hooks, so these are Sluice-to-Sluice ratios. The
  fan-in publishers send 64-byte JSON payloads (the send time is a fixed-width string in them, so
  it survives a hook that parses and re-serialises the payload) and keep at most 8,000 messages in
  flight between them and the subscriber: a full hook backlog (\`maxHookBacklog\`, 10,000)
  refuses QoS 0 publishes instead of slowing the publishers down, and unbounded publishers would
  measure how fast Sluice sheds load rather than how fast its hook delivers. So nothing may be
  lost: after the measurement every published message must arrive, and the hook's own metrics
  (\`GET …/hook/metrics\`) must show it saw every message, failed no call, and changed exactly the
  messages it should; otherwise the scenario fails and \`npm run bench\` exits with 1. The notes
  give the hook's calls: messages per call (the broker batches up to 1,000, with up to 4 batches in
  flight) and the call latency as the broker measured it.
- **RSS** is the broker's resident memory at the end of the measurement; **RSS growth** is its
  change since the scenario's clients started connecting (for the idle scenario: the cost of the
  connections).
- The machine is shared and noisy: compare the ratios, which come from runs seconds apart, more
  than the absolute numbers.

## Where Sluice's memory goes

The idle target (10k connections under 100 MB RSS) is not met. For scale: a bare Node 20 TCP
server (\`net.createServer\` with a \`data\` listener, nothing else) holding 10,000 idle sockets is at
86 MB RSS on this machine (46 MB before the clients, 3.9 KB per socket), which leaves about 14 MB
under the target for everything Sluice adds. Sluice's share has two parts:

- **Before any client connects**, Sluice's process holds about 130 MB: Node itself ~40 MB, the
  tsx loader that compiles the TypeScript at start ~30 MB, Drizzle ~12 MB, zod ~14 MB, the
  control-plane API (Hono, jose, argon2) ~10 MB, the other modules and the JS heap the rest (with \`--pglite\`, PGlite adds ~40 MB of code plus its
  database memory). Running prebuilt JavaScript instead of tsx is the next step here.
- **Each idle connection** costs about 5 KB of RSS (about 4 KB of JS heap: the socket and its
  stream state, the connection, the session, one child logger). mqtt-packet parsers are shared by
  all connections, and drivers load only when used.
- **The broker core alone** (BrokerHost and the TCP listener bundled with esbuild into one file:
  no store, API, hooks or tsx) measured the same way: 51 MB before the clients and 132 MB with
  10,000 (8.1 KB per connection, against 3.7 KB for the bare socket in the same run). So even a
  process that runs nothing but the broker is over the target today, by its per-connection state
  (about 4.4 KB above the socket); meeting the target takes both a broker process without the
  control plane in it and that state cut to under 1 KB per idle connection.

## The explorer in the browser

Issue 6's target for the console's topic explorer — at 5,000 msgs/s incoming for 60 s the page
stays responsive, no frame over 100 ms, memory bounded — is measured in headless Chromium by
\`npm run bench:explorer\` (e2e/explorer-load.spec.ts against a real server: a device publishes on
200 topics while the page shows tree, list and charts; long animation frames, JS heap, buffer
size and click-to-detail time are printed). Latest run, on this machine with server, publisher
and Chromium sharing its 2 cores: every message received; JS heap between 22 and 52 MB, not
growing; a click shows its message in 92–244 ms; **3 frames over 100 ms in the minute** (the
longest 126 ms: the two throughput charts redrawing, and garbage collection), so the target is
not met yet. docs/explorer.md explains the design (MQTT.js in a Web Worker, a bounded store
outside React, one render per frame).

## Where the hook time goes

In the hook table, **vs no hook** is Sluice's delivered msgs/s with the hook divided by its rate
on \`hook-none\`, and for the latency pair the p99 the identity hook adds at 10k msgs/s. The
targets (identity ≥ 0.7×, JSON transform ≥ 0.5×, ≤ 2 ms added to p99) are not met yet. Without a
hook Sluice spends about 2–2.5 µs of its core per fan-in message; a script hook first added about
20 µs, now about 6 µs (identity). What changed, from profiles on one core:

- **Spreads on the message path.** Object literals that start with a spread (\`{ ...x, … }\`) take
  V8's slow path (~5 µs each against ~0.1 µs with plain assignments) and slow down every
  young-generation GC. The hook output check and the PUBLISH encoder now assign fields one by one.
- **The isolate boundary.** A batch goes in as one array per field, not one object per message
  (half the copy cost); the isolate builds the objects. A message returned as it came goes back
  as its index, and the broker delivers the original without a copy. A call without
  \`ctx.waitUntil\` work makes one isolate call, not two. Batches hold up to 1,000 messages (or
  4 MiB), so a call's fixed cost (~40 µs on one core, more while the core is busy) is shared by
  more messages.
- **One core.** The isolate has a thread of its own; pinned to the broker's core, as here, its
  work adds to the broker's. Where it gets another core much of it overlaps the event loop.
  Calls on one sandbox run one at a time.

What remains is mostly the copy in and out of the isolate and building the message objects
inside it (~1.6 µs per message for the identity hook measured alone), and garbage collection:
about a third of the broker's CPU in the identity fan-in, because messages wait in the hook's
queue (8,000 in flight here, ~80 ms) long enough to survive young-generation GCs and be copied
to the old generation.

**Added latency.** The hook call itself is quick at 10k msgs/s (p99 under 1 ms for ~12 messages
a call); the p99 comes from GC pauses. After the saturating scenarios, V8 allocates the
accepted-publish objects directly in the old generation (allocation-site pretenuring: they
survived while queued); from then on each young-generation GC keeps the young parts of those
dead messages alive (~3 MB per GC at 10k msgs/s) and takes 10–25 ms instead of under 1 ms, with
or without a hook, worse with one. With \`--no-allocation-site-pretenuring\` in the broker the
same sequence measured +0.2 ms added at p99 and unchanged hook throughput; whether it costs the
other scenarios (one QoS 1 fan-in sample was lower) is not yet measured.

The echo webhook carries ~850 messages a call; beside GC, its broker time goes to building the
wire objects (\`toWire\` starts its literal with a spread), encoding the body to UTF-8 twice
(signature and \`fetch\`), and \`fetch\` itself.

## Scenarios

${scenarioList(false)}

### On-publish hooks (Sluice only)

${scenarioList(true)}

## Latest results

${info.date} — \`${info.command}\`

${info.machine}
${info.notes.length > 0 ? `\n${info.notes.map((n) => `- ${n}`).join("\n")}\n` : ""}
${resultTables(outcomes)}

### Targets

${targets.length > 0 ? targets.join("\n") : "No scenario with a target was run."}
`;
}

function targetFigure(outcome: ScenarioOutcome): string {
  const sluice = outcome.results.sluice;
  if (!isResult(sluice)) return sluice ? `Sluice failed: ${sluice.failed}` : "Sluice not run";
  if (outcome.scenario.figure === "latency") return `Sluice p99 ${ms(sluice.p99Ms)} at ${rate(sluice.deliveredPerSec)} msgs/s`;
  if (outcome.scenario.figure === "memory") return `Sluice RSS ${mb(sluice.rssBytes)}, growth ${mb(sluice.rssBytes - sluice.rssBeforeBytes)}`;
  const { baseline } = outcome.scenario;
  if (!baseline) return `Sluice/mosquitto ${formatComparison(outcome)}`;
  const base = isResult(outcome.baseline) ? outcome.baseline : undefined;
  if (outcome.scenario.figure === "added latency") return `Sluice p99 ${ms(sluice.p99Ms)}, ${ms(base?.p99Ms)} on ${baseline}: ${formatComparison(outcome)}`;
  return `Sluice ${rate(sluice.deliveredPerSec)} msgs/s, ${rate(base?.deliveredPerSec)} on ${baseline}: ${formatComparison(outcome)}`;
}

function cells(broker: BrokerName, result: Outcome): string[] {
  if (!isResult(result)) return [broker, `failed: ${result.failed.split("\n")[0]}`, ...columns.slice(2).map(() => "")];
  return [
    broker,
    rate(result.deliveredPerSec),
    ms(result.p50Ms),
    ms(result.p99Ms),
    mb(result.rssBytes),
    `${result.rssBytes >= result.rssBeforeBytes ? "+" : ""}${mb(result.rssBytes - result.rssBeforeBytes)}`,
    percent(result.brokerCpu),
    percent(result.generatorCpu),
    percent(result.otherCpu),
  ];
}

function summarizeErrors(result: RunResult): string[] {
  if (result.errors.length === 0) return [];
  const shown = result.errors.slice(0, 3).join("; ");
  return [`⚠ ${result.errors.length} client error(s): ${shown}${result.errors.length > 3 ? "; …" : ""}`];
}

function rate(value: number | undefined): string {
  return value === undefined ? "—" : Math.round(value).toLocaleString("en-US");
}

function ms(value: number | undefined): string {
  return value === undefined ? "—" : `${value < 10 ? value.toFixed(2) : value.toFixed(0)} ms`;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function percent(cores: number | undefined): string {
  return cores === undefined ? "—" : `${Math.round(cores * 100)}%`;
}

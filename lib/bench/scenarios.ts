// The benchmark scenarios: what each one runs, which figure compares the brokers, and its target.
// run() executes inside the load runner (load-runner.ts) against one broker and returns the
// figures; index.ts runs every scenario against each broker back to back. The hook scenarios run
// on Sluice only (mosquitto has no hooks) and compare Sluice with itself without the hook.
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { Histogram } from "./histogram.ts";
import { type BenchHook, type SluiceApi, withHook } from "./hooks.ts";
import { BenchClient, InFlightWindow, Publisher, Subscriber } from "./load.ts";
import { readCpuMs, readMachineBusyMs, readRss } from "./proc.ts";
import type { MqttVersion, PayloadFormat } from "./wire.ts";

export const scenarioNames = [
  "fanin-qos0",
  "fanout-qos0",
  "pairs-qos0",
  "fanin-qos1",
  "latency",
  "idle",
  "hook-none",
  "hook-identity",
  "hook-json",
  "hook-webhook",
  "hook-latency-none",
  "hook-latency-identity",
] as const;
export type ScenarioName = (typeof scenarioNames)[number];

/** What the load runner needs to run one scenario against one broker. */
export interface RunSpec {
  scenario: ScenarioName;
  port: number;
  brokerPid: number;
  version: MqttVersion;
  warmupMs: number;
  durationMs: number;
  /** Connections the idle scenario opens. */
  idleConnections: number;
  /** Sluice's API, where the hook scenarios deploy their hook; absent for mosquitto. */
  api?: SluiceApi;
}

export interface RunResult {
  /** Messages delivered to subscribers per second over the measurement (the rate that counts). */
  deliveredPerSec?: number;
  publishedPerSec?: number;
  p50Ms?: number;
  p99Ms?: number;
  /** Broker RSS at the end of the measurement. */
  rssBytes: number;
  /** Broker RSS before the scenario's connections were opened. */
  rssBeforeBytes: number;
  /** CPU over the measurement, in cores (1 = one core busy): the broker, the generator, and every other process on the machine. */
  brokerCpu?: number;
  generatorCpu?: number;
  otherCpu?: number;
  notes: string[];
  /** Clients the broker refused or disconnected, and refused PUBACKs: the run is suspect. */
  errors: string[];
}

/**
 * How Sluice is compared: the ratio of its msgs/s, p99 latency or RSS to mosquitto's (or its
 * baseline's), or for "added latency" the p99 it adds over its baseline, in ms.
 */
export type Figure = "throughput" | "latency" | "memory" | "added latency";

export interface Scenario {
  name: ScenarioName;
  title: string;
  description: string;
  figure: Figure;
  /** Run on Sluice only: the hook scenarios (mosquitto has no hooks). */
  sluiceOnly?: true;
  /** Compare Sluice with its own result on this scenario instead of with mosquitto. */
  baseline?: ScenarioName;
  /** The issue's target for Sluice, when there is one; `comparison` is the figure above. */
  target?: { text: string; met(sluice: RunResult, comparison: number | undefined): boolean | undefined };
  run(spec: RunSpec): Promise<RunResult>;
}

/** Fixed publish rate of the latency scenario, and of the hook latency scenarios. */
const LATENCY_RATE = 20_000;
const HOOK_LATENCY_RATE = 10_000;
/**
 * Messages in flight (published, not yet received) in the hook fan-in scenarios: below the
 * broker's hook backlog (maxHookBacklog, 10,000), beyond which it refuses QoS 0 publishes
 * instead of pushing back, so the publishers wait for deliveries and every message must arrive.
 */
const HOOK_WINDOW = 8000;
const MB = 1024 * 1024;

const atLeast = (share: number, of: string): Scenario["target"] => ({
  text: `≥ ${share}× ${of}`,
  met: (_sluice, ratio) => (ratio === undefined ? undefined : ratio >= share),
});

/** A script hook that keeps every message as it is. */
const IDENTITY_HOOK: BenchHook = { kind: "script", source: "export default { async onPublish(messages) { return messages; } };", transforms: false };
/** A script hook that parses each JSON payload, adds a field and writes it back. */
const JSON_HOOK: BenchHook = {
  kind: "script",
  source: `export default {
  async onPublish(messages) {
    return messages.map((m) => {
      const reading = JSON.parse(m.payload);
      reading.fahrenheit = reading.celsius * 1.8 + 32;
      return { ...m, payload: JSON.stringify(reading) };
    });
  },
};`,
  transforms: true,
};
/** A webhook to the echo receiver (hooks.ts), which returns every message unchanged. */
const ECHO_WEBHOOK: BenchHook = { kind: "webhook", transforms: false };

const hookFanIn = (hook: BenchHook | undefined) => (spec: RunSpec) =>
  onSluice(spec, hook, () =>
    throughput(spec, {
      subscribers: [{ filter: "bench/hooked/#", qos: 0 }],
      publishers: range(4).map((i) => ({ topic: `bench/hooked/${i}`, qos: 0 as const })),
      copies: 1,
      payload: "json",
      window: HOOK_WINDOW,
    }),
  );

const hookLatency = (hook: BenchHook | undefined) => (spec: RunSpec) => onSluice(spec, hook, () => latency(spec, { rate: HOOK_LATENCY_RATE, topic: "bench/hooklatency", payload: "json", lossless: true }));

const HOOK_FANIN = `4 publishers flat out on bench/hooked/<n> with 64-byte JSON payloads, at most ${HOOK_WINDOW.toLocaleString("en-US")} messages in flight (published, not yet received), → 1 subscriber on bench/hooked/#; every message must arrive`;

export const scenarios: Record<ScenarioName, Scenario> = {
  "fanin-qos0": {
    name: "fanin-qos0",
    title: "QoS 0 fan-in",
    description: "4 publishers flat out on bench/fanin/<n> → 1 subscriber on bench/fanin/#.",
    figure: "throughput",
    target: atLeast(0.7, "mosquitto"),
    run: (spec) =>
      throughput(spec, {
        subscribers: [{ filter: "bench/fanin/#", qos: 0 }],
        publishers: range(4).map((i) => ({ topic: `bench/fanin/${i}`, qos: 0 as const })),
        copies: 1,
      }),
  },
  "fanout-qos0": {
    name: "fanout-qos0",
    title: "QoS 0 fan-out",
    description: "1 publisher flat out on bench/fanout → 50 subscribers on it; deliveries are summed over the subscribers.",
    figure: "throughput",
    target: atLeast(0.7, "mosquitto"),
    run: (spec) =>
      throughput(spec, {
        subscribers: range(50).map(() => ({ filter: "bench/fanout", qos: 0 as const })),
        publishers: [{ topic: "bench/fanout", qos: 0 }],
        copies: 50,
      }),
  },
  "pairs-qos0": {
    name: "pairs-qos0",
    title: "QoS 0 pairs",
    description: "10 publisher → subscriber pairs, each on its own topic bench/pair/<n>.",
    figure: "throughput",
    run: (spec) =>
      throughput(spec, {
        subscribers: range(10).map((i) => ({ filter: `bench/pair/${i}`, qos: 0 as const })),
        publishers: range(10).map((i) => ({ topic: `bench/pair/${i}`, qos: 0 as const })),
        copies: 1,
      }),
  },
  "fanin-qos1": {
    name: "fanin-qos1",
    title: "QoS 1 fan-in",
    description: "4 QoS 1 publishers, 100 messages in flight each, → 1 QoS 1 subscriber on bench/fanin1/# that acks every delivery.",
    figure: "throughput",
    target: atLeast(0.7, "mosquitto"),
    run: (spec) =>
      throughput(spec, {
        subscribers: [{ filter: "bench/fanin1/#", qos: 1 }],
        publishers: range(4).map((i) => ({ topic: `bench/fanin1/${i}`, qos: 1 as const })),
        copies: 1,
      }),
  },
  latency: {
    name: "latency",
    title: "Latency at 20k msgs/s",
    description: `1 publisher paced at ${LATENCY_RATE.toLocaleString("en-US")} msgs/s (a batch every 1 ms timer tick) → 1 subscriber; latency from the send time in each payload (same process, same clock).`,
    figure: "latency",
    target: { text: "p99 ≤ 2 ms", met: (sluice) => (sluice.p99Ms === undefined ? undefined : sluice.p99Ms <= 2) },
    run: (spec) => latency(spec, { rate: LATENCY_RATE, topic: "bench/latency" }),
  },
  idle: {
    name: "idle",
    title: "10k idle connections",
    description: "10,000 connections (CONNECT, wait for CONNACK, keep alive 0) opened 100 at a time and held; broker RSS after they settle, and its growth over the RSS before they opened.",
    figure: "memory",
    target: { text: "RSS < 100 MB", met: (sluice) => sluice.rssBytes < 100 * MB },
    run: idle,
  },
  "hook-none": {
    name: "hook-none",
    title: "Hook fan-in: no hook",
    description: `Sluice only: ${HOOK_FANIN}. No hook: the baseline of the hook fan-in scenarios.`,
    figure: "throughput",
    sluiceOnly: true,
    run: hookFanIn(undefined),
  },
  "hook-identity": {
    name: "hook-identity",
    title: "Hook fan-in: identity script",
    description: "As hook-none, with a script hook that returns its input (`return messages`).",
    figure: "throughput",
    sluiceOnly: true,
    baseline: "hook-none",
    target: atLeast(0.7, "no hook"),
    run: hookFanIn(IDENTITY_HOOK),
  },
  "hook-json": {
    name: "hook-json",
    title: "Hook fan-in: JSON transform script",
    description: "As hook-none, with a script hook that parses each payload (`JSON.parse`), adds a field and writes it back (`JSON.stringify`).",
    figure: "throughput",
    sluiceOnly: true,
    baseline: "hook-none",
    target: atLeast(0.5, "no hook"),
    run: hookFanIn(JSON_HOOK),
  },
  "hook-webhook": {
    name: "hook-webhook",
    title: "Hook fan-in: echo webhook",
    description: "As hook-none, with a webhook to a receiver in the load runner that answers each POST with its body (it verifies nothing, so every message comes back unchanged).",
    figure: "throughput",
    sluiceOnly: true,
    baseline: "hook-none",
    run: hookFanIn(ECHO_WEBHOOK),
  },
  "hook-latency-none": {
    name: "hook-latency-none",
    title: "Hook latency at 10k msgs/s: no hook",
    description: `Sluice only: 1 publisher paced at ${HOOK_LATENCY_RATE.toLocaleString("en-US")} msgs/s with JSON payloads → 1 subscriber, as the latency scenario; every message must arrive. No hook: the baseline of hook-latency-identity.`,
    figure: "latency",
    sluiceOnly: true,
    run: hookLatency(undefined),
  },
  "hook-latency-identity": {
    name: "hook-latency-identity",
    title: "Hook latency at 10k msgs/s: identity script",
    description: "As hook-latency-none, with the identity script hook; compared by the p99 latency it adds.",
    figure: "added latency",
    sluiceOnly: true,
    baseline: "hook-latency-none",
    target: { text: "≤ 2 ms added to p99", met: (_sluice, added) => (added === undefined ? undefined : added <= 2) },
    run: hookLatency(IDENTITY_HOOK),
  },
};

/** Runs `load` on Sluice with `hook` deployed for its duration (none: as is), the hook's own figures added to the notes. */
async function onSluice(spec: RunSpec, hook: BenchHook | undefined, load: () => Promise<RunResult>): Promise<RunResult> {
  if (!hook) return load();
  const { result, notes } = await withHook(spec.api, hook, load);
  return { ...result, notes: [...result.notes, ...notes] };
}

interface ThroughputSetup {
  subscribers: Array<{ filter: string; qos: 0 | 1 }>;
  publishers: Array<{ topic: string; qos: 0 | 1 }>;
  /** Subscribers each published message goes to. */
  copies: number;
  payload?: PayloadFormat;
  /** QoS 0 messages in flight at most, over all publishers (fan-in only); with it, the run must lose none. */
  window?: number;
}

/** Subscribers first (SUBACK received), then publishers flat out; warm up, then measure deliveries. */
async function throughput(spec: RunSpec, setup: ThroughputSetup): Promise<RunResult> {
  const latencies = new Histogram();
  const window = setup.window === undefined ? undefined : new InFlightWindow(setup.window);
  const rssBeforeBytes = readRss(spec.brokerPid);
  const subscribers = await Promise.all(
    setup.subscribers.map(async ({ filter, qos }, i) => {
      const subscriber = new Subscriber(clientId(spec, "sub", i), spec.version, latencies, window);
      await subscriber.connect(spec.port);
      await subscriber.subscribe(filter, qos);
      return subscriber;
    }),
  );
  const publishers = await Promise.all(
    setup.publishers.map(async ({ topic, qos }, i) => {
      const publisher = new Publisher(clientId(spec, "pub", i), spec.version, topic, qos, { payload: setup.payload, window });
      await publisher.connect(spec.port);
      return publisher;
    }),
  );
  for (const publisher of publishers) publisher.start();

  const counts = () => ({ delivered: sum(subscribers.map((s) => s.received)), published: sum(publishers.map((p) => p.sent)) });
  const measured = await measure(spec, () => latencies.reset(), counts);

  for (const publisher of publishers) publisher.stop();
  const errors = [...subscribers, ...publishers].flatMap((c) => (c.error ? [c.error] : []));
  if (window) await assertNoneLost(counts, errors);
  const refused = sum(publishers.map((p) => p.refused));
  if (refused > 0) errors.push(`${refused} PUBLISHes refused in PUBACK`);
  for (const client of [...publishers, ...subscribers]) client.close();
  const [deliveredPerSec, publishedPerSec] = [measured.rate("delivered"), measured.rate("published")];
  // Deliveries lag publishes by the queues in between (socket buffers hold seconds of messages
  // for a slow broker), so a share over 100%, or publishers blocked all along, is normal.
  const published =
    publishedPerSec > 0
      ? `published ${Math.round(publishedPerSec).toLocaleString("en-US")}/s${setup.copies > 1 ? ` × ${setup.copies} subscribers` : ""}, ${Math.round((deliveredPerSec / (publishedPerSec * setup.copies)) * 100)}% delivered`
      : "publishers blocked by backpressure throughout";
  return {
    deliveredPerSec,
    publishedPerSec,
    p50Ms: latencies.percentile(0.5),
    p99Ms: latencies.percentile(0.99),
    rssBytes: readRss(spec.brokerPid),
    rssBeforeBytes,
    ...measured.cpu,
    notes: [published],
    errors,
  };
}

interface LatencySetup {
  rate: number;
  topic: string;
  payload?: PayloadFormat;
  /** Whether the run must lose no message. */
  lossless?: boolean;
}

async function latency(spec: RunSpec, setup: LatencySetup): Promise<RunResult> {
  const latencies = new Histogram();
  const rssBeforeBytes = readRss(spec.brokerPid);
  const subscriber = new Subscriber(clientId(spec, "sub", 0), spec.version, latencies);
  await subscriber.connect(spec.port);
  await subscriber.subscribe(setup.topic, 0);
  const publisher = new Publisher(clientId(spec, "pub", 0), spec.version, setup.topic, 0, { payload: setup.payload });
  await publisher.connect(spec.port);
  publisher.startPaced(setup.rate);
  // How late the generator's own timers fire: the floor under the latencies measured here.
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();

  const reset = () => {
    latencies.reset();
    loopDelay.reset();
  };
  const counts = () => ({ delivered: subscriber.received, published: publisher.sent });
  const measured = await measure(spec, reset, counts);

  loopDelay.disable();
  publisher.stop();
  const errors = [subscriber.error, publisher.error].filter((e): e is string => e !== undefined);
  if (setup.lossless) await assertNoneLost(counts, errors);
  subscriber.close();
  publisher.close();
  return {
    deliveredPerSec: measured.rate("delivered"),
    publishedPerSec: measured.rate("published"),
    p50Ms: latencies.percentile(0.5),
    p99Ms: latencies.percentile(0.99),
    rssBytes: readRss(spec.brokerPid),
    rssBeforeBytes,
    ...measured.cpu,
    notes: [`p99.9 ${latencies.percentile(0.999)?.toFixed(2)} ms`, `generator event-loop delay p99 ${(loopDelay.percentile(99) / 1e6).toFixed(2)} ms`],
    errors,
  };
}

/**
 * Connections opened this many at a time, each waiting for its CONNACK. mosquitto listens with a
 * backlog of 100: more SYNs at once overflow it and wait out a 1 s retransmit.
 */
const IDLE_BATCH = 100;
/** Time for the broker to settle (buffers released, timers armed) before RSS is read. */
const IDLE_SETTLE_MS = 2000;

async function idle(spec: RunSpec): Promise<RunResult> {
  const rssBeforeBytes = readRss(spec.brokerPid);
  const clients: BenchClient[] = [];
  const startedAt = performance.now();
  for (let first = 0; first < spec.idleConnections; first += IDLE_BATCH) {
    const batch = range(Math.min(IDLE_BATCH, spec.idleConnections - first)).map((i) => new BenchClient(clientId(spec, "idle", first + i), spec.version));
    clients.push(...batch);
    // A refused connection is recorded in client.error and reported; the others go on.
    await Promise.all(batch.map((client) => client.connect(spec.port).catch(() => undefined)));
  }
  const connectSeconds = (performance.now() - startedAt) / 1000;
  await sleep(IDLE_SETTLE_MS);
  const rssBytes = readRss(spec.brokerPid);
  const errors = clients.flatMap((c) => (c.error ? [c.error] : []));
  const connected = clients.length - errors.length;
  for (const client of clients) client.close();
  return {
    rssBytes,
    rssBeforeBytes,
    notes: [`${connected.toLocaleString("en-US")} connections in ${connectSeconds.toFixed(1)} s, ${((rssBytes - rssBeforeBytes) / Math.max(connected, 1) / 1024).toFixed(1)} KB each`],
    errors,
  };
}

interface Counts {
  delivered: number;
  published: number;
}

/** How long messages still on their way when the publishers stop may take to arrive. */
const DRAIN_TIMEOUT_MS = 10_000;

/** For a run that may lose nothing: waits until everything published has arrived, or throws. */
async function assertNoneLost(counts: () => Counts, errors: string[]): Promise<void> {
  const deadline = performance.now() + DRAIN_TIMEOUT_MS;
  while (errors.length === 0 && counts().delivered < counts().published && performance.now() < deadline) await sleep(10);
  const { delivered, published } = counts();
  if (errors.length > 0 || delivered !== published) {
    throw new Error(`${(published - delivered).toLocaleString("en-US")} of ${published.toLocaleString("en-US")} messages lost${errors.length > 0 ? ` (${errors.slice(0, 3).join("; ")})` : ""}`);
  }
}

/** Waits out the warm-up, resets what is sampled, then counts over the measurement window with CPU use on both sides. */
async function measure(spec: RunSpec, reset: () => void, counts: () => Counts) {
  await sleep(spec.warmupMs);
  reset();
  const start = { at: performance.now(), counts: counts(), brokerMs: readCpuMs(spec.brokerPid), generator: process.cpuUsage(), machineMs: readMachineBusyMs() };
  await sleep(spec.durationMs);
  const elapsedMs = performance.now() - start.at;
  const end = counts();
  const generatorUsage = process.cpuUsage(start.generator);
  const brokerMs = readCpuMs(spec.brokerPid) - start.brokerMs;
  const generatorMs = (generatorUsage.user + generatorUsage.system) / 1000;
  const otherMs = Math.max(0, readMachineBusyMs() - start.machineMs - brokerMs - generatorMs);
  return {
    rate: (key: keyof Counts) => ((end[key] - start.counts[key]) * 1000) / elapsedMs,
    cpu: { brokerCpu: brokerMs / elapsedMs, generatorCpu: generatorMs / elapsedMs, otherCpu: otherMs / elapsedMs },
  };
}

function clientId(spec: RunSpec, role: string, index: number): string {
  return `bench-${spec.scenario}-${process.pid}-${role}-${index}`;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

// Puts each broker's live hook version on its broker's accepted-publish path (DESIGN §5): at
// start, and after every deploy, rollback and removal. A script version gets a sandbox of its
// own; the previous version's sandbox is disposed once its queued batches have run. Also builds
// the bindings a script reaches (KV, analytics, publish, objects, fetch), live or for test runs.
import { rm } from "node:fs/promises";
import path from "node:path";
import type { BrokerKeySet } from "../auth/broker-keys.ts";
import type { BrokerInstance } from "../broker/broker.ts";
import type { BrokerHost } from "../broker/host.ts";
import type { Message } from "../broker/message.ts";
import { topicNameError } from "../broker/protocol/topic.ts";
import { liveBindings, type HookBindingTargets, type HookBindings, type PublishRequest } from "../hook-runtime/bindings.ts";
import { HookLogs } from "../hook-runtime/logs.ts";
import type { HookMetrics } from "../hook-runtime/metrics.ts";
import { ObjectStore } from "../hook-runtime/object-store.ts";
import { addMessageToBatch, emptyBatch, toHookMessage } from "../hook-runtime/message.ts";
import { HookRunner, type Invoke } from "../hook-runtime/runner.ts";
import type { ScriptSandbox } from "../hook-runtime/sandbox.ts";
import { callWebhook } from "../hook-runtime/webhook-client.ts";
import type { Logger } from "../logger.ts";
import type { Store } from "../store/index.ts";
import type { HookVersionRecord } from "../store/repositories/hooks.ts";

/** Where `env.metrics.writeDataPoint` rows go (lib/control/analytics.ts). */
export interface DataPointSink {
  write(point: { brokerId: string; namespace: string; broker: string; labels: string[]; metrics: number[] }): string | undefined;
}

export interface LiveHooksOptions {
  host: BrokerHost;
  store: Store;
  keySetFor: (namespace: string, broker: string) => BrokerKeySet | undefined;
  analytics: DataPointSink;
  metrics: HookMetrics;
  dataDir: string;
  log: Logger;
}

/** isolated-vm is loaded on first use: a server whose brokers run no scripts does not pay for it. */
export async function newSandbox(): Promise<ScriptSandbox> {
  const { ScriptSandbox } = await import("../hook-runtime/sandbox.ts");
  return new ScriptSandbox();
}

interface Installed {
  version: number;
  sandbox?: ScriptSandbox;
}

export class LiveHooks {
  readonly logs = new HookLogs();
  readonly metrics: HookMetrics;
  private readonly installed = new Map<string, Installed>();
  /** Refreshes of one broker run one after another, so versions are installed in request order. */
  private readonly refreshing = new Map<string, Promise<void>>();

  constructor(private readonly options: LiveHooksOptions) {
    this.metrics = options.metrics;
  }

  /** Installs the live version of every broker that has one. */
  async start(): Promise<void> {
    for (const broker of this.options.host.allBrokers) await this.refresh(broker.identity.namespace, broker.identity.name);
  }

  /** Makes the broker run its live version (or no hook), as the store has it now. */
  refresh(namespace: string, name: string): Promise<void> {
    const key = `${namespace}/${name}`;
    const next = (this.refreshing.get(key) ?? Promise.resolve()).then(() => this.install(namespace, name));
    this.refreshing.set(key, next.catch(() => undefined));
    return next;
  }

  /** A deleted broker: frees its sandbox, logs and metrics, and deletes its objects. */
  async forget(namespace: string, name: string): Promise<void> {
    const key = `${namespace}/${name}`;
    await this.installed.get(key)?.sandbox?.dispose();
    this.installed.delete(key);
    this.logs.forget(key);
    this.metrics.forget(key);
    await rm(this.objectsDirectory(namespace, name), { recursive: true, force: true });
  }

  private objectsDirectory(namespace: string, name: string): string {
    return path.join(this.options.dataDir, "objects", namespace, name);
  }

  async stop(): Promise<void> {
    for (const broker of this.options.host.allBrokers) broker.hooks.setHook(undefined);
    await Promise.all([...this.installed.values()].map((i) => i.sandbox?.dispose()));
    this.installed.clear();
  }

  brokerInstance(namespace: string, name: string): BrokerInstance | undefined {
    return this.options.host.getBroker(namespace, name);
  }

  /** The live bindings of a broker's scripts: every call has its effect. */
  bindingsFor(broker: BrokerInstance): HookBindings {
    const { store, analytics } = this.options;
    const { id, namespace, name } = broker.identity;
    const targets: HookBindingTargets = {
      kv: {
        get: async (key) => (await store.kv.get(id, key)) ?? null,
        put: (key, value) => store.kv.put(id, key, value),
        delete: async (key) => void (await store.kv.delete(id, key)),
        list: (options) => store.kv.list(id, options),
      },
      writeDataPoint: (labels, metrics) => analytics.write({ brokerId: id, namespace, broker: name, labels, metrics }),
      publish: (request) => publishFromHook(broker, request),
      objects: new ObjectStore(this.objectsDirectory(namespace, name)),
      fetchAllowList: async () => (await store.brokers.get(namespace, name))?.fetchAllowList ?? [],
    };
    return liveBindings(targets);
  }

  private async install(namespace: string, name: string): Promise<void> {
    const { host, store, log } = this.options;
    const key = `${namespace}/${name}`;
    const broker = host.getBroker(namespace, name);
    const record = broker && (await store.brokers.get(namespace, name));
    const live = record ? await store.hooks.live(record.id) : undefined;
    const previous = this.installed.get(key);
    if (!broker || !live) {
      broker?.hooks.setHook(undefined);
      this.installed.delete(key);
      await previous?.sandbox?.dispose();
      return;
    }
    if (previous?.version === live.version) return;

    const installed: Installed = { version: live.version };
    const invoke = live.kind === "script" ? await this.scriptInvoke(broker, live, installed) : this.webhookInvoke(namespace, name, live);
    if (!invoke) return;
    const runner = new HookRunner(live, invoke, this.metrics.for(key, live.version), this.logs.for(key), () => broker.limits);
    broker.hooks.setHook(runner);
    this.installed.set(key, installed);
    log.info({ broker: key, version: live.version, kind: live.kind }, "hook version live");
    // Batches already handed to the old sandbox run first; then it goes.
    await previous?.sandbox?.dispose();
  }

  private async scriptInvoke(broker: BrokerInstance, live: HookVersionRecord, installed: Installed): Promise<Invoke | undefined> {
    const sandbox = await newSandbox();
    const deployed = await sandbox.deploy(live.source!);
    if (!deployed.ok) {
      // Deploy checked it compiles; a failure here (e.g. a changed runtime) leaves the broker hookless, loudly.
      this.logs.for(broker.key).append({ version: live.version, level: "error", message: `version ${live.version} does not start: ${deployed.error.message}` });
      this.options.log.error({ broker: broker.key, version: live.version, error: deployed.error }, "hook version does not start");
      await sandbox.dispose();
      broker.hooks.setHook(undefined);
      return undefined;
    }
    installed.sandbox = sandbox;
    const bindings = this.bindingsFor(broker);
    const where = { namespace: broker.identity.namespace, name: broker.identity.name };
    return async (messages, firstMid) => {
      const batch = emptyBatch(where);
      for (const [i, message] of messages.entries()) addMessageToBatch(batch, message, firstMid + i);
      const result = await sandbox.runBatch(batch, { timeoutMs: live.timeoutMs, bindings });
      return result.ok ? { ok: true, output: result.output, logs: result.logs, background: result.background } : { ok: false, kind: result.failure.kind, message: result.failure.message, logs: result.logs };
    };
  }

  private webhookInvoke(namespace: string, name: string, live: HookVersionRecord): Invoke {
    const { keySetFor } = this.options;
    return async (batch, firstMid) => {
      const keySet = keySetFor(namespace, name);
      if (!keySet) return { ok: false, kind: "exception", message: "the broker has no signing key", logs: [] };
      const messages = batch.map((message, i) => toHookMessage(message, firstMid + i));
      const result = await callWebhook(live.url!, messages, { keySet, broker: `${namespace}/${name}`, timeoutMs: live.timeoutMs });
      return result.ok ? { ok: true, output: result.output, logs: [] } : { ok: false, kind: result.kind, message: result.message, logs: [] };
    };
  }
}

/**
 * `env.publish`: a new message from the hook, delivered directly (retain → route). It does not
 * pass through the hook again, so a hook cannot feed itself in a loop.
 */
function publishFromHook(broker: BrokerInstance, request: PublishRequest): string | undefined {
  const topicError = topicNameError(request.topic, broker.limits) ?? (request.topic.startsWith("$") ? "topics starting with $ are reserved for the server" : null);
  if (topicError) return topicError;
  if (request.payload.length > broker.limits.maxPacketSize) return `payload of ${request.payload.length} bytes exceeds the broker's maximum packet size`;
  const message: Message = {
    topic: request.topic,
    payload: request.payload,
    qos: request.qos,
    retain: request.retain,
    properties: { contentType: request.contentType, userProperties: request.userProperties },
    publisherId: "",
    receivedAt: Date.now(),
  };
  broker.stats.messagesReceived++;
  const result = broker.deliver(message);
  return result.dropped === "retained_limit" ? "the broker holds its maximum of retained messages" : undefined;
}

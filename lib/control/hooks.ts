// A broker's on-publish hook: immutable versions, one of them live, deployed, rolled back or
// removed through the API, and tried on sample messages with side effects off. LiveHooks
// (live-hooks.ts) runs the live version on the broker; this service tells it when that changes.
import type { BrokerKeySet } from "../auth/broker-keys.ts";
import { dryRunBindings } from "../hook-runtime/bindings.ts";
import type { HookLogEntry } from "../hook-runtime/logs.ts";
import type { HookVersionMetricsSnapshot } from "../hook-runtime/metrics.ts";
import type { HookLog } from "../hook-runtime/sandbox.ts";
import { decisionsFor, type HookMessage, type HookOutputMessage } from "../hook-runtime/message.ts";
import { callWebhook } from "../hook-runtime/webhook-client.ts";
import type { Store } from "../store/index.ts";
import type { BrokerRecord } from "../store/repositories/brokers.ts";
import type { HookVersionRecord } from "../store/repositories/hooks.ts";
import type { HookDeploy, HookTest, HookTestDecision } from "../validations/hooks.ts";
import { ControlError } from "./errors.ts";
import { newSandbox, type LiveHooks } from "./live-hooks.ts";

export interface HookTestResult {
  output: HookOutputMessage[];
  /** What the call did to each input message (empty when it failed). */
  decisions: Array<{ mid: number; decision: HookTestDecision }>;
  logs: HookLog[];
  durationMs: number;
  /** Set when the hook failed: its failure policy would then apply. */
  error?: { kind: string; message: string };
}

/** What a test run needs of a hook, deployed or not. */
type TestedHook = { kind: "script"; source: string; timeoutMs: number } | { kind: "webhook"; url: string; timeoutMs: number };

const testedVersion = (v: HookVersionRecord): TestedHook => (v.kind === "script" ? { kind: "script", source: v.source!, timeoutMs: v.timeoutMs } : { kind: "webhook", url: v.url!, timeoutMs: v.timeoutMs });

export function hookService(store: Store, keySetFor: (namespace: string, broker: string) => BrokerKeySet | undefined, liveHooks: LiveHooks) {
  const brokerOrThrow = async (namespace: string, name: string): Promise<BrokerRecord> => {
    const broker = await store.brokers.get(namespace, name);
    if (!broker) throw new ControlError("not_found", `no broker ${namespace}/${name}`);
    return broker;
  };
  const versionOrThrow = async (broker: BrokerRecord, version: number): Promise<HookVersionRecord> => {
    const record = await store.hooks.getVersion(broker.id, version);
    if (!record) throw new ControlError("not_found", `broker ${broker.namespace}/${broker.name} has no hook version ${version}`);
    return record;
  };
  const liveOrThrow = async (broker: BrokerRecord): Promise<HookVersionRecord> => {
    const live = await store.hooks.live(broker.id);
    if (!live) throw new ControlError("not_found", `broker ${broker.namespace}/${broker.name} has no hook`);
    return live;
  };

  return {
    /** Creates the next version and makes it live; a script that does not compile is refused with line and column. */
    async deploy(actor: string, namespace: string, name: string, input: HookDeploy): Promise<HookVersionRecord> {
      const broker = await brokerOrThrow(namespace, name);
      if (input.kind === "script") {
        const sandbox = await newSandbox();
        try {
          const deployed = await sandbox.deploy(input.source);
          if (!deployed.ok) throw new ControlError("invalid", `the script does not deploy: ${deployed.error.message}`, [{ path: "source", ...deployed.error }]);
        } finally {
          await sandbox.dispose();
        }
      }
      const record = await store.hooks.deploy({
        brokerId: broker.id,
        kind: input.kind,
        source: input.kind === "script" ? input.source : null,
        url: input.kind === "webhook" ? input.url : null,
        topics: input.topics,
        timeoutMs: input.timeoutMs,
        onError: input.onError,
        createdBy: actor,
      });
      await store.audit.append({ actor, action: "hook.deploy", target: `${namespace}/${name}`, details: { version: record.version, kind: input.kind } });
      await liveHooks.refresh(namespace, name);
      return record;
    },

    live: async (namespace: string, name: string) => liveOrThrow(await brokerOrThrow(namespace, name)),
    versions: async (namespace: string, name: string) => store.hooks.versions((await brokerOrThrow(namespace, name)).id),
    version: async (namespace: string, name: string, version: number) => versionOrThrow(await brokerOrThrow(namespace, name), version),

    async rollback(actor: string, namespace: string, name: string, version: number): Promise<HookVersionRecord> {
      const broker = await brokerOrThrow(namespace, name);
      const record = await versionOrThrow(broker, version);
      await store.hooks.setLive(broker.id, version);
      await store.audit.append({ actor, action: "hook.rollback", target: `${namespace}/${name}`, details: { version } });
      await liveHooks.refresh(namespace, name);
      return record;
    },

    async remove(actor: string, namespace: string, name: string): Promise<void> {
      const broker = await brokerOrThrow(namespace, name);
      await liveOrThrow(broker);
      await store.hooks.setLive(broker.id, null);
      await store.audit.append({ actor, action: "hook.remove", target: `${namespace}/${name}` });
      await liveHooks.refresh(namespace, name);
    },

    /** The broker's latest hook log entries, oldest first. */
    async logs(namespace: string, name: string, limit: number): Promise<HookLogEntry[]> {
      await brokerOrThrow(namespace, name);
      return liveHooks.logs.for(`${namespace}/${name}`).recent(limit);
    },

    /** Calls `listener` with each new log entry until the returned function is called. */
    async follow(namespace: string, name: string, listener: (entry: HookLogEntry) => void): Promise<() => void> {
      await brokerOrThrow(namespace, name);
      return liveHooks.logs.for(`${namespace}/${name}`).follow(listener);
    },

    /** Per-version metrics since the server started, newest version first. */
    async metrics(namespace: string, name: string): Promise<{ live: number | null; versions: HookVersionMetricsSnapshot[] }> {
      const broker = await brokerOrThrow(namespace, name);
      const live = await store.hooks.live(broker.id);
      return { live: live?.version ?? null, versions: liveHooks.metrics.list(`${namespace}/${name}`) };
    },

    /**
     * Runs a version (default: the live one), or `request.hook` before it is deployed, on sample
     * messages in a sandbox of its own: no side effects. An undeployed script that does not
     * compile is refused as a deploy would be, with line and column.
     */
    async test(namespace: string, name: string, request: HookTest): Promise<HookTestResult> {
      const broker = await brokerOrThrow(namespace, name);
      const hook: TestedHook = request.hook ?? testedVersion(request.version === undefined ? await liveOrThrow(broker) : await versionOrThrow(broker, request.version));
      const now = Date.now();
      // As on the broker: scripts see which broker a message is on; webhooks get it on the wire.
      const where = hook.kind === "script" ? { namespace, broker: name } : {};
      const messages: HookMessage[] = request.messages.map((m, i) => ({ ...m, ...where, mid: m.mid ?? i + 1, receivedAt: now }));
      const succeeded = (output: HookOutputMessage[], logs: HookLog[], durationMs: number): HookTestResult => ({ output, decisions: decisionsFor(messages, output), logs, durationMs });
      if (hook.kind === "webhook") {
        const started = performance.now();
        const result = await callWebhook(hook.url, messages, { keySet: keySetFor(namespace, name)!, broker: `${namespace}/${name}`, timeoutMs: hook.timeoutMs });
        const durationMs = performance.now() - started;
        return result.ok ? succeeded(result.output, [], durationMs) : { output: [], decisions: [], logs: [], durationMs, error: { kind: result.kind, message: result.message } };
      }
      const instance = liveHooks.brokerInstance(namespace, name);
      const notes: HookLog[] = [];
      const bindings = instance && dryRunBindings(liveHooks.bindingsFor(instance), notes);
      const sandbox = await newSandbox();
      try {
        const deployed = await sandbox.deploy(hook.source);
        if (!deployed.ok && request.hook) throw new ControlError("invalid", `the script does not deploy: ${deployed.error.message}`, [{ path: "hook.source", ...deployed.error }]);
        if (!deployed.ok) return { output: [], decisions: [], logs: [], durationMs: 0, error: { kind: "exception", message: deployed.error.message } };
        const result = await sandbox.run(messages, { timeoutMs: hook.timeoutMs, bindings });
        // The test reports everything the call did, its ctx.waitUntil work included.
        const logs = [...result.logs, ...(await result.background), ...notes];
        return result.ok ? succeeded(result.output, logs, result.durationMs) : { output: [], decisions: [], logs, durationMs: result.durationMs, error: result.failure };
      } finally {
        await sandbox.dispose();
      }
    },
  };
}

export type HookService = ReturnType<typeof hookService>;

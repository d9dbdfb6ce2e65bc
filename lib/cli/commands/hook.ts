// `sluice hook deploy|test|versions|rollback|logs|remove --broker ns/b` over /v1/…/brokers/:b/hook.
import { readFileSync } from "node:fs";
import { InvalidArgumentError, type Command } from "commander";
import type { z } from "zod";
import type { hookLogEntry, hookVersion } from "../../validations/hooks.ts";
import { addApiOptions, CliError, connect, type ApiOptions } from "../api-client.ts";
import { fields, print, table } from "../output.ts";

type HookVersion = z.infer<typeof hookVersion>;
type HookLogEntry = z.infer<typeof hookLogEntry>;
interface HookOptions extends ApiOptions {
  broker: [string, string];
}
interface TestResult {
  output: Array<{ topic: string; payload: string }>;
  logs: Array<{ level: string; message: string }>;
  durationMs: number;
  error?: { kind: string; message: string };
}

/** `--broker acme/plant` → ["acme", "plant"]. */
function parseBroker(value: string): [string, string] {
  const parts = value.split("/");
  if (parts.length !== 2 || !parts[0] || !parts[1]) throw new InvalidArgumentError("must be <namespace>/<broker>");
  return [parts[0], parts[1]];
}

function parsePositive(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError("must be a positive whole number");
  return Number(value);
}

function parseMessage(value: string, previous: unknown[] = []): unknown[] {
  try {
    return [...previous, JSON.parse(value)];
  } catch {
    throw new InvalidArgumentError('must be JSON such as {"topic":"a/b","payload":"hello"}');
  }
}

const hookPath = (options: HookOptions, ...rest: string[]) => ["namespaces", options.broker[0], "brokers", options.broker[1], "hook", ...rest];

/** `2026-11-25T18:00:00.000Z v3 error  timeout: … [mid 1 sensors/a dev-1]` */
function formatLogEntry(entry: HookLogEntry): string {
  const cause = entry.messages?.length ? ` [${entry.messages.map((m) => `mid ${m.mid} ${m.topic} ${m.clientId}`).join("; ")}]` : "";
  return `${entry.at} v${entry.version} ${entry.level.padEnd(5)} ${entry.message}${cause}\n`;
}

const describe = (v: HookVersion) =>
  fields([
    ["version", String(v.version)],
    ["kind", v.kind],
    ...(v.url ? ([["url", v.url]] as Array<[string, string]>) : []),
    ["topics", v.topics.join(" ")],
    ["timeout", `${v.timeoutMs} ms`],
    ["on error", v.onError],
    ["deployed", `${v.createdAt} by ${v.createdBy}`],
  ]);

export function registerHook(program: Command): void {
  const hooks = program.command("hook").description("deploy, test and roll back a broker's on-publish hook");
  const command = (nameAndArgs: string, description: string) =>
    hooks.command(nameAndArgs).description(description).requiredOption("--broker <namespace/broker>", "the broker", parseBroker);

  command("deploy [file]", "deploy a script (an ES module file) or, with --webhook, a webhook, as the new live version")
    .option("--webhook <url>", "deploy a webhook to this URL instead of a script")
    .option("--topics <filter...>", "topic filters the hook applies to (default #)")
    .option("--timeout-ms <ms>", "per-call timeout", parsePositive)
    .option("--on-error <policy>", "drop or deliver messages when the hook fails (default drop)")
    .action(async (file: string | undefined, options: HookOptions & { webhook?: string; topics?: string[]; timeoutMs?: number; onError?: string }) => {
      if (Boolean(file) === Boolean(options.webhook)) throw new CliError("give either a script file or --webhook <url>");
      let body: Record<string, unknown>;
      if (file) {
        let source: string;
        try {
          source = readFileSync(file, "utf8");
        } catch (error) {
          throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
        }
        body = { kind: "script", source };
      } else body = { kind: "webhook", url: options.webhook };
      const request = { ...body, topics: options.topics, timeoutMs: options.timeoutMs, onError: options.onError };
      print(options, await connect(options).request<HookVersion>("PUT", hookPath(options), request), describe);
    });

  command("test", "run the live version (or --version) on sample messages, with side effects off")
    .requiredOption("--message <json>", 'a sample message, e.g. {"topic":"a/b","payload":"hi"} (repeatable)', parseMessage)
    .option("--version <n>", "the version to run", parsePositive)
    .action(async (options: HookOptions & { message: unknown[]; version?: number }) => {
      const result = await connect(options).request<TestResult>("POST", hookPath(options, "test"), { messages: options.message, version: options.version });
      print(options, result, (r) =>
        [
          r.error ? `hook failed (${r.error.kind}): ${r.error.message}\n` : "",
          table(["TOPIC", "PAYLOAD"], r.output.map((m) => [m.topic, m.payload])),
          ...r.logs.map((l) => `[${l.level}] ${l.message}\n`),
          `${r.durationMs.toFixed(1)} ms\n`,
        ].join(""),
      );
    });

  command("versions", "list the hook's versions, newest first").action(async (options: HookOptions) => {
    const api = connect(options);
    const { versions } = await api.request<{ versions: HookVersion[] }>("GET", hookPath(options, "versions"));
    let live: number | undefined;
    try {
      live = (await api.request<HookVersion>("GET", hookPath(options))).version;
    } catch {
      live = undefined; // no live hook
    }
    print(options, { versions, live }, () => table(["VERSION", "KIND", "TOPICS", "DEPLOYED", "BY", "LIVE"], versions.map((v) => [String(v.version), v.kind, v.topics.join(" "), v.createdAt, v.createdBy, v.version === live ? "*" : ""])));
  });

  command("rollback", "make an earlier version live again")
    .requiredOption("--version <n>", "the version", parsePositive)
    .action(async (options: HookOptions & { version: number }) => {
      print(options, await connect(options).request<HookVersion>("POST", hookPath(options, "rollback"), { version: options.version }), describe);
    });

  command("logs", "print the hook's recent console lines and failures; --follow keeps printing new ones")
    .option("--follow", "keep the connection open and print entries as they come")
    .option("--limit <n>", "how many recent entries to print first (default 100)", parsePositive)
    .action(async (options: HookOptions & { follow?: boolean; limit?: number }) => {
      const api = connect(options);
      const limit = String(options.limit ?? 100);
      const write = (entry: HookLogEntry) => process.stdout.write(options.json ? `${JSON.stringify(entry)}\n` : formatLogEntry(entry));
      if (!options.follow) {
        const { logs } = await api.request<{ logs: HookLogEntry[] }>("GET", hookPath(options, "logs"), undefined, { limit });
        print(options, { logs }, () => logs.map(formatLogEntry).join(""));
        return;
      }
      // One JSON object per line with --json, so `sluice hook logs --follow --json | jq` works.
      await api.stream(hookPath(options, "logs"), { follow: "1", limit }, (event, data) => {
        if (event === "log") write(JSON.parse(data) as HookLogEntry);
        else if (event === "skipped") process.stderr.write(`sluice: ${(JSON.parse(data) as { count: number }).count} log entries skipped (printing fell behind)\n`);
      });
    });

  command("remove", "remove the hook: messages pass straight through (versions are kept)").action(async (options: HookOptions) => {
    await connect(options).request("DELETE", hookPath(options));
    print(options, { broker: options.broker.join("/") }, () => `removed the hook of ${options.broker.join("/")}\n`);
  });

  addApiOptions(hooks);
}

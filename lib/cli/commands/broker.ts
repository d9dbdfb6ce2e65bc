// `sluice broker create|list|show|update|delete` over /v1/namespaces/:ns/brokers; the device
// credential subcommands (issue, revoke, …) are in commands/credentials.ts. Flag values are only
// parsed here (numbers, `none`, `default`); the API validates them against the shared schemas
// and its 422 names the field.
import { InvalidArgumentError, type Command } from "commander";
import type { z } from "zod";
import { defaultLimits } from "../../broker/limits.ts";
import type { broker } from "../../validations/brokers.ts";
import { addApiOptions, CliError, connect, type ApiOptions } from "../api-client.ts";
import { expirationValue, parseExpiration } from "../flags.ts";
import { fields, print, table } from "../output.ts";
import { registerCredentials } from "./credentials.ts";

type Broker = z.infer<typeof broker>;

interface BrokerOptions extends ApiOptions {
  namespace: string;
  expiration?: number | "none";
  /** Limit overrides from --limit; undefined values (`key=default`) are dropped when sent. */
  limit?: Record<string, number | undefined>;
}

const expirationFlag = ["--expiration <seconds>", "how long device credentials live by default, in seconds, or none"] as const;
const limitsHelp = `\nLimits (--limit key=value, default in brackets):\n${Object.entries(defaultLimits)
  .map(([key, value]) => `  ${key} [${value}]`)
  .join("\n")}`;

export function registerBroker(program: Command): void {
  const brokers = program.command("broker").description("manage brokers (isolated MQTT brokers inside a namespace, each with its own topics, sessions and limits) and their device credentials");
  const command = (nameAndArgs: string, description: string) =>
    brokers.command(nameAndArgs).description(description).requiredOption("--namespace <namespace>", "the namespace the broker is in");

  command("create <name>", "create a broker; it is live at once on the running listeners")
    .option(...expirationFlag, parseExpiration)
    .option("--limit <key=value>", "override a limit (repeatable; the limits are listed below)", collectLimit)
    .addHelpText("after", limitsHelp)
    .action(async (name: string, options: BrokerOptions) => {
      const body = { name, credentialExpiration: expirationValue(options.expiration), limits: options.limit };
      print(options, await connect(options).request<Broker>("POST", ["namespaces", options.namespace, "brokers"], body), describe);
    });

  command("list", "list the brokers of a namespace").action(async (options: BrokerOptions) => {
    const response = await connect(options).request<{ brokers: Broker[] }>("GET", ["namespaces", options.namespace, "brokers"]);
    const rows = response.brokers.map((b) => [b.name, expiration(b), limits(b), b.createdAt]);
    print(options, response, () => table(["NAME", "EXPIRATION", "LIMITS", "CREATED"], rows));
  });

  command("show <name>", "show a broker with the endpoints its clients connect to").action(async (name: string, options: BrokerOptions) => {
    print(options, await connect(options).request<Broker>("GET", ["namespaces", options.namespace, "brokers", name]), describe);
  });

  command("update <name>", "change a broker's credential expiration or limits; connected clients get new limits at once")
    .option(...expirationFlag, parseExpiration)
    .option("--limit <key=value>", "set a limit override, or drop it with key=default (repeatable; other overrides are kept)", collectLimit)
    .addHelpText("after", limitsHelp)
    .action(async (name: string, options: BrokerOptions) => {
      if (options.expiration === undefined && !options.limit) throw new CliError("nothing to update: give --expiration or --limit");
      const api = connect(options);
      const path = ["namespaces", options.namespace, "brokers", name];
      // The API replaces the overrides as a whole, so the ones not named here are read and sent back.
      const limits = options.limit && { ...(await api.request<Broker>("GET", path)).limits, ...options.limit };
      print(options, await api.request<Broker>("PATCH", path, { credentialExpiration: expirationValue(options.expiration), limits }), describe);
    });

  command("delete <name>", "delete a broker, disconnecting its clients (does not ask)").action(async (name: string, options: BrokerOptions) => {
    await connect(options).request("DELETE", ["namespaces", options.namespace, "brokers", name]);
    print(options, { namespace: options.namespace, name }, () => `deleted broker ${options.namespace}/${name}\n`);
  });

  registerCredentials(command);
  addApiOptions(brokers);
}

function describe(b: Broker): string {
  const { mqtt, mqtts, websocket, secureWebsocket } = b.endpoints;
  const endpoints: Array<[string, string | undefined]> = [["mqtt", mqtt], ["mqtts", mqtts], ["websocket", websocket], ["secure websocket", secureWebsocket]];
  return fields([
    ["namespace", b.namespace],
    ["name", b.name],
    ["credential expiration", expiration(b)],
    ["limits", limits(b)],
    ["created", b.createdAt],
    ...endpoints.filter((entry): entry is [string, string] => entry[1] !== undefined),
  ]);
}

const expiration = (b: Broker) => (b.credentialExpiration === null ? "never" : `${b.credentialExpiration}s`);

const limits = (b: Broker) =>
  Object.entries(b.limits)
    .map(([key, value]) => `${key}=${value}`)
    .sort()
    .join(",") || "default";

/** Accumulates repeated `--limit key=value`; `key=default` removes an override. */
function collectLimit(value: string, previous: Record<string, number | undefined> | undefined): Record<string, number | undefined> {
  const match = /^([^=]+)=(.*)$/.exec(value);
  if (!match) throw new InvalidArgumentError("expected key=value, e.g. maxConnections=1000");
  const [, key, raw] = match;
  if (!Object.hasOwn(defaultLimits, key)) throw new InvalidArgumentError(`unknown limit ${key}; see --help for the list`);
  if (raw !== "default" && !/^\d+$/.test(raw)) throw new InvalidArgumentError(`${key} must be a whole number, or default`);
  return { ...previous, [key]: raw === "default" ? undefined : Number(raw) };
}

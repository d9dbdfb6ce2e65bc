// `sluice namespace create|list|show|delete` over /v1/namespaces.
import type { Command } from "commander";
import type { z } from "zod";
import type { namespace } from "../../validations/brokers.ts";
import { addApiOptions, connect, type ApiOptions } from "../api-client.ts";
import { fields, print, table } from "../output.ts";

type Namespace = z.infer<typeof namespace>;

const describe = (ns: Namespace) => fields([["name", ns.name], ["created", ns.createdAt]]);

export function registerNamespace(program: Command): void {
  const namespaces = program.command("namespace").description("manage namespaces, the top level of tenancy: each holds brokers");

  namespaces
    .command("create <name>")
    .description("create a namespace (name: lowercase letters, digits and hyphens)")
    .action(async (name: string, options: ApiOptions) => {
      print(options, await connect(options).request<Namespace>("POST", ["namespaces"], { name }), describe);
    });

  namespaces
    .command("list")
    .description("list namespaces")
    .action(async (options: ApiOptions) => {
      const response = await connect(options).request<{ namespaces: Namespace[] }>("GET", ["namespaces"]);
      print(options, response, (r) => table(["NAME", "CREATED"], r.namespaces.map((ns) => [ns.name, ns.createdAt])));
    });

  namespaces
    .command("show <name>")
    .description("show a namespace")
    .action(async (name: string, options: ApiOptions) => {
      print(options, await connect(options).request<Namespace>("GET", ["namespaces", name]), describe);
    });

  namespaces
    .command("delete <name>")
    .description("delete a namespace and all its brokers, disconnecting their clients (does not ask)")
    .action(async (name: string, options: ApiOptions) => {
      await connect(options).request("DELETE", ["namespaces", name]);
      print(options, { name }, () => `deleted namespace ${name}\n`);
    });

  addApiOptions(namespaces);
}

// `sluice token create|list|revoke` over /v1/tokens: API tokens for scripts and the console. A
// token is printed once, when it is created; the API keeps only its hash.
import { Option, type Command } from "commander";
import type { z } from "zod";
import { apiTokenScopes } from "../../auth/token-scopes.ts";
import type { token } from "../../validations/users.ts";
import { addApiOptions, connect, type ApiOptions } from "../api-client.ts";
import { fields, print, table } from "../output.ts";

type Token = z.infer<typeof token>;

interface TokenOptions extends ApiOptions {
  name: string;
  scope: Token["scope"];
}

export function registerToken(program: Command): void {
  const tokens = program.command("token").description("manage API tokens: the SLUICE_API_TOKEN of scripts and the console's service token");

  tokens
    .command("create")
    .description("create an API token and print it (the only time it is shown)")
    .requiredOption("--name <name>", "what the token is for")
    .addOption(new Option("--scope <scope>", "the role whose permissions it grants, or console for the console's service token").choices(apiTokenScopes).makeOptionMandatory())
    .action(async (options: TokenOptions) => {
      const created = await connect(options).request<Token & { token: string }>("POST", ["tokens"], { name: options.name, scope: options.scope });
      print(options, created, (t) => fields([["id", t.id], ["name", t.name], ["scope", t.scope], ["token", t.token]]) + "The token will not be shown again: store it now.\n");
    });

  tokens
    .command("list")
    .description("list API tokens (never the tokens themselves)")
    .action(async (options: ApiOptions) => {
      const response = await connect(options).request<{ tokens: Token[] }>("GET", ["tokens"]);
      const rows = response.tokens.map((t) => [t.id, t.name, t.scope, t.createdBy, t.lastUsedAt ?? "never", t.revokedAt ?? "no"]);
      print(options, response, () => table(["ID", "NAME", "SCOPE", "CREATED BY", "LAST USED", "REVOKED"], rows));
    });

  tokens
    .command("revoke <id>")
    .description("revoke an API token: it stops working at once")
    .action(async (id: string, options: ApiOptions) => {
      await connect(options).request("DELETE", ["tokens", id]);
      print(options, { id }, () => `revoked token ${id}\n`);
    });

  addApiOptions(tokens);
}

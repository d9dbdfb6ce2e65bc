// `sluice user add|list|set-role|reset-password|remove` over /v1/users. Users are named by email
// here; the API addresses them by id, so each command that names one looks it up first.
// Passwords come from --password or SLUICE_USER_PASSWORD and are never prompted for or printed.
import { Argument, Option, type Command } from "commander";
import type { z } from "zod";
import { roles, type Role } from "../../auth/roles.ts";
import type { user } from "../../validations/users.ts";
import { addApiOptions, CliError, connect, type ApiClient, type ApiOptions } from "../api-client.ts";
import { fields, print, table } from "../output.ts";

type User = z.infer<typeof user>;

interface UserOptions extends ApiOptions {
  name?: string;
  role?: Role;
  password?: string;
}

const describe = (u: User) => fields([["email", u.email], ["name", u.name], ["role", u.role], ["id", u.id], ["created", u.createdAt]]);

const passwordOption = () => new Option("--password <password>", "the password, at least 10 characters (the environment variable keeps it out of shell history)").env("SLUICE_USER_PASSWORD");

export function registerUser(program: Command): void {
  const users = program.command("user").description("manage console users and their roles");

  users
    .command("add <email>")
    .description("add a console user")
    .requiredOption("--name <name>", "the user's display name")
    .addOption(new Option("--role <role>", "what the user may do").choices(roles).makeOptionMandatory())
    .addOption(passwordOption())
    .action(async (email: string, options: UserOptions) => {
      const password = requirePassword(options);
      print(options, await connect(options).request<User>("POST", ["users"], { email, name: options.name, role: options.role, password }), describe);
    });

  users
    .command("list")
    .description("list console users")
    .action(async (options: UserOptions) => {
      const response = await connect(options).request<{ users: User[] }>("GET", ["users"]);
      print(options, response, (r) => table(["EMAIL", "NAME", "ROLE", "CREATED"], r.users.map((u) => [u.email, u.name, u.role, u.createdAt])));
    });

  users
    .command("set-role")
    .description("change a user's role")
    .argument("<email>", "the user's email")
    .addArgument(new Argument("<role>", "the new role").choices(roles))
    .action(async (email: string, role: Role, options: UserOptions) => {
      const api = connect(options);
      print(options, await api.request<User>("PATCH", ["users", (await userByEmail(api, email)).id], { role }), describe);
    });

  users
    .command("reset-password <email>")
    .description("set a new password for a user")
    .addOption(passwordOption())
    .action(async (email: string, options: UserOptions) => {
      const password = requirePassword(options);
      const api = connect(options);
      const updated = await api.request<User>("PATCH", ["users", (await userByEmail(api, email)).id], { password });
      print(options, updated, (u) => `reset the password of ${u.email}\n`);
    });

  users
    .command("remove <email>")
    .description("remove a user (does not ask)")
    .action(async (email: string, options: UserOptions) => {
      const api = connect(options);
      const { id, email: removed } = await userByEmail(api, email);
      await api.request("DELETE", ["users", id]);
      print(options, { id, email: removed }, () => `removed user ${removed}\n`);
    });

  addApiOptions(users);
}

/** Checked before the API is called: a missing password is a usage error, not a 422. */
function requirePassword(options: UserOptions): string {
  if (!options.password) throw new CliError("no password: pass --password or set SLUICE_USER_PASSWORD");
  return options.password;
}

async function userByEmail(api: ApiClient, email: string): Promise<User> {
  const { users } = await api.request<{ users: User[] }>("GET", ["users"]);
  // The API stores emails trimmed and lowercased (lib/validations/users.ts).
  const found = users.find((u) => u.email === email.trim().toLowerCase());
  if (!found) throw new CliError(`no user ${email}`);
  return found;
}

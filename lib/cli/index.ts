// `sluice` — the command-line interface (commander). Each command lives in commands/. Failures
// end here as one line on stderr and exit code 1: commander's usage errors and every CliError.
import { Command } from "commander";
import { CliError } from "./api-client.ts";
import { registerBroker } from "./commands/broker.ts";
import { registerHook } from "./commands/hook.ts";
import { registerNamespace } from "./commands/namespace.ts";
import { registerToken } from "./commands/token.ts";
import { registerUp } from "./commands/up.ts";
import { registerUser } from "./commands/user.ts";

const oneLine = (message: string) => `sluice: ${message.trim().replace(/\s*\n\s*/g, " ")}\n`;

const program = new Command("sluice")
  .description("Programmable MQTT messaging you can run yourself")
  .version("0.1.0")
  // Root options (--version, --help) only before the command, so commands may take --version too.
  .enablePositionalOptions()
  // Set before the commands are added: they inherit it. "error: x\n(Did you mean y?)" → one line.
  .configureOutput({ outputError: (message, write) => write(oneLine(message.replace(/^error: /, ""))) })
  .addHelpText("after", "\nCommands other than up call the API at SLUICE_API_URL (default http://127.0.0.1:8080)\nwith the token in SLUICE_API_TOKEN. Add --json to print the API's JSON response.");
registerUp(program);
registerNamespace(program);
registerBroker(program);
registerHook(program);
registerUser(program);
registerToken(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof CliError)) throw error;
  process.stderr.write(oneLine(error.message));
  process.exitCode = 1;
}

// `sluice` — the command-line interface (commander). Each command lives in commands/.
import { Command } from "commander";
import { registerUp } from "./commands/up.ts";

const program = new Command("sluice").description("Programmable MQTT messaging you can run yourself").version("0.1.0");
registerUp(program);
await program.parseAsync(process.argv);

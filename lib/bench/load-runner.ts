// The load generator process: index.ts starts one per scenario and broker, pinned to the core the
// broker does not use, with a RunSpec as JSON in argv[2]. It prints one RunResult as JSON on
// stdout and exits; anything else it has to say goes to stderr, a failure as its last line.
import { type RunSpec, scenarios } from "./scenarios.ts";

const spec = JSON.parse(process.argv[2] ?? "{}") as RunSpec;
const scenario = scenarios[spec.scenario];
if (!scenario) {
  process.stderr.write(`load-runner: unknown scenario ${JSON.stringify(spec.scenario)}\n`);
  process.exit(2);
}
// A failed run (a hook that did not deploy, lost messages) says why in one line, for index.ts to report.
const result = await scenario.run(spec).catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
process.stdout.write(`${JSON.stringify(result)}\n`);
// Exit without waiting for the broker to finish closing our sockets.
process.exit(0);

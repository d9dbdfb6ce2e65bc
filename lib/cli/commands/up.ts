// `sluice up`: runs the server with embedded defaults (PGlite in the data dir) and, unless
// --no-console, the web console beside it, until SIGTERM or SIGINT; then drains: the console
// stops, clients are disconnected, broker state is flushed, the store is closed.
import type { Command } from "commander";
import { ConfigError, loadConfig, settings } from "../../config.ts";
import { createLogger } from "../../logger.ts";
import { ListenError, reservePort } from "../../server/listen.ts";
import type { RunningConsole } from "../console/process.ts";

export function registerUp(program: Command): void {
  const up = program.command("up").description("start the Sluice server and its web console");
  for (const s of settings) up.option(s.flag, `${s.help} [${s.env}]`);
  up.option("--no-console", "start the server only, without the web console");
  up.action(async (options: Record<string, unknown>) => {
    let config;
    try {
      config = loadConfig(options);
    } catch (error) {
      if (error instanceof ConfigError) fail(error.message);
      throw error;
    }
    const log = createLogger(config.logLevel);
    // Loaded here rather than at the top so that the API commands start without the server.
    const { startServer } = await import("../../server/server.ts");
    const { startConsole } = await import("../console/process.ts");
    let server;
    let consolePort: number | undefined;
    try {
      // The console's port is checked first: a taken one fails before anything starts.
      if (options.console !== false) consolePort = await reservePort(config.consolePort, config.host, "consolePort");
      server = await startServer(config, log);
    } catch (error) {
      if (error instanceof ListenError) fail(error.message);
      throw error;
    }

    // A signal may come while the console builds: the start is abandoned, then all stops in order.
    const abandon = new AbortController();
    let consoleStart: Promise<RunningConsole | undefined> = Promise.resolve(undefined);
    let signals = 0;
    const shutdown = (signal: string) => {
      if (++signals > 1) process.exit(1); // a second signal skips the drain
      log.info({ signal }, "shutting down");
      abandon.abort();
      (async () => {
        const webConsole = await consoleStart.catch(() => undefined);
        await webConsole?.stop();
        await server.stop();
      })().then(() => process.exit(0), (error) => {
        log.error({ err: error }, "shutdown failed");
        process.exit(1);
      });
    };
    process.on("SIGTERM", () => shutdown("SIGTERM"));
    process.on("SIGINT", () => shutdown("SIGINT"));

    if (consolePort === undefined) return;
    consoleStart = startConsole(config, consolePort, server.ports.http, server.store, log, abandon.signal);
    try {
      await consoleStart;
    } catch (error) {
      if (abandon.signal.aborted) return; // shutting down already
      await server.stop();
      fail(error instanceof Error ? error.message : String(error));
    }
  });
}

function fail(message: string): never {
  process.stderr.write(`sluice: ${message}\n`);
  process.exit(1);
}

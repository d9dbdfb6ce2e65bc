// `sluice up`: runs the server with embedded defaults (PGlite in the data dir) until SIGTERM or
// SIGINT, then drains: clients are disconnected, broker state is flushed, the store is closed.
import type { Command } from "commander";
import { ConfigError, loadConfig, settings } from "../../config.ts";
import { createLogger } from "../../logger.ts";
import { ListenError } from "../../server/listen.ts";

export function registerUp(program: Command): void {
  const up = program.command("up").description("start the Sluice server");
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
    let server;
    try {
      server = await startServer(config, log);
    } catch (error) {
      if (error instanceof ListenError) fail(error.message);
      throw error;
    }
    let signals = 0;
    const shutdown = (signal: string) => {
      if (++signals > 1) process.exit(1); // a second signal skips the drain
      log.info({ signal }, "shutting down");
      server.stop().then(() => process.exit(0), (error) => {
        log.error({ err: error }, "shutdown failed");
        process.exit(1);
      });
    };
    process.on("SIGTERM", () => shutdown("SIGTERM"));
    process.on("SIGINT", () => shutdown("SIGINT"));
  });
}

function fail(message: string): never {
  process.stderr.write(`sluice: ${message}\n`);
  process.exit(1);
}

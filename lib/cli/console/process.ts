// The console as a child of `sluice up`: builds it if needed, then runs `next start` on the console
// port with everything it needs in its environment (API URL, console token, session secret, public
// URL), waits until it answers, and stops it before the server on shutdown.
import type { Config } from "../../config.ts";
import { parseConsoleSettings, type ConsoleSettings } from "../../console/settings.ts";
import type { Logger } from "../../logger.ts";
import type { Store } from "../../store/index.ts";
import { ensureConsoleBuilt } from "./build.ts";
import { ConsoleError, exited, runNext } from "./next-cli.ts";
import { consoleSecrets } from "./secrets.ts";

export interface RunningConsole {
  url: string;
  stop(): Promise<void>;
}

const readyTimeoutMs = 60_000;
const stopTimeoutMs = 10_000;

/**
 * Starts the console on `port` (already checked to be free) talking to the API on `apiPort`.
 * Throws ConsoleError when it cannot be built or does not come up; `signal` abandons the start.
 */
export async function startConsole(config: Config, port: number, apiPort: number, store: Store, log: Logger, signal: AbortSignal): Promise<RunningConsole> {
  const secrets = await consoleSecrets(store, config.dataDir);
  const settings = {
    SLUICE_CONSOLE_API_URL: `http://${urlHost(loopbackFor(config.host))}:${apiPort}`,
    SLUICE_CONSOLE_API_TOKEN: secrets.apiToken,
    NEXTAUTH_SECRET: secrets.nextAuthSecret,
    NEXTAUTH_URL: `http://${urlHost(config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host)}:${port}`,
  };
  // The console inherits this environment: identity providers' settings (SLUICE_CONSOLE_GITHUB_*,
  // SLUICE_CONSOLE_OIDC_*) reach it from there, and are checked here so a mistake fails the start.
  try {
    parseConsoleSettings({ ...process.env, ...settings });
  } catch (error) {
    throw new ConsoleError((error as Error).message);
  }
  await ensureConsoleBuilt(log, signal);
  return runConsole(port, config.host, settings, log, signal);
}

/** Runs the built console (`next start`) with `settings` and resolves once it answers HTTP. */
export async function runConsole(port: number, host: string, settings: ConsoleSettings, log: Logger, signal: AbortSignal): Promise<RunningConsole> {
  const child = runNext(["start", "--port", String(port), "--hostname", host], { ...settings, NODE_ENV: "production" }, log, signal);
  const ended = exited(child);
  let stopping = false;
  void ended.then((code) => {
    // The broker is what devices depend on: it keeps running without its console.
    if (!stopping && !signal.aborted) log.error({ code }, "the console stopped unexpectedly; the server keeps running");
  });

  await waitUntilAnswering(`http://${urlHost(loopbackFor(host))}:${port}/login`, ended);
  log.info({ url: settings.NEXTAUTH_URL }, "console listening");
  return {
    url: settings.NEXTAUTH_URL,
    async stop() {
      stopping = true;
      // Next.js waits for open requests to finish; a browser that keeps one open must not hold up the shutdown.
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), stopTimeoutMs);
      await ended;
      clearTimeout(timer);
    },
  };
}

/** Polls until the console answers HTTP at all; fails if it exits or takes too long. */
async function waitUntilAnswering(url: string, ended: Promise<number | string>): Promise<void> {
  let exit: number | string | undefined;
  void ended.then((code) => (exit = code));
  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (exit !== undefined) throw new ConsoleError(`the console exited with ${exit} while starting; see the log above, or start with --no-console`);
    try {
      await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(2_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new ConsoleError(`the console did not answer within ${readyTimeoutMs / 1000} s`);
}

/** An address on this machine that reaches a listener bound to `host`. */
function loopbackFor(host: string): string {
  if (host === "0.0.0.0") return "127.0.0.1";
  if (host === "::") return "::1";
  return host;
}

function urlHost(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}

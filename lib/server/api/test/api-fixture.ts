// API-test fixture: a real server with an admin token, and a small JSON client for /v1.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { generateApiToken } from "../../../auth/api-tokens.ts";
import type { Role } from "../../../auth/roles.ts";
import { type ConfigInput, loadConfig } from "../../../config.ts";
import { createLogger } from "../../../logger.ts";
import { startServer, type RunningServer } from "../../server.ts";

export const adminToken = "test-admin-token-0123456789";

export interface ApiResponse {
  status: number;
  body: any;
}

export interface TestApi {
  server: RunningServer;
  /** Calls /v1<route> as the admin token, or with `token`. */
  call(method: string, route: string, body?: unknown, token?: string | null): Promise<ApiResponse>;
  /** An API token of the given scope, created in the store. */
  tokenFor(scope: Role | "console"): Promise<string>;
  stop(): Promise<void>;
}

/** Starts a server on free ports with a fresh store; `settings` override the test defaults. */
export async function startTestApi(settings: Partial<ConfigInput> = {}): Promise<TestApi> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "sluice-api-"));
  const config = loadConfig({ host: "127.0.0.1", mqttPort: 0, httpPort: 0, dataDir, allowAnonymous: true, adminToken, sysIntervalSeconds: 0, ...settings }, {});
  const server = await startServer(config, createLogger(process.env.TEST_LOG_LEVEL ?? "silent"));
  return {
    server,
    async call(method, route, body, token = adminToken) {
      const headers: Record<string, string> = {};
      if (token !== null) headers.authorization = `Bearer ${token}`;
      if (body !== undefined) headers["content-type"] = "application/json";
      const response = await fetch(`http://127.0.0.1:${server.ports.http}/v1${route}`, { method, headers, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    async tokenFor(scope) {
      const { token, id, hash } = generateApiToken();
      await server.store.apiTokens.create({ id, hash, scope, name: `test ${scope}`, createdBy: "test" });
      return token;
    },
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// `sluice namespace …` and `sluice broker …` as a user runs them: the real binary against a real
// server, asserting what is printed (tables, --json) and the one-line errors with exit code 1.
// Each run starts node + tsx (~1.5 s), so runs are few and independent ones go in parallel.
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, startCli, type CliResult, type RunningCli } from "./test/cli-process.ts";

const adminToken = "cli-test-admin-token-0123";
const dataDir = mkdtempSync(path.join(tmpdir(), "sluice-cli-"));
let server: RunningCli;
let apiUrl: string;

beforeAll(async () => {
  server = await startCli(["--allow-anonymous", "--data-dir", dataDir], { SLUICE_ADMIN_TOKEN: adminToken });
  apiUrl = `http://127.0.0.1:${server.ports.http}`;
});
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** `sluice <args>` as the admin, with the API found through the environment. */
const sluice = (...args: string[]) => runCli(args, { SLUICE_API_URL: apiUrl, SLUICE_API_TOKEN: adminToken });

/** Timestamps vary; everything else in the output is asserted exactly. */
const masked = (result: CliResult) => ({ ...result, stdout: result.stdout.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z/g, "<time>") });

const failure = (line: string) => ({ code: 1, stdout: "", stderr: `${line}\n` });

async function api(method: string, route: string, body?: unknown): Promise<number> {
  const response = await fetch(`${apiUrl}/v1${route}`, { method, headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  return response.status;
}

describe("sluice namespace", () => {
  it("creates, lists, shows and deletes; duplicate and invalid names fail with the API's status and field", async () => {
    expect(masked(await sluice("namespace", "create", "acme"))).toEqual({ code: 0, stderr: "", stdout: "name     acme\ncreated  <time>\n" });

    const [duplicate, invalid, list, show] = await Promise.all([
      sluice("namespace", "create", "acme"),
      sluice("namespace", "create", "Not_A_Label"),
      sluice("namespace", "list"),
      sluice("namespace", "show", "acme", "--json"),
    ]);
    expect(duplicate).toEqual(failure("sluice: 409 conflict: namespace acme already exists"));
    expect(invalid).toEqual(failure("sluice: 422 validation_failed: name: must be lowercase letters, digits and hyphens, starting and ending with a letter or digit"));
    expect(masked(list)).toEqual({ code: 0, stderr: "", stdout: "NAME     CREATED\nacme     <time>\ndefault  <time>\n" });
    expect(show.code).toBe(0);
    expect(JSON.parse(show.stdout)).toEqual({ name: "acme", createdAt: expect.stringMatching(/^\d{4}-/) });
    expect(show.stdout).toBe(`${JSON.stringify(JSON.parse(show.stdout), null, 2)}\n`);

    expect(await sluice("namespace", "delete", "acme")).toEqual({ code: 0, stderr: "", stdout: "deleted namespace acme\n" });
    expect(await api("GET", "/namespaces/acme")).toBe(404);
  });
});

describe("sluice broker", () => {
  it("creates, updates (keeping other limit overrides), lists, shows and deletes", async () => {
    expect(await api("POST", "/namespaces", { name: "factory" })).toBe(201);
    const { mqtt, http } = server.ports;

    const created = await sluice("broker", "create", "line-1", "--namespace", "factory", "--expiration", "3600", "--limit", "maxConnections=5", "--json");
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toEqual({
      namespace: "factory",
      name: "line-1",
      limits: { maxConnections: 5 },
      credentialExpiration: 3600,
      fetchAllowList: [],
      createdAt: expect.any(String),
      endpoints: { mqtt: `mqtt://127.0.0.1:${mqtt}`, websocket: `ws://127.0.0.1:${http}/mqtt/factory/line-1` },
    });

    const updated = await sluice("broker", "update", "line-1", "--namespace", "factory", "--expiration", "none", "--limit", "maxQueuedMessages=10");
    expect(masked(updated)).toEqual({
      code: 0,
      stderr: "",
      stdout: [
        "namespace              factory",
        "name                   line-1",
        "credential expiration  never",
        "limits                 maxConnections=5,maxQueuedMessages=10",
        "created                <time>",
        `mqtt                   mqtt://127.0.0.1:${mqtt}`,
        `websocket              ws://127.0.0.1:${http}/mqtt/factory/line-1`,
        "",
      ].join("\n"),
    });

    expect(await api("POST", "/namespaces/factory/brokers", { name: "b", credentialExpiration: 60 })).toBe(201);
    const [list, show] = await Promise.all([sluice("broker", "list", "--namespace", "factory"), sluice("broker", "show", "line-1", "--namespace", "factory")]);
    expect(masked(list).stdout).toBe(
      [
        "NAME    EXPIRATION  LIMITS                                 CREATED",
        "b       60s         default                                <time>",
        "line-1  never       maxConnections=5,maxQueuedMessages=10  <time>",
        "",
      ].join("\n"),
    );
    expect(show).toEqual(updated);

    expect(await sluice("broker", "delete", "line-1", "--namespace", "factory", "--json")).toEqual({ code: 0, stderr: "", stdout: `${JSON.stringify({ namespace: "factory", name: "line-1" }, null, 2)}\n` });
    expect(await api("GET", "/namespaces/factory/brokers/line-1")).toBe(404);
  });

  it("fails with one line for an unknown namespace (404) and for a bad flag value", async () => {
    const [unknown, badLimit] = await Promise.all([
      sluice("broker", "create", "b", "--namespace", "nowhere"),
      sluice("broker", "create", "b", "--namespace", "factory", "--limit", "maxConnections=abc"),
    ]);
    expect(unknown).toEqual(failure("sluice: 404 not_found: no namespace nowhere"));
    expect(badLimit).toEqual(failure("sluice: option '--limit <key=value>' argument 'maxConnections=abc' is invalid. maxConnections must be a whole number, or default"));
  });
});

describe("reaching the API", () => {
  it("fails with one line when the token is missing or the API is unreachable", async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    const [noToken, unreachable] = await Promise.all([
      runCli(["namespace", "list"], { SLUICE_API_URL: apiUrl, SLUICE_API_TOKEN: "" }),
      runCli(["namespace", "list", "--api-url", `http://127.0.0.1:${port}`], { SLUICE_API_TOKEN: adminToken }),
    ]);
    expect(noToken).toEqual(failure("sluice: no API token: set SLUICE_API_TOKEN (or pass --api-token)"));
    expect(unreachable).toEqual(failure(`sluice: cannot reach the API at http://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`));
  });
});

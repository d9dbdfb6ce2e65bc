// `sluice broker issue|credentials|revoke|unrevoke|revocations|public-keys|rotate-keys|retire-key`,
// `sluice user …` and `sluice token …` as a user runs them: the real binary against a real server
// without anonymous access, with the issued credentials and API tokens then put to use.
// Each run starts node + tsx (~1.5 s), so runs are few and independent ones go in parallel.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import mqtt from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, startCli, type CliResult, type RunningCli } from "./test/cli-process.ts";
import type { Environment } from "../config.ts";

const adminToken = "cli-test-admin-token-0123";
const dataDir = mkdtempSync(path.join(tmpdir(), "sluice-cli-"));
let server: RunningCli;
let apiUrl: string;

beforeAll(async () => {
  server = await startCli(["--data-dir", dataDir], { SLUICE_ADMIN_TOKEN: adminToken });
  apiUrl = `http://127.0.0.1:${server.ports.http}`;
  expect((await api("POST", "/namespaces", { name: "acme" })).status).toBe(201);
  expect((await api("POST", "/namespaces/acme/brokers", { name: "plant" })).status).toBe(201);
});
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** `sluice <args>` as the admin, with the API found through the environment. */
const sluice = (args: string[], env: Environment = {}) => runCli(args, { SLUICE_API_URL: apiUrl, SLUICE_API_TOKEN: adminToken, SLUICE_USER_PASSWORD: undefined, ...env });
const onPlant = (command: string, ...args: string[]) => sluice(["broker", command, "plant", "--namespace", "acme", ...args]);

/** Timestamps vary; everything else in the output is asserted exactly. */
const masked = (result: CliResult) => ({ ...result, stdout: result.stdout.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z/g, "<time>") });
const success = (stdout: string) => ({ code: 0, stderr: "", stdout });
const failure = (line: string) => ({ code: 1, stdout: "", stderr: `${line}\n` });
const lines = (...rows: string[]) => rows.map((row) => `${row}\n`).join("");

async function api(method: string, route: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${apiUrl}/v1${route}`, { method, headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, body: response.status === 204 ? undefined : await response.json() };
}

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString());

/** Connects as a device; rejects with the CONNACK reason code as `code` when refused. */
const connect = (clientId: string, token: string) =>
  // MQTT.js sends no password without a user name; Sluice ignores the user name.
  mqtt.connectAsync(`mqtt://127.0.0.1:${server.ports.mqtt}`, { protocolVersion: 5, clientId, username: "device", password: token, reconnectPeriod: 0 });

describe("sluice broker: device credentials", () => {
  it("issues a credential that connects; revoke disconnects and refuses it (0x87); unrevoke lets it back", async () => {
    const [one, three] = await Promise.all([
      onPlant("issue", "--client-id", "sensor-1", "--expiration", "3600", "--pub", "sensors/sensor-1/#", "--sub", "commands/sensor-1", "--sub", "broadcast/#"),
      onPlant("issue", "--number", "3", "--json"),
    ]);
    const token = /^sensor-1 +(\S+)$/m.exec(one.stdout)?.[1] ?? "";
    expect(one).toEqual(success(lines("CLIENT ID  TOKEN", `sensor-1   ${token}`)));
    const claims = claimsOf(token);
    expect(claims).toMatchObject({ sub: "sensor-1", ns: "acme", broker: "plant", acl: { pub: ["sensors/sensor-1/#"], sub: ["commands/sensor-1", "broadcast/#"] } });
    expect(claims.exp - claims.iat).toBe(3600);

    expect(three.code).toBe(0);
    const issued = JSON.parse(three.stdout);
    expect(three.stdout).toBe(`${JSON.stringify(issued, null, 2)}\n`);
    expect(Object.keys(issued)).toHaveLength(3);
    for (const [clientId, jwt] of Object.entries<string>(issued)) expect(claimsOf(jwt)).toMatchObject({ sub: clientId, acl: { pub: ["#"], sub: ["#"] } });

    const client = await connect("sensor-1", token);
    const disconnected = new Promise<number | undefined>((resolve) => client.once("disconnect", (packet) => resolve(packet.reasonCode)));
    const [listed, revoked] = await Promise.all([onPlant("credentials"), onPlant("revoke", "--jti", claims.jti)]);
    expect(masked(listed).stdout).toContain(`\nsensor-1                ${claims.jti}  <time>\n`);
    expect(masked(listed).stdout).toMatch(/^CLIENT ID +JTI +EXPIRES\n/);
    expect(revoked).toEqual(success(lines("revoked               1", "disconnected clients  1")));
    expect(await disconnected).toBe(0x98); // Administrative action
    client.end(true);
    await expect(connect("sensor-1", token)).rejects.toMatchObject({ code: 0x87 }); // Not authorized

    const [revocations, notRevoked] = await Promise.all([onPlant("revocations"), onPlant("unrevoke", "--jti", "no-such-jti")]);
    expect(masked(revocations)).toEqual(success(lines(`JTI${" ".repeat(claims.jti.length - 1)}REVOKED`, `${claims.jti}  <time>`)));
    expect(notRevoked).toEqual(failure("sluice: 404 not_found: no-such-jti is not revoked"));

    expect(await onPlant("unrevoke", "--jti", claims.jti)).toEqual(success(`unrevoked ${claims.jti}\n`));
    await (await connect("sensor-1", token)).endAsync();
  });

  it("shows the public keys, and rotates them: the next key becomes current", async () => {
    const before = (await api("GET", "/namespaces/acme/brokers/plant/publickeys")).body.keys.map((k: { kid: string }) => k.kid);
    const width = before[0].length;
    expect(await onPlant("public-keys")).toEqual(
      success(lines(`KID${" ".repeat(width - 1)}ALG    CRV      STATUS`, `${before[0]}  EdDSA  Ed25519  current`, `${before[1]}  EdDSA  Ed25519  next`)),
    );

    const rotated = await onPlant("rotate-keys", "--json");
    expect(rotated.code).toBe(0);
    const keys = JSON.parse(rotated.stdout).keys;
    expect(keys.map((k: { kid: string }) => k.kid)).toEqual([before[1], expect.any(String), before[0]]);
    expect(keys[0]).toEqual({ kty: "OKP", crv: "Ed25519", x: expect.any(String), kid: before[1], alg: "EdDSA", use: "sig" });

    const retired = await onPlant("retire-key", "--kid", before[0], "--json");
    expect(retired.code).toBe(0);
    expect(JSON.parse(retired.stdout).keys.map((k: { kid: string }) => k.kid)).toEqual([before[1], keys[1].kid]);
  });
});

describe("sluice user", () => {
  it("adds, lists, changes the role of, resets the password of and removes users by email", async () => {
    const [added, noPassword, badRole, unknown] = await Promise.all([
      sluice(["user", "add", "bob@example.com", "--name", "Bob", "--role", "developer", "--password", "first-password-1"]),
      sluice(["user", "add", "dan@example.com", "--name", "Dan", "--role", "developer"]),
      sluice(["user", "set-role", "bob@example.com", "boss"]),
      sluice(["user", "set-role", "nobody@example.com", "admin"]),
    ]);
    const bob = (await api("GET", "/users")).body.users.find((u: { email: string }) => u.email === "bob@example.com");
    expect(masked(added)).toEqual(success(lines("email    bob@example.com", "name     Bob", "role     developer", `id       ${bob.id}`, "created  <time>")));
    expect(noPassword).toEqual(failure("sluice: no password: pass --password or set SLUICE_USER_PASSWORD"));
    expect(badRole).toEqual(failure("sluice: command-argument value 'boss' is invalid for argument 'role'. Allowed choices are admin, developer, support."));
    expect(unknown).toEqual(failure("sluice: no user nobody@example.com"));

    // Emails are matched as the API stores them: lowercased.
    const [roleChanged, reset] = await Promise.all([
      sluice(["user", "set-role", "Bob@Example.com", "support", "--json"]),
      sluice(["user", "reset-password", "bob@example.com"], { SLUICE_USER_PASSWORD: "second-password-2" }),
    ]);
    expect(JSON.parse(roleChanged.stdout)).toMatchObject({ id: bob.id, email: "bob@example.com", role: "support" });
    expect(reset).toEqual(success("reset the password of bob@example.com\n"));
    expect((await api("POST", "/auth/verify", { email: "bob@example.com", password: "second-password-2" })).status).toBe(200);

    expect(masked(await sluice(["user", "list"]))).toEqual(
      success(lines("EMAIL               NAME           ROLE     CREATED", "admin@sluice.local  Administrator  admin    <time>", "bob@example.com     Bob            support  <time>")),
    );

    expect(await sluice(["user", "remove", "bob@example.com"])).toEqual(success("removed user bob@example.com\n"));
    expect((await api("GET", `/users/${bob.id}`)).status).toBe(404);
  });
});

describe("sluice token", () => {
  it("creates a token that works as SLUICE_API_TOKEN, lists it, and revokes it", async () => {
    const created = await sluice(["token", "create", "--name", "ci", "--scope", "admin"]);
    const [, id, token] = /^id +(\S+)\n[^]*^token +(\S+)$/m.exec(created.stdout) ?? [];
    expect(created).toEqual(success(lines(`id     ${id}`, "name   ci", "scope  admin", `token  ${token}`, "The token will not be shown again: store it now.")));

    const asToken = (...args: string[]) => runCli(args, { SLUICE_API_URL: apiUrl, SLUICE_API_TOKEN: token });
    expect(masked(await asToken("namespace", "list"))).toEqual(success(lines("NAME     CREATED", "acme     <time>", "default  <time>")));
    // Columns are aligned before the mask: LAST USED is as wide as a timestamp.
    expect(masked(await sluice(["token", "list"]))).toEqual(
      success(lines(`ID${" ".repeat(id.length - 2)}  NAME  SCOPE  CREATED BY   LAST USED${" ".repeat(15)}  REVOKED`, `${id}  ci    admin  admin-token  <time>  no`)),
    );

    expect(await sluice(["token", "revoke", id])).toEqual(success(`revoked token ${id}\n`));
    expect(await asToken("namespace", "list")).toEqual(failure("sluice: 401 unauthorized: invalid or revoked token"));
  });
});

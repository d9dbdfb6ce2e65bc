// /v1/namespaces and /v1/namespaces/:ns/brokers over real HTTP, with real MQTT clients checking
// that brokers go live, change limits and disappear on the running listeners.
import mqtt from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminToken, startTestApi, type TestApi } from "./test/api-fixture.ts";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api?.stop());

const wsUrl = (ns: string, b: string) => `ws://127.0.0.1:${api.server.ports.http}/mqtt/${ns}/${b}`;

describe("authentication", () => {
  it("refuses a missing or unknown token with 401 and the error shape", async () => {
    const missing = await api.call("GET", "/namespaces", undefined, null);
    expect(missing).toEqual({ status: 401, body: { error: { code: "unauthorized", message: "missing bearer token" } } });
    const wrong = await api.call("GET", "/namespaces", undefined, "sluice_AAAAAAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB");
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe("unauthorized");
  });

  it("lets each role do what DESIGN §4 allows: support reads, only admin writes namespaces", async () => {
    const support = await api.tokenFor("support");
    expect((await api.call("GET", "/namespaces", undefined, support)).status).toBe(200);
    const refused = await api.call("POST", "/namespaces", { name: "by-support" }, support);
    expect(refused).toEqual({ status: 403, body: { error: { code: "forbidden", message: "role support may not namespaces:write" } } });
    const developer = await api.call("POST", "/namespaces", { name: "by-developer" }, await api.tokenFor("developer"));
    expect(developer.status).toBe(403);
    expect((await api.call("POST", "/namespaces", { name: "by-admin" }, await api.tokenFor("admin"))).status).toBe(201);
  });

  it("only trusts X-Sluice-Actor from console tokens, and needs a known user", async () => {
    const consoleToken = await api.tokenFor("console");
    expect((await api.call("GET", "/namespaces", undefined, consoleToken)).status).toBe(403);
    await api.server.store.users.create({ email: "dev@example.com", name: "Dev", role: "developer", passwordHash: "x" });
    const response = await fetch(`http://127.0.0.1:${api.server.ports.http}/v1/namespaces`, {
      method: "POST",
      headers: { authorization: `Bearer ${consoleToken}`, "x-sluice-actor": "dev@example.com", "content-type": "application/json" },
      body: JSON.stringify({ name: "as-dev" }),
    });
    expect(response.status).toBe(403); // the developer's role applies, not the token's
  });

  it("names the host the console's user reached in a broker's endpoints, and no other caller's", async () => {
    await api.call("POST", "/namespaces", { name: "hosts" });
    await api.call("POST", "/namespaces/hosts/brokers", { name: "b" });
    await api.server.store.users.create({ email: "admin@hosts.example", name: "A", role: "admin", passwordHash: "x" });
    const consoleToken = await api.tokenFor("console");
    const get = (headers: Record<string, string>) => fetch(`http://127.0.0.1:${api.server.ports.http}/v1/namespaces/hosts/brokers/b`, { headers }).then((r) => r.json());
    const viaConsole = await get({ authorization: `Bearer ${consoleToken}`, "x-sluice-actor": "admin@hosts.example", "x-forwarded-host": "sluice.example.com:3000" });
    expect(viaConsole.endpoints.mqtt).toBe(`mqtt://sluice.example.com:${api.server.ports.mqtt}`);
    expect(viaConsole.endpoints.websocket).toBe(`ws://sluice.example.com:${api.server.ports.http}/mqtt/hosts/b`);
    const direct = await get({ authorization: `Bearer ${adminToken}`, "x-forwarded-host": "sluice.example.com" });
    expect(direct.endpoints.mqtt).toBe(`mqtt://127.0.0.1:${api.server.ports.mqtt}`);
  });
});

describe("namespaces", () => {
  it("creates, lists, shows and deletes, with 409 for a taken name and 404 for an unknown one", async () => {
    const created = await api.call("POST", "/namespaces", { name: "acme" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "acme" });
    expect((await api.call("POST", "/namespaces", { name: "acme" })).body).toEqual({ error: { code: "conflict", message: "namespace acme already exists" } });
    expect((await api.call("GET", "/namespaces")).body.namespaces.map((n: { name: string }) => n.name)).toContain("acme");
    expect((await api.call("GET", "/namespaces/acme")).body.name).toBe("acme");
    expect((await api.call("DELETE", "/namespaces/acme")).status).toBe(204);
    expect((await api.call("GET", "/namespaces/acme")).body).toEqual({ error: { code: "not_found", message: "no namespace acme" } });
  });

  it("names the invalid field in a 422 and answers malformed JSON with 400", async () => {
    const invalid = await api.call("POST", "/namespaces", { name: "Not_A_Label" });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.details).toEqual([{ path: "name", message: "must be lowercase letters, digits and hyphens, starting and ending with a letter or digit" }]);
    expect((await api.call("POST", "/namespaces", { name: "x".repeat(64) })).body.error.details[0]).toEqual({ path: "name", message: "must be at most 63 characters" });
    expect((await api.call("POST", "/namespaces", { name: "ok", extra: 1 })).status).toBe(422);
    const malformed = await api.call("POST", "/namespaces", "{not json");
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe("bad_request");
    const notJson = await fetch(`http://127.0.0.1:${api.server.ports.http}/v1/namespaces`, { method: "POST", headers: { authorization: "Bearer test-admin-token-0123456789" }, body: "name=x" });
    expect([notJson.status, (await notJson.json()).error.code]).toEqual([415, "unsupported_media_type"]);
  });
});

describe("brokers", () => {
  it("makes a created broker live at once, isolated from other brokers", async () => {
    await api.call("POST", "/namespaces", { name: "factory" });
    const created = await api.call("POST", "/namespaces/factory/brokers", { name: "line-1", credentialExpiration: 3600 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      namespace: "factory",
      name: "line-1",
      credentialExpiration: 3600,
      endpoints: { mqtt: `mqtt://127.0.0.1:${api.server.ports.mqtt}`, websocket: wsUrl("factory", "line-1") },
    });
    expect((await api.call("POST", "/namespaces/factory/brokers", { name: "line-1" })).status).toBe(409);
    expect((await api.call("POST", "/namespaces/nowhere/brokers", { name: "b" })).status).toBe(404);

    const inLine = await mqtt.connectAsync(wsUrl("factory", "line-1"), { protocolVersion: 5, clientId: "line-device" });
    const onDefault = await mqtt.connectAsync(`mqtt://127.0.0.1:${api.server.ports.mqtt}`, { protocolVersion: 5 });
    const received: string[] = [];
    inLine.on("message", (topic, payload) => received.push(`${topic} ${payload}`));
    await inLine.subscribeAsync("t/#", { qos: 1 });
    await onDefault.publishAsync("t/x", "from default", { qos: 1 });
    const sameBroker = await mqtt.connectAsync(wsUrl("factory", "line-1"), { protocolVersion: 5 });
    await sameBroker.publishAsync("t/y", "from line-1", { qos: 1 });
    await expect.poll(() => received).toEqual(["t/y from line-1"]);
    await Promise.all([inLine.endAsync(), onDefault.endAsync(), sameBroker.endAsync()]);
  });

  it("keeps a fetch allow-list of host names, empty by default, and validates it", async () => {
    await api.call("POST", "/namespaces", { name: "fetching" });
    expect((await api.call("POST", "/namespaces/fetching/brokers", { name: "plain" })).body.fetchAllowList).toEqual([]);
    const created = await api.call("POST", "/namespaces/fetching/brokers", { name: "b", fetchAllowList: ["api.example.com", "*.example.org"] });
    expect(created.body.fetchAllowList).toEqual(["api.example.com", "*.example.org"]);
    const patched = await api.call("PATCH", "/namespaces/fetching/brokers/b", { fetchAllowList: ["hooks.example.net"] });
    expect(patched.body).toMatchObject({ fetchAllowList: ["hooks.example.net"], limits: {} });
    expect((await api.call("PATCH", "/namespaces/fetching/brokers/b", { limits: { maxConnections: 3 } })).body.fetchAllowList).toEqual(["hooks.example.net"]);
    const bad = await api.call("PATCH", "/namespaces/fetching/brokers/b", { fetchAllowList: ["API.example.com", "https://x.example.com", "*.com", "a..b", "*"] });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(["fetchAllowList.0", "fetchAllowList.1", "fetchAllowList.2", "fetchAllowList.3", "fetchAllowList.4"]);
    expect((await api.call("PATCH", "/namespaces/fetching/brokers/b", { fetchAllowList: Array.from({ length: 51 }, (_, i) => `h${i}.example.com`) })).body.error.details).toEqual([{ path: "fetchAllowList", message: "at most 50 hosts" }]);
    expect((await api.call("GET", "/namespaces/fetching/brokers/b")).body.fetchAllowList).toEqual(["hooks.example.net"]);
  });

  it("applies PATCHed limits to the running broker and validates them", async () => {
    await api.call("POST", "/namespaces", { name: "limited" });
    await api.call("POST", "/namespaces/limited/brokers", { name: "b" });
    const patched = await api.call("PATCH", "/namespaces/limited/brokers/b", { limits: { maxConnections: 1 } });
    expect(patched.body.limits).toEqual({ maxConnections: 1 });
    const bad = await api.call("PATCH", "/namespaces/limited/brokers/b", { limits: { maxConnections: -1, noSuchLimit: 3 } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["limits", "limits.maxConnections"]);

    const first = await mqtt.connectAsync(wsUrl("limited", "b"), { protocolVersion: 5, reconnectPeriod: 0 });
    const second = mqtt.connect(wsUrl("limited", "b"), { protocolVersion: 5, reconnectPeriod: 0 });
    const refusal = await new Promise<Error & { code?: number }>((resolve) => second.once("error", resolve));
    expect(refusal.code).toBe(0x97); // Quota exceeded
    second.end(true);
    await first.endAsync();
  });

  it("deleting a broker disconnects its clients with 0x98 and forgets it", async () => {
    await api.call("POST", "/namespaces", { name: "doomed" });
    await api.call("POST", "/namespaces/doomed/brokers", { name: "b" });
    const client = await mqtt.connectAsync(wsUrl("doomed", "b"), { protocolVersion: 5, reconnectPeriod: 0 });
    const disconnected = new Promise<number | undefined>((resolve) => client.once("disconnect", (packet) => resolve(packet.reasonCode)));
    expect((await api.call("DELETE", "/namespaces/doomed/brokers/b")).status).toBe(204);
    expect(await disconnected).toBe(0x98);
    expect((await api.call("GET", "/namespaces/doomed/brokers/b")).status).toBe(404);
    expect((await api.call("GET", "/namespaces/doomed/brokers")).body).toEqual({ brokers: [] });
    expect(api.server.host.getBroker("doomed", "b")).toBeUndefined();
    client.end(true);
  });

  it("records every change in the audit log with its actor", async () => {
    const entries = await api.server.store.audit.list({ limit: 100 });
    expect(entries.map((e) => `${e.actor} ${e.action} ${e.target}`)).toEqual(expect.arrayContaining(["admin-token namespace.create factory", "admin-token broker.create factory/line-1", "admin-token broker.delete doomed/b"]));
  });
});

describe("OpenAPI", () => {
  it("serves the document generated from the schemas, without a token", async () => {
    const doc = await api.call("GET", "/openapi.json", undefined, null);
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe("3.1.0");
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(["/v1/namespaces", "/v1/namespaces/{ns}", "/v1/namespaces/{ns}/brokers", "/v1/namespaces/{ns}/brokers/{b}"]));
    expect(doc.body.components.schemas.BrokerCreate.properties.name.pattern).toBe("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$");
  });
});

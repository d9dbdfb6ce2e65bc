// The permission matrix of DESIGN §4, enforced by the API: each role against one route per
// permission, expecting success or 403.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "./test/api-fixture.ts";

let api: TestApi;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  api = await startTestApi();
  await api.call("POST", "/namespaces", { name: "perm" });
  await api.call("POST", "/namespaces/perm/brokers", { name: "b" });
  for (const role of ["admin", "developer", "support"] as const) tokens[role] = await api.tokenFor(role);
});
afterAll(() => api?.stop());

let unique = 0;
const b = "/namespaces/perm/brokers/b";
// [description, method, route, body factory, roles allowed]
const matrix: Array<[string, string, string, () => unknown, string[]]> = [
  ["read namespaces", "GET", "/namespaces", () => undefined, ["admin", "developer", "support"]],
  ["create a namespace", "POST", "/namespaces", () => ({ name: `ns-${++unique}` }), ["admin"]],
  ["read brokers", "GET", "/namespaces/perm/brokers", () => undefined, ["admin", "developer", "support"]],
  ["create a broker", "POST", "/namespaces/perm/brokers", () => ({ name: `b-${++unique}` }), ["admin"]],
  ["change limits", "PATCH", b, () => ({ limits: { maxConnections: 100 } }), ["admin"]],
  ["issue credentials", "POST", `${b}/credentials`, () => ({}), ["admin", "developer"]],
  ["revoke credentials", "POST", `${b}/revocations`, () => ({ jti: [`j-${++unique}`] }), ["admin"]],
  ["read public keys", "GET", `${b}/publickeys`, () => undefined, ["admin", "developer", "support"]],
  ["rotate keys", "POST", `${b}/keys/rotate`, () => undefined, ["admin"]],
  ["read users", "GET", "/users", () => undefined, ["admin", "developer", "support"]],
  ["create users", "POST", "/users", () => ({ email: `u${++unique}@example.com`, name: "U", role: "support", password: "0123456789ab" }), ["admin"]],
  ["read API tokens", "GET", "/tokens", () => undefined, ["admin", "developer", "support"]],
  ["create API tokens", "POST", "/tokens", () => ({ name: "t", scope: "support" }), ["admin"]],
  ["read the audit log", "GET", "/audit", () => undefined, ["admin"]],
  ["publish from the explorer", "POST", `${b}/messages`, () => ({ topic: "t", payload: "x" }), ["admin", "developer"]],
  ["open an explorer session", "POST", `${b}/explorer/session`, () => undefined, ["admin", "developer", "support"]],
  ["read the topic index", "GET", `${b}/topics`, () => undefined, ["admin", "developer", "support"]],
  ["read recent messages", "GET", `${b}/messages`, () => undefined, ["admin", "developer", "support"]],
  ["deploy a hook", "PUT", `${b}/hook`, () => ({ kind: "script", source: "export default { async onPublish(m) { return m; } };" }), ["admin", "developer"]],
  ["read hook versions", "GET", `${b}/hook/versions`, () => undefined, ["admin", "developer", "support"]],
  ["test a deployed hook", "POST", `${b}/hook/test`, () => ({ messages: [{ topic: "t", payload: "x" }], version: 1 }), ["admin", "developer", "support"]],
  ["test a hook not deployed yet", "POST", `${b}/hook/test`, () => ({ messages: [{ topic: "t", payload: "x" }], hook: { kind: "script", source: "export default { async onPublish(m) { return m; } };" } }), ["admin", "developer"]],
  ["query analytics", "POST", "/analytics/query", () => ({ sql: "select count(*) from telemetry" }), ["admin", "developer", "support"]],
];

describe("permission matrix (DESIGN §4)", () => {
  for (const [what, method, route, body, allowed] of matrix) {
    it(`${what}: ${allowed.join(", ")}`, async () => {
      for (const role of ["admin", "developer", "support"]) {
        const { status } = await api.call(method, route, body(), tokens[role]);
        expect({ role, allowed: status < 400 }).toEqual({ role, allowed: allowed.includes(role) });
        if (!allowed.includes(role)) expect(status).toBe(403);
      }
    });
  }
});

// /v1/…/hook: deploying versions (scripts checked at deploy), the live one, history, rollback,
// removal, and the side-effect-free test run (of a version or of a hook not deployed yet), for
// scripts and webhooks.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertWebhook } from "../../hook-runtime/verify.ts";
import { startTestApi, type TestApi } from "./test/api-fixture.ts";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
  await api.call("POST", "/namespaces", { name: "acme" });
  await api.call("POST", "/namespaces/acme/brokers", { name: "plant" });
});
afterAll(() => api?.stop());

const hook = "/namespaces/acme/brokers/plant/hook";
const upper = `export default { async onPublish(messages) {
  console.log("batch of", messages.length);
  return messages.filter((m) => m.topic !== "drop/me").map((m) => ({ ...m, payload: m.payload.toUpperCase() }));
} };`;

describe("hook versions", () => {
  it("has no hook at first, deploys immutable versions, rolls back and removes", async () => {
    expect((await api.call("GET", hook)).body.error.code).toBe("not_found");
    const v1 = await api.call("PUT", hook, { kind: "script", source: upper });
    expect(v1.status).toBe(201);
    expect(v1.body).toMatchObject({ version: 1, kind: "script", topics: ["#"], timeoutMs: 1000, onError: "drop", createdBy: "admin-token" });
    const v2 = await api.call("PUT", hook, { kind: "script", source: "export default { async onPublish(m) { return m; } };", topics: ["sensors/#"], onError: "deliver", timeoutMs: 200 });
    expect(v2.body.version).toBe(2);
    expect((await api.call("GET", hook)).body.version).toBe(2);
    expect((await api.call("GET", `${hook}/versions`)).body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect((await api.call("GET", `${hook}/versions/1`)).body.source).toBe(upper);
    expect((await api.call("POST", `${hook}/rollback`, { version: 1 })).body.version).toBe(1);
    expect((await api.call("GET", hook)).body.version).toBe(1);
    expect((await api.call("POST", `${hook}/rollback`, { version: 9 })).status).toBe(404);
    expect((await api.call("DELETE", hook)).status).toBe(204);
    expect((await api.call("GET", hook)).status).toBe(404);
    expect((await api.call("GET", `${hook}/versions`)).body.versions).toHaveLength(2); // history stays
    await api.call("POST", `${hook}/rollback`, { version: 1 });
  });

  it("refuses a script that does not compile, with line and column, and keeps the live version", async () => {
    const bad = await api.call("PUT", hook, { kind: "script", source: "export default {\n  async onPublish(m) { return m;; }\n  oops here\n};" });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details[0]).toMatchObject({ path: "source", line: 3 });
    expect(typeof bad.body.error.details[0].column).toBe("number");
    expect((await api.call("PUT", hook, { kind: "webhook", url: "ftp://example.com" })).status).toBe(422);
    expect((await api.call("PUT", hook, { kind: "script", source: "x", topics: ["a/#/b"] })).body.error.details[0].path).toBe("topics.0");
    expect((await api.call("GET", hook)).body.version).toBe(1);
  });

  it("lets support read hooks and run tests but not deploy", async () => {
    const support = await api.tokenFor("support");
    expect((await api.call("GET", hook, undefined, support)).status).toBe(200);
    expect((await api.call("PUT", hook, { kind: "script", source: upper }, support)).status).toBe(403);
    expect((await api.call("POST", `${hook}/test`, { messages: [{ topic: "a", payload: "x" }] }, support)).status).toBe(200);
  });
});

describe("hook test runs", () => {
  it("runs the live script on sample messages: output, logs, timing", async () => {
    const result = await api.call("POST", `${hook}/test`, { messages: [{ topic: "sensors/a", payload: "hello" }, { topic: "drop/me", payload: "x" }] });
    expect(result.status).toBe(200);
    expect(result.body.output).toEqual([expect.objectContaining({ mid: 1, topic: "sensors/a", payload: "HELLO" })]);
    expect(result.body.logs).toEqual([{ level: "log", message: "batch of 2" }]);
    expect(result.body.durationMs).toBeGreaterThanOrEqual(0);
    expect(result.body.error).toBeUndefined();
  });

  it("says what happened to each message: passed, modified, dropped; output without a mid is new", async () => {
    const source = `export default { async onPublish(messages) {
      const out = [];
      for (const m of messages) {
        if (m.topic === "drop/me") continue;
        out.push(m.topic === "shout" ? { ...m, payload: m.payload.toUpperCase() } : m);
      }
      return [...out, { topic: "audit", payload: String(messages.length) }];
    } };`;
    const messages = [{ topic: "keep", payload: "a" }, { topic: "shout", payload: "b" }, { topic: "drop/me", payload: "c" }];
    const result = await api.call("POST", `${hook}/test`, { messages, hook: { kind: "script", source } });
    expect(result.status).toBe(200);
    expect(result.body.decisions).toEqual([
      { mid: 1, decision: "passed" },
      { mid: 2, decision: "modified" },
      { mid: 3, decision: "dropped" },
    ]);
    expect(result.body.output.at(-1)).toEqual({ topic: "audit", payload: "3" });
  });

  it("runs a hook that is not deployed, as only those who may deploy may, and points at its syntax errors", async () => {
    const before = (await api.call("GET", `${hook}/versions`)).body.versions.length;
    const live = (await api.call("GET", hook)).body.version;
    const draft = { kind: "script", source: `export default { async onPublish(m) { console.log("draft"); return m.map((x) => ({ ...x, topic: "draft/" + x.topic })); } };` };
    const result = await api.call("POST", `${hook}/test`, { messages: [{ topic: "a", payload: "x" }], hook: draft });
    expect(result.body).toMatchObject({ output: [{ mid: 1, topic: "draft/a" }], decisions: [{ mid: 1, decision: "modified" }], logs: [{ level: "log", message: "draft" }] });
    expect((await api.call("GET", `${hook}/versions`)).body.versions).toHaveLength(before); // nothing deployed
    expect((await api.call("GET", hook)).body.version).toBe(live);

    const looping = await api.call("POST", `${hook}/test`, { messages: [{ topic: "a", payload: "x" }], hook: { kind: "script", source: "export default { async onPublish() { for (;;) {} } };", timeoutMs: 50 } });
    expect(looping.body).toMatchObject({ output: [], decisions: [], error: { kind: "timeout" } });

    const broken = await api.call("POST", `${hook}/test`, { messages: [{ topic: "a", payload: "x" }], hook: { kind: "script", source: "export default {\n  async onPublish(m) {\n    return m +;\n  }\n};" } });
    expect(broken.status).toBe(422);
    expect(broken.body.error.details[0]).toMatchObject({ path: "hook.source", line: 3 });

    const both = await api.call("POST", `${hook}/test`, { messages: [{ topic: "a", payload: "x" }], version: 1, hook: draft });
    expect(both.status).toBe(422);
    expect(both.body.error.details[0].path).toBe("hook");

    const support = await api.tokenFor("support");
    expect((await api.call("POST", `${hook}/test`, { messages: [{ topic: "a", payload: "x" }], hook: draft }, support)).status).toBe(403);
    const developer = await api.tokenFor("developer");
    expect((await api.call("POST", `${hook}/test`, { messages: [{ topic: "a", payload: "x" }], hook: draft }, developer)).status).toBe(200);
  });

  it("documents the test request and result in the OpenAPI document", async () => {
    const { schemas } = (await api.call("GET", "/openapi.json", undefined, null)).body.components;
    expect(schemas.HookTest.properties.hook).toEqual({ $ref: "#/components/schemas/HookDeploy" });
    expect(schemas.HookTestResult.properties.decisions.items.properties.decision.enum).toEqual(["passed", "modified", "dropped"]);
  });

  it("reports a hook that loops forever as a timeout, and tests a chosen version", async () => {
    await api.call("PUT", hook, { kind: "script", source: "export default { async onPublish() { for (;;) {} } };", timeoutMs: 100 });
    const looping = await api.call("POST", `${hook}/test`, { messages: [{ topic: "a", payload: "x" }] });
    expect(looping.body).toMatchObject({ output: [], error: { kind: "timeout" } });
    const older = await api.call("POST", `${hook}/test`, { messages: [{ topic: "a", payload: "x" }], version: 1 });
    expect(older.body.output[0].payload).toBe("X");
  });

  it("calls a webhook version, signed, and returns what it answered", async () => {
    const jwks = (await api.call("GET", "/namespaces/acme/brokers/plant/publickeys")).body;
    const receiver = http.createServer(async (req, res) => {
      let body = "";
      for await (const chunk of req) body += chunk;
      await assertWebhook({ headers: req.headers as Record<string, string>, body }, jwks);
      const messages = JSON.parse(body) as Array<{ topic: string; payload: string }>;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(messages.map((m) => ({ ...m, topic: `webhook/${m.topic}` }))));
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = receiver.address() as { port: number };
      await api.call("PUT", hook, { kind: "webhook", url: `http://127.0.0.1:${port}/hook` });
      const result = await api.call("POST", `${hook}/test`, { messages: [{ topic: "a", payload: "x" }] });
      expect(result.body.output).toEqual([expect.objectContaining({ topic: "webhook/a", payload: "x" })]);
    } finally {
      receiver.close();
    }
  });
});

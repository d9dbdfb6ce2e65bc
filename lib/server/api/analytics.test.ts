// POST /v1/analytics/query: read-only SQL over the data points hooks write, for every role; the
// statement check and the database's refusals come back as 422 naming the sql field.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "./test/api-fixture.ts";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
  await api.call("POST", "/namespaces", { name: "shop" });
  await api.call("POST", "/namespaces/shop/brokers", { name: "pay" });
  const broker = (await api.server.store.brokers.get("shop", "pay"))!;
  const point = (region: string, merchant: string, transactions: number) => ({ brokerId: broker.id, namespace: "shop", broker: "pay", at: new Date(), labels: ["pay.shop", region, merchant], metrics: [transactions] });
  await api.server.store.analytics.append([point("eu", "m1", 3), point("eu", "m1", 4), point("us", "m2", 10), point("us", "m3", 0)]);
});
afterAll(() => api?.stop());

const example = `SELECT label_2 as region, label_3 as merchantId, sum(metric_1) as total_transactions
FROM TELEMETRY WHERE metric_1 > 0 AND timestamp >= now() - 604800
GROUP BY region, merchantId ORDER BY total_transactions DESC LIMIT 10`;

describe("POST /v1/analytics/query", () => {
  it("answers the Analytics Engine example with columns and rows, for every role", async () => {
    const expected = { columns: ["region", "merchantid", "total_transactions"], rows: [["us", "m2", 10], ["eu", "m1", 7]], truncated: false };
    expect(await api.call("POST", "/analytics/query", { sql: example })).toEqual({ status: 200, body: expected });
    expect((await api.call("POST", "/analytics/query", { sql: example }, await api.tokenFor("support"))).body).toEqual(expected);
  });

  it("says when rows were cut at 1,000", async () => {
    const result = await api.call("POST", "/analytics/query", { sql: "select generate_series(1, 1500) as n" });
    expect([result.status, result.body.rows.length, result.body.truncated]).toEqual([200, 1000, true]);
  });

  it("needs a token, and a console token must name its user", async () => {
    expect((await api.call("POST", "/analytics/query", { sql: example }, null)).status).toBe(401);
    expect((await api.call("POST", "/analytics/query", { sql: example }, await api.tokenFor("console"))).status).toBe(403);
  });

  it("refuses anything but one SELECT with 422 naming the sql field", async () => {
    const twice = await api.call("POST", "/analytics/query", { sql: "select 1; delete from users" });
    expect(twice.status).toBe(422);
    expect(twice.body.error).toMatchObject({ code: "validation_failed", details: [{ path: "sql", message: "only one statement is allowed" }] });
    expect((await api.call("POST", "/analytics/query", { sql: "DROP TABLE users" })).body.error.details).toEqual([{ path: "sql", message: "only a SELECT query (or WITH … SELECT) is allowed" }]);
    expect((await api.call("POST", "/analytics/query", {})).status).toBe(422);
    expect((await api.call("POST", "/analytics/query", { sql: "x".repeat(10_001) })).status).toBe(422);
  });

  it("returns the database's refusal as 422 with its message", async () => {
    const denied = await api.call("POST", "/analytics/query", { sql: "select * from public.users" });
    expect(denied).toEqual({
      status: 422,
      body: { error: { code: "validation_failed", message: "permission denied for table users (queries may read only the view telemetry)", details: [{ path: "sql", message: "permission denied for table users (queries may read only the view telemetry)" }] } },
    });
    expect((await api.call("POST", "/analytics/query", { sql: "select 1 frm telemetry" })).body.error.message).toMatch(/syntax error/);
    expect((await api.call("GET", "/namespaces/shop/brokers/pay")).status).toBe(200); // the server is fine
  });

  it("is in the OpenAPI document", async () => {
    const doc = (await api.call("GET", "/openapi.json", undefined, null)).body;
    expect(Object.keys(doc.paths["/v1/analytics/query"])).toEqual(["post"]);
    expect(doc.components.schemas.AnalyticsResult).toBeDefined();
  });
});

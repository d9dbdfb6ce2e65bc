// Analytics in the console: a script hook writes data points for real MQTT publishes, and a
// developer (everyone may query) runs the preloaded example, sees the rows as a table and a
// chart, and sees clearly why a bad query is refused.
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import mqtt from "mqtt";
import { adminApi, server } from "./server.ts";
import { sessionFile } from "./users.ts";

test.use({ storageState: sessionFile("developer") });

// Regions of this run only, so rows of other specs or runs cannot be mistaken for them.
const suffix = randomBytes(3).toString("hex");
const north = `north-${suffix}`;
const south = `south-${suffix}`;

test.beforeAll(async () => {
  const namespace = `analytics-${suffix}`;
  const broker = `/namespaces/${namespace}/brokers/pay`;
  expect((await adminApi("POST", "/namespaces", { name: namespace })).status).toBe(201);
  expect((await adminApi("POST", `/namespaces/${namespace}/brokers`, { name: "pay" })).status).toBe(201);
  // The payment-terminal hook of the Pub/Sub announcement (DESIGN §5).
  const source = `export default { async onPublish(messages, env) {
    for (const m of messages) { const p = JSON.parse(m.payload);
      env.metrics.writeDataPoint({ labels: ["pay", p.region, p.merchantId], metrics: [p.transactionsProcessed] }); }
    return messages; } };`;
  expect((await adminApi("PUT", `${broker}/hook`, { kind: "script", source })).status).toBe(201);
  const credentials = await adminApi("POST", `${broker}/credentials`, { clientId: "terminal-1" });
  expect(credentials.status).toBe(201);

  const terminal = await mqtt.connectAsync(`mqtt://127.0.0.1:${server.mqttPort}`, { clientId: "terminal-1", username: "device", password: credentials.body["terminal-1"], protocolVersion: 5, reconnectPeriod: 0 });
  for (const [region, merchantId, transactionsProcessed] of [[north, "m1", 3], [north, "m1", 4], [south, "m2", 10]] as const) {
    await terminal.publishAsync("transactions/terminal-1", JSON.stringify({ region, merchantId, transactionsProcessed }), { qos: 1 });
  }
  await terminal.endAsync();
  // Data points are written behind, about once a second.
  await expect
    .poll(async () => (await adminApi("POST", "/analytics/query", { sql: `select count(*) as n from telemetry where label_2 in ('${north}', '${south}')` })).body.rows?.[0]?.[0], { timeout: 10_000 })
    .toBe(3);
});

test("a developer runs the example query and sees rows and a chart; refused queries say why", async ({ page }) => {
  await page.goto("/analytics");
  const editor = page.getByRole("textbox", { name: "SQL query" });
  await expect(editor).toContainText("sum(metric_1) as total_transactions");
  await page.getByRole("button", { name: "Run query" }).click();

  const table = page.getByRole("table", { name: "Query result" });
  await expect(table.getByRole("columnheader")).toHaveText(["region", "merchantid", "total_transactions"]);
  await expect(table.getByRole("row", { name: new RegExp(south) })).toHaveText(new RegExp(`${south}\\s*m2\\s*10`));
  await expect(table.getByRole("row", { name: new RegExp(north) })).toHaveText(new RegExp(`${north}\\s*m1\\s*7`));

  const barChart = page.getByRole("figure", { name: "total_transactions by region" });
  await barChart.locator(".recharts-bar-rectangle").first().hover();
  await expect(barChart.locator(".recharts-default-tooltip")).toContainText(`${south}total_transactions : 10`);
  await page.getByLabel("Chart type").selectOption("line");
  await page.getByLabel("X axis").selectOption("merchantid");
  const lineChart = page.getByRole("figure", { name: "total_transactions by merchantid" });
  await expect(lineChart.locator(".recharts-line-curve")).toBeVisible();

  // Ctrl+Enter runs it too; the database's syntax error comes back as it said it.
  const refused = page.getByRole("alert").filter({ hasText: "The query was refused" });
  await editor.fill("select 1 frm telemetry");
  await editor.press("Control+Enter");
  await expect(refused).toContainText('syntax error at or near "telemetry"');
  await expect(table).toHaveCount(0);

  await editor.fill("delete from telemetry");
  await page.getByRole("button", { name: "Run query" }).click();
  await expect(refused).toContainText("only a SELECT query (or WITH … SELECT) is allowed");

  await editor.fill(`select * from telemetry where label_2 = 'nowhere-${suffix}'`);
  await page.getByRole("button", { name: "Run query" }).click();
  await expect(page.getByText("No rows")).toBeVisible();
  await expect(refused).toHaveCount(0);
});

// The overview shows live traffic: a real MQTT client's messages appear in the KPIs and charts
// within a refresh, per broker and in total; pausing stops the refresh, ranges switch the step.
import { expect, test } from "@playwright/test";
import mqtt from "mqtt";
import { adminApi, server } from "./server.ts";
import { sessionFile } from "./users.ts";

test.use({ storageState: sessionFile("support") });

test("live traffic from a real client shows in the overview, pausable, per broker and over longer ranges", async ({ page }) => {
  for (const [path, body] of [["/namespaces", { name: "overview" }], ["/namespaces/overview/brokers", { name: "meters" }]] as const) {
    expect([201, 409]).toContain((await adminApi("POST", path, body)).status);
  }
  const issued = await adminApi("POST", "/namespaces/overview/brokers/meters/credentials", { clientId: "meter-1", acl: { pub: ["meters/#"], sub: ["meters/#"] } });
  const device = await mqtt.connectAsync(`mqtt://127.0.0.1:${server.mqttPort}`, { protocolVersion: 5, clientId: "meter-1", username: "device", password: issued.body["meter-1"] });
  await device.subscribeAsync("meters/#");
  // A steady flow while the page watches: 50 messages a second, in and out.
  const flow = setInterval(() => {
    for (let i = 0; i < 5; i++) device.publish("meters/1/kwh", "12.5");
  }, 100);

  try {
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "All brokers" })).toBeVisible();
    const kpi = (label: string) => page.locator(`dt:text-is("${label}") + dd`);
    await expect(kpi("Messages in")).toHaveText(/^[1-9][\d.]*K? msg\/s$/, { timeout: 10_000 });
    await expect(page.getByRole("figure", { name: "Messages per second" })).toBeVisible();
    const row = page.getByRole("row", { name: /overview\/meters/ });
    await expect(row).toContainText("1"); // one connection

    await row.getByRole("button", { name: "Show overview/meters" }).click();
    await expect(page.getByRole("heading", { name: "Broker overview/meters" })).toBeVisible();
    await expect(kpi("Connections")).toHaveText("1");

    // Paused: no more requests for traffic until resumed.
    await page.getByRole("button", { name: "Pause" }).click();
    await expect(page.getByText("Paused")).toBeVisible();
    let requests = 0;
    page.on("request", (request) => {
      if (request.url().includes("/traffic")) requests++;
    });
    await page.waitForTimeout(4500); // two refresh periods
    expect(requests).toBe(0);
    await page.getByRole("button", { name: "Resume" }).click();
    await expect.poll(() => requests, { timeout: 5000 }).toBeGreaterThan(0);

    const longer = page.waitForRequest((request) => request.url().includes("/traffic?range=15m"));
    await page.getByRole("group", { name: "Range" }).getByRole("button", { name: "15 min" }).click();
    await longer;
    await expect(page.getByRole("group", { name: "Range" }).getByRole("button", { name: "15 min" })).toHaveAttribute("aria-pressed", "true");
  } finally {
    clearInterval(flow);
    await device.endAsync();
  }
});

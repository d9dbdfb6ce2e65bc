// A broker's clients in the console: a real MQTT 5 device connects with a credential; support finds
// it by client ID prefix, sorts and filters the list, watches its counters move, opens its page
// (subscriptions, will) and is offered no disconnect; a developer disconnects it (the device gets
// 0x98 and is listed offline, its session kept) and then discards its session.
import { expect, test, type Browser, type Page } from "@playwright/test";
import mqtt from "mqtt";
import { adminApi, server } from "./server.ts";
import { sessionFile } from "./users.ts";

const ns = "clients-e2e";
const broker = "plant";
// A space and a slash: the client's page must name it in its URL safely.
const deviceId = "press 7/line-a";
const otherId = "conveyor-1";

test.describe.configure({ mode: "serial" });

const devices: mqtt.MqttClient[] = [];
test.beforeAll(async () => {
  expect((await adminApi("POST", "/namespaces", { name: ns })).status).toBe(201);
  expect((await adminApi("POST", `/namespaces/${ns}/brokers`, { name: broker })).status).toBe(201);
});
test.afterAll(async () => {
  for (const device of devices) device.end(true);
  await adminApi("DELETE", `/namespaces/${ns}`);
});

/** Connects as `clientId` with a credential issued over the API (its token is the MQTT password; the user name is ignored). */
async function connect(clientId: string, options: mqtt.IClientOptions = {}): Promise<mqtt.MqttClient> {
  const issued = await adminApi("POST", `/namespaces/${ns}/brokers/${broker}/credentials`, { clientId });
  expect(issued.status).toBe(201);
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${server.mqttPort}`, { protocolVersion: 5, clientId, username: "device", password: issued.body[clientId], reconnectPeriod: 0, ...options });
  devices.push(client);
  return client;
}

let device: mqtt.MqttClient;

test("support finds a device by prefix, sorts and filters, follows its counters, and opens its page without a disconnect button", async ({ browser }) => {
  device = await connect(deviceId, {
    clean: false,
    properties: { sessionExpiryInterval: 3600 },
    will: { topic: "status/press-7", payload: Buffer.from("offline"), qos: 1, retain: true },
  });
  await device.subscribeAsync("commands/press-7", { qos: 1, nl: true });
  await connect(otherId);

  const page = await signedIn(browser, "support");
  await page.goto("/clients");
  await page.getByRole("link", { name: `${ns}/${broker}` }).click();
  await expect(page.getByRole("heading", { name: `Clients of ${ns}/${broker}` })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Clients" })).toHaveAttribute("aria-current", "page");

  // Sorted by client ID; a header click reverses it.
  const firstClient = () => page.getByRole("row").nth(1).getByRole("link");
  await expect(firstClient()).toHaveText(otherId);
  await page.getByRole("button", { name: "Client ID" }).click();
  await expect(page.getByRole("columnheader", { name: "Client ID" })).toHaveAttribute("aria-sort", "descending");
  await expect(firstClient()).toHaveText(deviceId);

  // The search and the state filter go into the URL.
  await page.getByLabel("Client ID starts with").fill("press");
  await expect(page).toHaveURL(/[?&]query=press/);
  await expect(page.getByRole("row", { name: new RegExp(otherId) })).toHaveCount(0);
  const row = page.getByRole("row", { name: new RegExp(deviceId) });
  await expect(row).toContainText("Connected");
  await expect(row).toContainText("MQTT 5");
  await page.getByLabel("State").selectOption({ label: "Offline (persistent sessions)" });
  await expect(page).toHaveURL(/[?&]state=offline/);
  await expect(page.getByText("No clients match")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Client ID starts with")).toHaveValue("press");
  await page.getByLabel("State").selectOption({ label: "Connected" });
  await expect(row).toBeVisible();

  // The list refreshes on its own: the device's messages show up without a reload.
  for (let i = 0; i < 3; i++) await device.publishAsync("telemetry/press-7", String(i), { qos: 1 });
  await expect(row.getByRole("cell").nth(7)).toHaveText("3 / 0"); // messages in / out

  await row.getByRole("link", { name: deviceId }).click();
  await expect(page.getByRole("heading", { name: `Client ${deviceId}` })).toBeVisible();
  await expect(page.getByRole("region", { name: "Subscriptions" }).getByRole("row", { name: /commands\/press-7/ })).toContainText("Yes"); // no local
  await expect(page.getByRole("region", { name: "Will message" })).toContainText("status/press-7");
  await expect(page.getByRole("region", { name: "Session" })).toContainText("3,600 s after the connection closes");
  await expect(page.getByRole("region", { name: "Connection" })).toContainText("Connected");
  await expect(page.getByRole("button", { name: "Disconnect" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Discard session" })).toHaveCount(0);
  await page.context().close();
});

test("a developer disconnects the device: it gets 0x98 and is listed offline; then its session is discarded", async ({ browser }) => {
  const page = await signedIn(browser, "developer");
  await page.goto(`/namespaces/${ns}/brokers/${broker}`);
  await page.getByRole("main").getByRole("link", { name: "Clients", exact: true }).click();
  await page.getByRole("link", { name: deviceId }).click();
  await expect(page.getByRole("heading", { name: `Client ${deviceId}` })).toBeVisible();

  const told = new Promise<number | undefined>((resolve) => device.once("disconnect", (packet) => resolve(packet.reasonCode)));
  await page.getByRole("button", { name: "Disconnect" }).click();
  const dialog = page.getByRole("dialog", { name: `Disconnect ${deviceId}?` });
  await expect(dialog.getByLabel("Also discard its session")).not.toBeChecked();
  await dialog.getByRole("button", { name: "Disconnect" }).click();
  expect(await told).toBe(0x98); // Administrative action

  await expect(page.getByRole("region", { name: "Last connection" })).toContainText("Offline");
  await expect(page.getByRole("region", { name: "Recent disconnects" }).getByRole("row", { name: /0x98 Administrative action/ })).toContainText("The server");
  await expect(page.getByRole("region", { name: "Subscriptions" })).toContainText("commands/press-7");

  await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Clients", exact: true }).click();
  await page.getByLabel("State").selectOption({ label: "Offline (persistent sessions)" });
  await expect(page.getByRole("row", { name: new RegExp(deviceId) })).toContainText("Offline");

  await page.getByRole("link", { name: deviceId }).click();
  await page.getByRole("button", { name: "Discard session" }).click();
  await page.getByRole("dialog", { name: `Discard the session of ${deviceId}?` }).getByRole("button", { name: "Discard session" }).click();
  await expect(page.getByRole("heading", { name: `Clients of ${ns}/${broker}` })).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(deviceId) })).toHaveCount(0);
  expect((await adminApi("GET", `/namespaces/${ns}/brokers/${broker}/clients/${encodeURIComponent(deviceId)}`)).status).toBe(404);
  await page.context().close();
});

async function signedIn(browser: Browser, role: "support" | "developer"): Promise<Page> {
  const context = await browser.newContext({ storageState: sessionFile(role) });
  return context.newPage();
}

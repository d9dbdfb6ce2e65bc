// The topic explorer in the console, against a real broker: a developer's explorer connects over
// WebSocket, subscribes with a wildcard, and a real MQTT device's messages show in the tree (by
// keyboard) and the list, as JSON, text and a hex dump, with their MQTT 5 properties, a diff with
// the previous one, a plot of their numbers and the throughput; they export as NDJSON; pause holds
// the view while messages keep arriving, clear forgets them. The explorer's test publish goes
// through a deployed hook and shows the message as published beside as delivered; templates are
// kept; a retained message is deleted. Support watches the same traffic without any publish or
// delete control. The page fits a laptop and a tablet.
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import mqtt, { type MqttClient } from "mqtt";
import { adminApi, server } from "./server.ts";
import { sessionFile } from "./users.ts";

const ns = "explorer-e2e";
const broker = "plant";
const base = `/namespaces/${ns}/brokers/${broker}`;

// A hook on shout/# only: it rewrites the payload in capitals.
const shoutingHook = `export default {
  async onPublish(messages) {
    return messages.map((m) => ({ ...m, payload: m.payload.toUpperCase() }));
  },
};`;

let device: MqttClient;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  expect((await adminApi("POST", "/namespaces", { name: ns })).status).toBe(201);
  expect((await adminApi("POST", `/namespaces/${ns}/brokers`, { name: broker })).status).toBe(201);
  expect((await adminApi("PUT", `${base}/hook`, { kind: "script", source: shoutingHook, topics: ["shout/#"] })).status).toBe(201);
  // README: a device connects with its credential as the MQTT password (any user name).
  const issued = await adminApi("POST", `${base}/credentials`, { clientId: "explorer-device" });
  expect(issued.status).toBe(201);
  device = await mqtt.connectAsync(`mqtt://127.0.0.1:${server.mqttPort}`, { clientId: "explorer-device", username: "device", password: issued.body["explorer-device"], protocolVersion: 5, reconnectPeriod: 0 });
});

test.afterAll(async () => {
  await device?.endAsync();
  await adminApi("DELETE", `/namespaces/${ns}`);
});

async function openExplorer(page: Page) {
  await page.goto(`${base}/explorer`);
  await expect(page.getByRole("heading", { name: `Explorer of ${ns}/${broker}`, level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "Connection" }).getByRole("status")).toHaveText("Connected", { timeout: 15_000 });
}

/** Publishes from the device until `seen` holds: a new subscription takes a moment to be live. */
async function publishUntil(topic: string, payload: string | Buffer, seen: () => Promise<void>, options: mqtt.IClientPublishOptions = {}) {
  await expect(async () => {
    await device.publishAsync(topic, payload, { qos: 1, ...options });
    await seen();
  }).toPass({ timeout: 15_000, intervals: [300, 600, 1000] });
}

const messageRow = (page: Page, topic: string) => page.getByRole("list", { name: "Messages" }).getByRole("listitem").filter({ hasText: topic });

test.describe("developer", () => {
  test.use({ storageState: sessionFile("developer") });

  test("subscribes with a wildcard and reads a device's messages in the tree, the list, the detail and the throughput; exports, pauses and clears", async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto("/explorer");
    await page.getByRole("link", { name: `${ns}/${broker}` }).click();
    await expect(page.getByRole("heading", { name: `Explorer of ${ns}/${broker}`, level: 1 })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Explorer" })).toHaveAttribute("aria-current", "page");
    const connection = page.getByRole("region", { name: "Connection" });
    await expect(connection.getByRole("status")).toHaveText("Connected", { timeout: 15_000 });
    await expect(connection).toContainText(/as console-dev-example-com-[0-9a-f]{16}/);

    // A first visit subscribes to everything; this test wants one wildcard filter instead.
    const subscriptions = page.getByRole("list", { name: "Subscriptions" });
    await page.getByRole("button", { name: "Unsubscribe from #" }).click();
    await expect(page.getByText("No subscriptions: add a filter to see its messages.")).toBeVisible();
    const add = page.getByRole("form", { name: "Add a subscription" });
    await add.getByLabel("Topic filter").fill("sensors/+/temp");
    await add.getByLabel("QoS").selectOption("1");
    await add.getByLabel("Alias").fill("temperatures");
    await add.getByRole("button", { name: "Subscribe" }).click();
    await expect(subscriptions.getByRole("listitem", { name: "Subscription sensors/+/temp" })).toContainText("granted QoS 1");
    await add.getByLabel("Topic filter").fill("sensors/#/x");
    await add.getByRole("button", { name: "Subscribe" }).click();
    await expect(add.getByText("# must be a whole last level")).toBeVisible();
    await add.getByLabel("Topic filter").fill("");

    // The device publishes: what matches the filter arrives, the rest does not.
    await device.publishAsync("sensors/kitchen/humidity", '{"rh": 48}', { qos: 1 });
    const properties = { contentType: "application/json", responseTopic: "replies/kitchen", correlationData: Buffer.from("req-42"), messageExpiryInterval: 3600, userProperties: { site: "plant-1" } };
    await publishUntil("sensors/kitchen/temp", '{"celsius": 21.5}', () => expect(messageRow(page, "sensors/kitchen/temp").first()).toBeVisible({ timeout: 1000 }), { properties });
    await expect(messageRow(page, "sensors/kitchen/humidity")).toHaveCount(0);

    // The tree, by keyboard: open sensors, then kitchen, pick temp.
    const tree = page.getByRole("tree", { name: "Topics" });
    await expect(tree.getByRole("treeitem", { name: /^sensors: \d+ messages?, 1 topic$/ })).toBeVisible();
    await tree.focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowDown");
    await expect(tree.getByRole("treeitem", { name: /^temp: \d+ messages?$/ })).toContainText('{"celsius": 21.5}');
    await page.keyboard.press("Enter");
    await expect(tree.getByRole("treeitem", { name: /^temp: / })).toHaveAttribute("aria-selected", "true");
    await expect(page.getByRole("region", { name: "Messages" })).toContainText("sensors/kitchen/temp and below");

    // Its detail: a JSON tree, the text, the size, no properties.
    const detail = page.getByRole("region", { name: "Message", exact: true });
    await expect(detail.getByRole("group", { name: "Payload as JSON" })).toContainText("celsius: 21.5");
    await expect(detail).toContainText("17 B (17 bytes)");
    await detail.getByRole("button", { name: "Text" }).click();
    await expect(detail.getByLabel("Payload as Text")).toHaveText('{"celsius": 21.5}');
    await detail.getByRole("tab", { name: "Properties" }).click();
    const mqtt5 = detail.getByRole("definition");
    await expect(detail.getByRole("term").filter({ hasText: "Content type" })).toBeVisible();
    for (const value of ["application/json", "replies/kitchen", "req-42", /^[\d,.]+ s left when delivered$/, /^1 \(temperatures\)$/]) await expect(mqtt5.filter({ hasText: value })).toHaveCount(1);
    await expect(detail.getByRole("table", { name: "User properties" }).getByRole("row", { name: "site plant-1" })).toBeVisible();

    // The numbers of the picked topic, plotted.
    await expect(page.getByRole("region", { name: "Numbers on sensors/kitchen/temp" }).getByRole("checkbox", { name: "celsius" })).toBeChecked();

    // What changed since the previous message on the topic.
    await device.publishAsync("sensors/kitchen/temp", '{"celsius": 22.0}', { qos: 1 });
    await expect(messageRow(page, "sensors/kitchen/temp").first()).toContainText("22.0");
    await messageRow(page, "sensors/kitchen/temp").first().getByRole("button").click();
    await detail.getByRole("tab", { name: "Diff with previous" }).click();
    await expect(detail.getByRole("textbox", { name: /^Previous message/ })).toContainText('"celsius": 21.5');
    await expect(detail.getByRole("textbox", { name: /^This message/ })).toContainText('"celsius": 22');

    // Typing anywhere filters: a wildcard pattern on topics, or text in payloads.
    await page.getByRole("button", { name: "All topics" }).click();
    await page.locator("body").click({ position: { x: 5, y: 5 } });
    await page.keyboard.type("sensors/+/temp");
    await expect(page.getByRole("searchbox", { name: "Filter" })).toHaveValue("sensors/+/temp");
    await expect(page.getByText("Topics matching the MQTT filter sensors/+/temp")).toBeVisible();
    await page.getByRole("searchbox", { name: "Filter" }).fill("");

    // A binary payload shows as a hex dump with offsets and ASCII.
    await add.getByLabel("Topic filter").fill("raw/#");
    await add.getByRole("button", { name: "Subscribe" }).click();
    await expect(subscriptions.getByRole("listitem", { name: "Subscription raw/#" })).toContainText("granted QoS 0");
    const blob = Buffer.from([0x00, 0x01, 0xff, 0x41, 0x42, 0x0a, 0x80, 0x7f, 0x53, 0x6c, 0x75, 0x69, 0x63, 0x65, 0x00, 0x02, 0x99]);
    await publishUntil("raw/blob", blob, () => expect(messageRow(page, "raw/blob").first()).toBeVisible({ timeout: 1000 }));
    await messageRow(page, "raw/blob").first().getByRole("button").click();
    await expect(detail).toContainText("Binary: not UTF-8 text.");
    await expect(detail.getByLabel("Payload as Hex")).toHaveText(
      ["00000000  00 01 ff 41 42 0a 80 7f  53 6c 75 69 63 65 00 02  |...AB...Sluice..|", "00000010  99                                                |.|"].join("\n"),
    );
    await detail.getByRole("button", { name: "Base64" }).click();
    await expect(detail.getByLabel("Payload as Base64")).toHaveText(blob.toString("base64"));

    // The throughput while the device publishes: not zero. (It redraws only while on screen.)
    await page.getByRole("region", { name: "Throughput" }).scrollIntoViewIfNeeded();
    const rate = page.getByRole("region", { name: "Throughput" }).getByText(/^Last second: /);
    await expect(async () => {
      for (let i = 0; i < 20; i++) device.publish("sensors/burst/temp", String(i), { qos: 0 });
      await expect(rate).not.toContainText("Last second: 0 msg/s", { timeout: 1_500 });
    }).toPass({ timeout: 15_000 });
    await expect(page.getByRole("figure", { name: "Messages per second" })).toContainText("temperatures");

    // Export the shown messages as NDJSON: one JSON object a line.
    await page.getByLabel("Export as").selectOption("NDJSON");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export shown" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^sluice-explorer-e2e-plant-.*\.ndjson$/);
    const lines = (await readFile((await download.path())!, "utf8")).trim().split("\n").map((line) => JSON.parse(line));
    expect(lines).toContainEqual(expect.objectContaining({ topic: "sensors/kitchen/temp", payload: '{"celsius": 21.5}', encoding: "utf8", size: 17, qos: 1 }));
    expect(lines).toContainEqual(expect.objectContaining({ topic: "raw/blob", payload: blob.toString("base64"), encoding: "base64", size: blob.length }));

    // Selected messages only.
    await messageRow(page, "raw/blob").first().getByRole("checkbox").check();
    const [selected] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export 1 selected" }).click()]);
    expect((await readFile((await selected.path())!, "utf8")).trim().split("\n").map((line) => JSON.parse(line).topic)).toEqual(["raw/blob"]);

    // Paused, the view holds still while messages keep arriving; resumed, they are there.
    await page.getByRole("button", { name: "Pause" }).click();
    await device.publishAsync("sensors/paused/temp", "1", { qos: 1 });
    await expect(page.getByText(/^Paused: [1-9]\d* new messages waiting \(still buffered\)\./)).toBeVisible();
    await expect(messageRow(page, "sensors/paused/temp")).toHaveCount(0);
    await page.getByRole("button", { name: "Resume" }).click();
    await expect(messageRow(page, "sensors/paused/temp")).toHaveCount(1);

    // Clear forgets them all.
    await page.getByRole("button", { name: "Clear" }).click();
    await expect(page.getByRole("list", { name: "Messages" })).toHaveCount(0);
    await expect(page.getByText("No messages yet: topics appear here as messages arrive.")).toBeVisible();
  });

  test("test-publishes through the hook and sees it as published beside as delivered; keeps a template; deletes a retained message", async ({ page }) => {
    await openExplorer(page);
    // The subscriptions of the last test are remembered in its browser, not this one: "#".
    await expect(page.getByRole("list", { name: "Subscriptions" }).getByRole("listitem", { name: "Subscription #" })).toContainText("granted QoS 0");
    const form = page.getByRole("form", { name: "Test publish" });
    await form.getByLabel("Topic", { exact: true }).fill("shout/greeting");
    await form.getByLabel("Payload", { exact: true }).fill("hello explorer");
    await form.getByLabel("Payload", { exact: true }).press("ControlOrMeta+Enter");
    await expect(form.getByRole("status")).toHaveText("Published 14 bytes to shout/greeting at QoS 1.");
    const tap = page.getByRole("region", { name: "As published and as delivered" });
    await expect(tap).toContainText("Decision: modified");
    await expect(tap).toContainText("Hook version: v1");
    await expect(tap).toContainText(/Latency: [\d.,]+ (ms|s)/);
    await expect(tap.getByRole("heading", { name: "As published" }).locator("..")).toContainText("hello explorer");
    await expect(tap.getByRole("heading", { name: "As delivered" }).locator("..")).toContainText("HELLO EXPLORER");
    await expect(messageRow(page, "shout/greeting").first()).toContainText("HELLO EXPLORER"); // and the explorer got it, as delivered

    // Kept as a template of this broker, in this browser.
    await page.getByLabel("Template name").fill("greeting");
    await page.getByRole("button", { name: "Save template" }).click();
    await page.reload();
    await expect(page.getByRole("region", { name: "Connection" }).getByRole("status")).toHaveText("Connected", { timeout: 15_000 });
    await page.getByLabel("Template", { exact: true }).selectOption("greeting");
    await expect(form.getByLabel("Topic", { exact: true })).toHaveValue("shout/greeting");
    await expect(form.getByLabel("Payload", { exact: true })).toHaveValue("hello explorer");

    // JSON that does not parse is caught before it is sent.
    await form.getByLabel("Payload format").selectOption("JSON");
    await form.getByLabel("Payload", { exact: true }).fill("{not json");
    await form.getByRole("button", { name: "Publish" }).click();
    await expect(form.getByText(/^not valid JSON/)).toBeVisible();

    // A retained message, deleted from its detail.
    await publishUntil("config/mode", "eco", () => expect(messageRow(page, "config/mode").first()).toBeVisible({ timeout: 1000 }), { retain: true });
    await messageRow(page, "config/mode").first().getByRole("button").click();
    await page.getByRole("button", { name: "Delete retained message" }).click();
    await page.getByRole("dialog", { name: "Delete the retained message on config/mode?" }).getByRole("button", { name: "Delete retained message" }).click();
    await expect(page.getByRole("region", { name: "Message", exact: true }).getByRole("status")).toHaveText("The retained message is deleted.");
    await expect(page.getByRole("button", { name: "Delete retained message" })).toHaveCount(0);
    const { topics } = (await adminApi("GET", `${base}/topics?prefix=config/`)).body;
    expect(topics).toEqual([expect.objectContaining({ topic: "config/mode", retained: false })]);
  });

  for (const viewport of [{ width: 1280, height: 800 }, { width: 768, height: 1024 }]) {
    test(`fits a ${viewport.width} px wide window`, async ({ page }) => {
      await page.setViewportSize(viewport);
      await openExplorer(page);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    });
  }
});

test.describe("support", () => {
  test.use({ storageState: sessionFile("support") });

  test("watches the tree and the messages but is offered no publish or delete", async ({ page }) => {
    await device.publishAsync("config/level", "3", { qos: 1, retain: true });
    await openExplorer(page);
    await publishUntil("sensors/hall/temp", "19.0", () => expect(page.getByRole("tree", { name: "Topics" }).getByRole("treeitem", { name: /^sensors: / })).toBeVisible({ timeout: 1000 }));
    // Filtered, the tree opens down to the topic: retained, marked so.
    await page.getByRole("searchbox", { name: "Filter" }).fill("config/level");
    await expect(page.getByRole("tree", { name: "Topics" }).getByRole("treeitem", { name: /^level: \d+ messages?, retained$/ })).toBeVisible();
    await page.getByRole("searchbox", { name: "Filter" }).fill("");
    await messageRow(page, "config/level").first().getByRole("button").click();
    await expect(page.getByRole("region", { name: "Message", exact: true })).toContainText("config/level");
    await expect(page.getByRole("heading", { name: "Test publish" })).toHaveCount(0);
    await expect(page.getByRole("form", { name: "Test publish" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Delete retained message" })).toHaveCount(0);
    await device.publishAsync("config/level", "", { qos: 1, retain: true });
  });
});

// A broker's hook in the console: a developer writes a script, is shown a syntax error at its line,
// tries it on the test bench, deploys it, and a real MQTT client's publish comes out transformed;
// a second version, the diff between the two, a rollback that a publish confirms, and the live log.
// Support sees the hook but is offered no way to change it.
import { expect, test, type Page } from "@playwright/test";
import mqtt, { type MqttClient } from "mqtt";
import { adminApi, server } from "./server.ts";
import { sessionFile } from "./users.ts";

const namespace = "hooks-e2e";

const brokenScript = `export default {
  async onPublish(messages) {
    return messages.map((m) => ({ ...m, payload: m.payload + }));
  },
};`;

// v1: shouts, drops debug traffic, and says what it saw.
const shoutingScript = `export default {
  async onPublish(messages) {
    const out = [];
    for (const m of messages) {
      if (m.topic.startsWith("debug/")) continue;
      console.log("v1 saw " + m.topic);
      out.push({ ...m, payload: m.payload.toUpperCase() });
    }
    return out;
  },
};`;

// v2: tags the payload instead.
const taggingScript = `export default {
  async onPublish(messages) {
    return messages.map((m) => ({ ...m, payload: "v2:" + m.payload }));
  },
};`;

test.beforeAll(async () => {
  expect((await adminApi("POST", "/namespaces", { name: namespace })).status).toBe(201);
  for (const name of ["editor", "readonly"]) expect((await adminApi("POST", `/namespaces/${namespace}/brokers`, { name })).status).toBe(201);
  // The read-only view needs a hook with history, deployed as an admin would.
  for (const source of [shoutingScript, taggingScript]) expect((await adminApi("PUT", `/namespaces/${namespace}/brokers/readonly/hook`, { kind: "script", source })).status).toBe(201);
});

/** A device on the broker, connected over MQTT with a credential issued for it (README: the JWT is the password). */
async function connectDevice(broker: string): Promise<MqttClient> {
  const clientId = `device-${broker}`;
  const issued = await adminApi("POST", `/namespaces/${namespace}/brokers/${broker}/credentials`, { clientId });
  expect(issued.status).toBe(201);
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${server.mqttPort}`, { clientId, username: "device", password: issued.body[clientId], protocolVersion: 5, reconnectPeriod: 0 });
  await client.subscribeAsync("greetings/#", { qos: 1 });
  return client;
}

/** Publishes and returns the payload as subscribers receive it, after the hook. */
async function publishThroughHook(client: MqttClient, payload: string): Promise<string> {
  const received = new Promise<string>((resolve) => client.once("message", (_topic, message) => resolve(message.toString())));
  await client.publishAsync("greetings/en", payload, { qos: 1 });
  return received;
}

async function replaceSource(page: Page, source: string) {
  const editor = page.getByRole("textbox", { name: "Hook source" });
  await editor.click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.insertText(source);
  await expect(editor).toContainText(source.split("\n")[1]!.trim());
}

test.describe("developer", () => {
  test.use({ storageState: sessionFile("developer") });

  test("writes a hook, tests it, deploys it, compares versions, rolls back and follows its log", async ({ page }) => {
    test.setTimeout(90_000);
    const device = await connectDevice("editor");
    try {
      await page.goto("/hooks");
      await page.getByRole("link", { name: `${namespace}/editor` }).click();
      await expect(page.getByRole("heading", { name: `Hook of ${namespace}/editor` })).toBeVisible();
      // A broker's hook belongs to the Hooks section of the navigation.
      await expect(page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Hooks" })).toHaveAttribute("aria-current", "page");
      await expect(page.getByText("This broker has no hook yet")).toBeVisible();
      const editor = page.getByRole("region", { name: "Editor" });
      await expect(editor.getByRole("textbox", { name: "Hook source" })).toContainText("async onPublish(messages, env, ctx)"); // the starter script

      // A script that does not compile is refused, with the problem at its line.
      await replaceSource(page, brokenScript);
      // The editor marks it as you type, before anything is sent.
      await expect(editor.locator(".cm-line").nth(2).locator(".cm-lintRange-error")).toBeVisible();
      await editor.getByRole("button", { name: "Deploy" }).click();
      await expect(editor.getByText(/^Line 3, column \d+: SyntaxError/)).toBeVisible();
      await expect(editor.locator(".cm-line").nth(2).locator(".cm-lintRange-error")).toBeVisible();
      expect((await adminApi("GET", `/namespaces/${namespace}/brokers/editor/hook`)).status).toBe(404);

      // The bench runs the editor's script before it is deployed, on the sample messages.
      await replaceSource(page, shoutingScript);
      await expect(editor.getByText(/^Line 3/)).toHaveCount(0);
      const bench = page.getByRole("region", { name: "Test bench" });
      await bench.getByRole("button", { name: "Run" }).click();
      const row = (topic: string) => bench.getByRole("row").filter({ hasText: topic });
      await expect(row("sensors/kitchen/temperature")).toContainText("passed"); // "21.5" shouted is "21.5"
      await expect(row("sensors/kitchen/humidity")).toContainText("modified");
      await expect(row("sensors/kitchen/humidity")).toContainText('{"RH": 48}');
      await expect(row("debug/sensor-1")).toContainText("dropped");
      await expect(bench.getByRole("list", { name: "Console output of the test run" })).toContainText("v1 saw sensors/kitchen/humidity");
      await expect(bench.getByText(/^Ran in [\d.,]+ ms: 3 in, 2 out\.$/)).toBeVisible();
      expect((await adminApi("GET", `/namespaces/${namespace}/brokers/editor/hook`)).status).toBe(404); // tried, not deployed

      await editor.getByRole("button", { name: "Deploy" }).click();
      await expect(editor.getByText("Deployed v1: it is live.")).toBeVisible();
      expect(await publishThroughHook(device, "hello")).toBe("HELLO");
      await expect(page.getByRole("log", { name: "Hook log" })).toContainText("v1 saw greetings/en");

      await replaceSource(page, taggingScript);
      await expect(editor.getByText("Changed since v1, not deployed.")).toBeVisible();
      await editor.getByRole("button", { name: "Deploy" }).click();
      await expect(editor.getByText("Deployed v2: it is live.")).toBeVisible();
      expect(await publishThroughHook(device, "hello")).toBe("v2:hello");

      // Any two versions side by side: the two newest to start with.
      const versions = page.getByRole("region", { name: "Versions" });
      await expect(versions.getByLabel("Compare version")).toHaveValue("1");
      await expect(versions.getByLabel("With version")).toHaveValue("2");
      await expect(versions.getByRole("textbox", { name: "v1 source" })).toContainText("toUpperCase");
      await expect(versions.getByRole("textbox", { name: "v2 source" })).toContainText('"v2:" + m.payload');
      await expect(versions.locator(".cm-changedLine").first()).toBeVisible();

      await expect(versions.getByRole("row").filter({ hasText: "v2" })).toContainText("live");
      await versions.getByRole("button", { name: "Roll back to v1" }).click();
      await expect(versions.getByText("Rolled back: v1 is live again.")).toBeVisible();
      await expect(versions.getByRole("row").filter({ hasText: "v1" })).toContainText("live");
      await expect(editor.getByRole("textbox", { name: "Hook source" })).toContainText("toUpperCase"); // the editor follows the live version
      expect(await publishThroughHook(device, "again")).toBe("AGAIN");
      await expect(page.getByRole("log", { name: "Hook log" })).toContainText("v1 saw greetings/en");

      // Calls per version; v1's second call shows up with the next refresh, which nothing here asks for.
      const metrics = page.getByRole("region", { name: "Metrics" });
      await expect(metrics.getByRole("row").filter({ hasText: "v2" }).getByRole("cell").nth(1)).toHaveText("1");
      await expect(metrics.getByRole("row").filter({ hasText: "v1 (live)" }).getByRole("cell").nth(1)).toHaveText("2", { timeout: 10_000 });
    } finally {
      await device.endAsync();
    }
  });
});

test.describe("support", () => {
  test.use({ storageState: sessionFile("support") });

  test("sees the hook, its versions and diff, and runs it on the bench, but is offered no way to change it", async ({ page }) => {
    await page.goto(`/namespaces/${namespace}/brokers/readonly`);
    await page.getByRole("link", { name: "Hook", exact: true }).click();
    await expect(page.getByRole("heading", { name: `Hook of ${namespace}/readonly` })).toBeVisible();
    const live = page.getByRole("region", { name: "Live hook" });
    await expect(live).toContainText("v2, deployed by admin-token");
    await expect(live.getByRole("textbox", { name: "Hook source" })).toContainText('"v2:" + m.payload');
    await expect(live.getByRole("textbox", { name: "Hook source" })).toHaveAttribute("aria-readonly", "true");

    const bench = page.getByRole("region", { name: "Test bench" });
    await expect(bench).toContainText("Runs the live version, v2");
    await bench.getByRole("button", { name: "Run" }).click();
    await expect(bench.getByRole("row").filter({ hasText: "sensors/kitchen/temperature" })).toContainText("v2:21.5");

    const versions = page.getByRole("region", { name: "Versions" });
    await expect(versions.getByRole("textbox", { name: "v1 source" })).toContainText("toUpperCase");
    for (const name of ["Deploy", "Remove hook", /Roll back/]) await expect(page.getByRole("button", { name })).toHaveCount(0);
    await expect(page.getByRole("region", { name: "Editor" })).toHaveCount(0);
  });
});

// Device credentials in the console: a developer issues one and copies its token, shown once; a
// real MQTT client connects with it as its snippet says and is held to its ACL; the access check
// names the rule; an admin revokes it (the device is cut off and refused) and unrevokes it; support
// reads the list but is offered no change.
import { spawn } from "node:child_process";
import { expect, test, type Browser, type Page } from "@playwright/test";
import mqtt, { type IClientOptions } from "mqtt";
import type { Role } from "../lib/auth/roles.ts";
import { adminApi, server } from "./server.ts";
import { sessionFile } from "./users.ts";

const ns = "cred-e2e";
const broker = "plant";
const clientId = "e2e-sensor";
const acl = { pub: `sensors/${clientId}/#`, sub: [`commands/${clientId}`, `sensors/${clientId}/#`] };

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  expect((await adminApi("POST", "/namespaces", { name: ns })).status).toBe(201);
  expect((await adminApi("POST", `/namespaces/${ns}/brokers`, { name: broker })).status).toBe(201);
});
test.afterAll(async () => {
  await adminApi("DELETE", `/namespaces/${ns}`);
});

/** The token copied from the console, for the tests after the one that issues it. */
let token = "";

test("a developer issues a credential, copies its token once, and a device connects with it as the snippets say", async ({ browser }) => {
  const page = await signedIn(browser, "developer");
  await page.goto("/credentials");
  await page.getByRole("link", { name: `${ns}/${broker}` }).click();
  await expect(page.getByRole("heading", { name: `Credentials of ${ns}/${broker}` })).toBeVisible();
  await expect(page.getByText("No credentials issued yet")).toBeVisible();

  // The form checks filters with the API's own schema, line by line.
  await page.getByLabel("Client ID").fill(clientId);
  await page.getByLabel("Expiry").selectOption({ label: "After 1 day" });
  await page.getByLabel("May publish to").fill(`${acl.pub}\nsensors/#/temp`);
  await page.getByLabel("May subscribe to").fill(acl.sub.join("\n"));
  await page.getByRole("button", { name: "Issue credentials" }).click();
  await expect(page.getByText("Line 2: # must be a whole last level")).toBeVisible();
  await page.getByLabel("May publish to").fill(acl.pub);
  await page.getByRole("button", { name: "Issue credentials" }).click();

  await expect(page.getByRole("heading", { name: "Credential issued" })).toBeVisible();
  await expect(page.getByText("this is the only time it is shown")).toBeVisible();
  await page.getByRole("button", { name: "Copy token" }).click();
  token = await page.evaluate(() => navigator.clipboard.readText());
  const claims = JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString());
  expect(claims).toMatchObject({ sub: clientId, ns, broker, acl: { pub: [acl.pub], sub: acl.sub } });
  expect(claims.exp - claims.iat).toBe(86_400);

  // The mosquitto_sub snippet runs as it is shown (here stopping after one message).
  const subSnippet = (await page.getByRole("figure", { name: "mosquitto_sub" }).locator("code").textContent())!;
  expect(subSnippet).toContain(`-p ${server.mqttPort}`);
  expect(subSnippet).toContain(token);
  const received = await runUntilDelivered(`${subSnippet} -C 1 -W 15`, `commands/${clientId}`, "reboot");
  expect(received.trim()).toBe(`commands/${clientId} reboot`);
  for (const snippet of ["mosquitto_pub", "MQTT.js (Node.js)", "Python (paho-mqtt 2)"]) {
    await expect(page.getByRole("figure", { name: snippet })).toContainText(`sensors/${clientId}/example`);
  }

  // The device is held to its ACL: its own topics only.
  const device = await connect({ clientId, password: token });
  expect(device.code).toBe(0);
  const suback = new Promise<number[]>((resolve) => device.client.on("packetreceive", (p) => p.cmd === "suback" && resolve(p.granted as number[])));
  device.client.subscribe([`sensors/${clientId}/#`, "sensors/#"], { qos: 1 }, () => {});
  expect(await suback).toEqual([1, 0x87]);
  const message = new Promise<string>((resolve) => device.client.once("message", (topic, payload) => resolve(`${topic} ${payload}`)));
  await device.client.publishAsync(`sensors/${clientId}/temp`, "21.5", { qos: 1 });
  expect(await message).toBe(`sensors/${clientId}/temp 21.5`);
  await expect(device.client.publishAsync("sensors/other/temp", "21.5", { qos: 1 })).rejects.toMatchObject({ code: 0x87 });
  await device.client.endAsync();

  // Leaving the tokens forgets them; the list has the credential, and developers may not revoke.
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("button", { name: "Copy token" })).toHaveCount(0);
  const row = page.getByRole("row", { name: new RegExp(clientId) });
  await expect(row).toContainText(claims.jti);
  await expect(row).toContainText("Active");
  await expect(page.getByRole("button", { name: "Revoke" })).toHaveCount(0);
  // "Last connected" is written behind: it shows on a later load.
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("row", { name: new RegExp(clientId) })).not.toContainText("Never", { timeout: 1_000 });
  }).toPass();

  await checkAccess(page, "Publish to", `sensors/${clientId}/temp`);
  await expect(page.getByText(`Allowed: ${clientId} may publish to sensors/${clientId}/temp`)).toBeVisible();
  await expect(page.getByText(`Rule: sensors/${clientId}/#`)).toBeVisible();
  await checkAccess(page, "Subscribe to", "sensors/#");
  await expect(page.getByText(`Not allowed: ${clientId} may not subscribe to sensors/#`)).toBeVisible();
  await expect(page.getByText("No rule of its ACL allows this.")).toBeVisible();
  await checkAccess(page, "Publish to", "sensors/+/temp");
  await expect(page.getByText("topic name contains a wildcard")).toBeVisible();
  await page.context().close();
});

test("an admin revokes the credential from the broker's page: the device is cut off and refused; then unrevokes it", async ({ browser }) => {
  const page = await signedIn(browser, "admin");
  await page.goto(`/namespaces/${ns}/brokers/${broker}`);
  await page.getByRole("main").getByRole("link", { name: "Credentials" }).click();
  await expect(page.getByRole("heading", { name: `Credentials of ${ns}/${broker}` })).toBeVisible();

  const live = await connect({ clientId, password: token });
  expect(live.code).toBe(0);
  const cutOff = new Promise<number | undefined>((resolve) => live.client.once("disconnect", (packet) => resolve(packet.reasonCode)));
  const row = page.getByRole("row", { name: new RegExp(clientId) });
  await row.getByRole("button", { name: "Revoke" }).click();
  const dialog = page.getByRole("dialog", { name: `Revoke the credential of ${clientId}?` });
  await dialog.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toContainText("Revoked");
  expect(await cutOff).toBe(0x98); // Administrative action
  live.client.end(true);
  expect((await connect({ clientId, password: token })).code).toBe(0x87); // Not authorized

  await checkAccess(page, "Publish to", `sensors/${clientId}/temp`);
  await expect(page.getByText(`Not allowed: ${clientId} may not publish to sensors/${clientId}/temp`)).toBeVisible();
  await expect(page.getByText(`Its ACL alone would allow this, by the rule sensors/${clientId}/#, but the credential is revoked.`)).toBeVisible();
  await expect(page.getByText(/^Why: the credential is revoked: the broker refuses its CONNECT \(0x87 Not authorized\)/)).toBeVisible();

  await row.getByRole("button", { name: "Unrevoke" }).click();
  await expect(row).toContainText("Active");
  const again = await connect({ clientId, password: token });
  expect(again.code).toBe(0);
  await again.client.endAsync();

  // Many at once, with generated client IDs: every token shown once, and all of them as JSON.
  await page.getByLabel("Number of credentials").fill("3");
  await page.getByRole("button", { name: "Issue credentials" }).click();
  await expect(page.getByRole("heading", { name: "3 credentials issued" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Copy token" })).toHaveCount(3);
  await page.getByRole("button", { name: "Copy all as JSON" }).click();
  const issued = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
  expect(Object.keys(issued)).toHaveLength(3);
  const [second] = Object.keys(issued).slice(1);
  await page.getByLabel("Snippets for").selectOption(second);
  await expect(page.getByRole("figure", { name: "MQTT.js (Node.js)" })).toContainText(issued[second]);
  await page.getByRole("button", { name: "Done" }).click();
  for (const generated of Object.keys(issued)) await expect(page.getByRole("row", { name: new RegExp(generated) })).toContainText("Active");
  await page.context().close();
});

test("a support user reads the credentials and checks one, but is offered no issue or revoke control", async ({ browser }) => {
  const page = await signedIn(browser, "support");
  await page.goto(`/namespaces/${ns}/brokers/${broker}/credentials`);
  await expect(page.getByRole("row", { name: new RegExp(clientId) })).toContainText("Active");
  await expect(page.getByRole("heading", { name: "Issue credentials" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Issue credentials" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Revoke" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Unrevoke" })).toHaveCount(0);

  const { credentials } = (await adminApi("GET", `/namespaces/${ns}/brokers/${broker}/credentials`)).body;
  await page.getByRole("region", { name: "Check access" }).getByLabel("Credential").selectOption(credentials.find((c: { clientId: string }) => c.clientId === clientId).jti);
  await checkAccess(page, "Subscribe to", `commands/${clientId}`);
  await expect(page.getByText(`Allowed: ${clientId} may subscribe to commands/${clientId}`)).toBeVisible();
  await page.context().close();
});

/** A page signed in as `role`, allowed to read what the console copies. */
async function signedIn(browser: Browser, role: Role): Promise<Page> {
  const context = await browser.newContext({ storageState: sessionFile(role), permissions: ["clipboard-read", "clipboard-write"] });
  return context.newPage();
}

async function checkAccess(page: Page, action: "Publish to" | "Subscribe to", topic: string): Promise<void> {
  const form = page.getByRole("region", { name: "Check access" });
  await form.getByLabel("Action").selectOption({ label: action });
  await form.getByLabel("Topic").fill(topic);
  await form.getByRole("button", { name: "Check" }).click();
}

/** Connects as a device and resolves with the CONNACK reason code (0 on success) and the client. */
function connect(options: IClientOptions): Promise<{ code: number; client: mqtt.MqttClient }> {
  return new Promise((resolve) => {
    const client = mqtt.connect(`mqtt://127.0.0.1:${server.mqttPort}`, { protocolVersion: 5, reconnectPeriod: 0, username: "device", ...options });
    client.once("connect", () => resolve({ code: 0, client }));
    client.once("error", (error: Error & { code?: number }) => {
      client.end(true);
      resolve({ code: error.code ?? -1, client });
    });
  });
}

/** Runs a shell command line (a snippet) and publishes `payload` to `topic` over the API until it ends; resolves with its output. */
async function runUntilDelivered(commandLine: string, topic: string, payload: string): Promise<string> {
  const child = spawn("sh", ["-c", commandLine]);
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const ended = new Promise<void>((resolve) => child.on("close", () => resolve()));
  let done = false;
  void ended.then(() => (done = true));
  // Until it has subscribed, a message finds no subscriber: keep publishing until it got one.
  while (!done) {
    await adminApi("POST", `/namespaces/${ns}/brokers/${broker}/messages`, { topic, payload });
    await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 300))]);
  }
  return output;
}

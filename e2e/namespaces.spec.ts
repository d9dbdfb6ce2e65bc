// An admin sets up a namespace and a broker in the console, and the API records it as theirs.
import { expect, test } from "@playwright/test";
import { adminApi, server } from "./server.ts";
import { sessionFile, users } from "./users.ts";

test.use({ storageState: sessionFile("admin") });

test("an admin creates a namespace and a broker, sees its endpoints, changes its settings and deletes it", async ({ page }) => {
  await page.goto("/namespaces");
  await page.getByRole("link", { name: "Create namespace" }).click();

  // The form checks names with the API's own schema before sending them.
  await page.getByLabel("Name").fill("Acme Corp");
  await page.getByRole("button", { name: "Create namespace" }).click();
  await expect(page.getByText("must be lowercase letters, digits and hyphens")).toBeVisible();
  await page.getByLabel("Name").fill("acme");
  await page.getByRole("button", { name: "Create namespace" }).click();
  await expect(page.getByRole("heading", { name: "Namespace acme" })).toBeVisible();
  await expect(page.getByText("No brokers in this namespace")).toBeVisible();

  await page.getByRole("link", { name: "Create broker" }).click();
  await page.getByLabel("Name").fill("plant");
  await page.getByLabel("Credential expiration (seconds)").fill("3600");
  await page.getByRole("button", { name: "Create broker" }).click();
  await expect(page.getByRole("heading", { name: "Broker acme/plant" })).toBeVisible();
  const endpoints = page.getByRole("region", { name: "Endpoints" });
  await expect(endpoints).toContainText(`mqtt://127.0.0.1:${server.mqttPort}`);
  await expect(endpoints).toContainText(/ws:\/\/127\.0\.0\.1:\d+\/mqtt\/acme\/plant/);

  await page.getByLabel("Connections at once").fill("500");
  await page.getByLabel("Hosts a hook may fetch").fill("api.example.com\nNot A Host");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Line 2: must be a lowercase host name")).toBeVisible();
  await page.getByLabel("Hosts a hook may fetch").fill("api.example.com");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();
  const stored = await adminApi("GET", "/namespaces/acme/brokers/plant");
  expect(stored.body).toMatchObject({ limits: { maxConnections: 500 }, credentialExpiration: 3600, fetchAllowList: ["api.example.com"] });

  // The console acts as the signed-in user: the audit log names the admin, not a token.
  const audit = await adminApi("GET", "/audit?target=acme/plant");
  expect(audit.body.entries.map((e: { actor: string; action: string }) => `${e.actor} ${e.action}`)).toEqual([`${users.admin.email} broker.update`, `${users.admin.email} broker.create`]);

  await page.getByRole("button", { name: "Delete broker" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete broker acme/plant?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Delete broker" }).click();
  await expect(page.getByRole("heading", { name: "Namespace acme" })).toBeVisible();
  await expect(page.getByText("No brokers in this namespace")).toBeVisible();
  expect((await adminApi("GET", "/namespaces/acme/brokers/plant")).status).toBe(404);
});

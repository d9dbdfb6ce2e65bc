// An admin creates an API token in the console, sees it once, uses it against the API, and
// revokes it, after which the API refuses it.
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { adminApi, server } from "./server.ts";
import { sessionFile, users } from "./users.ts";

test.use({ storageState: sessionFile("admin") });

const namespacesStatus = (token: string) => fetch(`${server.apiUrl}/v1/namespaces`, { headers: { authorization: `Bearer ${token}` } }).then((response) => response.status);

test("an admin creates an API token, sees it once, uses it, and revokes it", async ({ page }) => {
  const name = `e2e script ${randomBytes(3).toString("hex")}`;
  await page.goto("/tokens");
  await page.getByRole("link", { name: "Create token" }).click();
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Scope").selectOption("developer");
  await page.getByRole("button", { name: "Create token" }).click();

  await expect(page.getByRole("alert").filter({ hasText: "you will not see it again" })).toHaveText("Copy the token now: you will not see it again. Sluice keeps only a hash of it.");
  const token = await page.getByLabel("Token", { exact: true }).inputValue();
  expect(token).toMatch(/^sluice_[0-9A-Za-z]{12}_[0-9A-Za-z]{43}$/);
  expect(await namespacesStatus(token)).toBe(200);

  await page.getByRole("link", { name: "Done" }).click();
  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText("developer");
  await expect(row).toContainText(users.admin.email);
  const [lastUsed, revoked] = [row.getByRole("cell").nth(3), row.getByRole("cell").nth(4)];
  await expect(lastUsed).toHaveText(/\d{4}/); // a time: just now, not "never"
  await expect(page.getByText(token)).toHaveCount(0); // the secret is not shown again

  await row.getByRole("button", { name: "Revoke" }).click();
  const dialog = page.getByRole("dialog", { name: `Revoke the token ${name}?` });
  await dialog.getByRole("button", { name: "Revoke" }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByRole("button", { name: "Revoke" })).toHaveCount(0);
  await expect(revoked).toHaveText(/\d{4}/);
  expect(await namespacesStatus(token)).toBe(401);

  const id = token.split("_")[1];
  const audit = await adminApi("GET", `/audit?target=token:${id}`);
  expect(audit.body.entries.map((e: { actor: string; action: string }) => `${e.actor} ${e.action}`)).toEqual([`${users.admin.email} token.revoke`, `${users.admin.email} token.create`]);
});

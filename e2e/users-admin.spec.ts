// An admin manages console users in the console: creates one (checked with the API's password
// policy), changes their role, sets a new password they then sign in with, and removes them; the
// audit log names the admin for each step. The only admin is kept: the console shows why.
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { adminApi } from "./server.ts";
import { signIn } from "./sign-in.ts";
import { sessionFile, users } from "./users.ts";

test.use({ storageState: sessionFile("admin") });

const roleOf = async (email: string) => (await adminApi("GET", "/users")).body.users.find((u: { email: string }) => u.email === email)?.role;

test("an admin creates a user, changes their role, resets their password and removes them", async ({ page, browser }) => {
  const suffix = randomBytes(3).toString("hex");
  const person = { email: `ursula-${suffix}@example.com`, name: `Ursula ${suffix}` };

  await page.goto("/users");
  await page.getByRole("link", { name: "Create user" }).click();
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Name").fill(person.name);
  await page.getByRole("combobox", { name: "Role" }).selectOption("developer");
  await page.getByLabel("Initial password").fill("too short");
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByText("Password must be at least 10 characters")).toBeVisible();
  await page.getByLabel("Initial password").fill("first password for e2e");
  await page.getByRole("button", { name: "Create user" }).click();

  await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
  const row = page.getByRole("row", { name: new RegExp(person.email) });
  await expect(row).toContainText("developer");
  await row.getByRole("link", { name: person.name }).click();
  await expect(page.getByRole("heading", { name: person.name })).toBeVisible();

  await page.getByRole("combobox", { name: "Role" }).selectOption("support");
  await page.getByRole("button", { name: "Save role" }).click();
  await expect(page.getByText("Role saved.")).toBeVisible();
  expect(await roleOf(person.email)).toBe("support");

  await page.getByLabel("New password").fill("second password for e2e");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByText(`Password changed. ${person.name} signs in with the new one from now on.`)).toBeVisible();

  // They sign in with the new password, not the old one, in a browser of their own (contexts made
  // here would otherwise start with the admin's session from test.use).
  const theirs = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const theirPage = await theirs.newPage();
  await signIn(theirPage, { email: person.email, password: "first password for e2e" });
  await expect(theirPage.getByRole("alert").filter({ hasText: "Wrong email or password." })).toBeVisible();
  await signIn(theirPage, { email: person.email, password: "second password for e2e" });
  await expect(theirPage.getByRole("banner")).toContainText(`${person.name} · support`);
  await theirs.close();

  await page.getByRole("button", { name: "Remove user" }).click();
  const dialog = page.getByRole("dialog", { name: `Remove ${person.name}?` });
  await dialog.getByRole("button", { name: "Remove user" }).click();
  await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(person.email) })).toHaveCount(0);
  expect(await roleOf(person.email)).toBeUndefined();

  // The audit log has each step, by the admin who took it.
  await page.goto(`/audit?target=${encodeURIComponent(person.email)}`);
  const entries = page.getByRole("table", { name: "Audit log entries, newest first" }).locator("tbody tr");
  await expect(entries).toHaveText([/user\.delete/, /user\.update\+password/, /user\.update/, /user\.create/]);
  for (const entry of await entries.all()) await expect(entry).toContainText(users.admin.email);
});

test("the only admin can be neither demoted nor removed, and the console says why", async ({ page }) => {
  await page.goto("/users");
  await page.getByRole("row", { name: new RegExp(users.admin.email) }).getByRole("link", { name: users.admin.name }).click();
  await expect(page.getByRole("heading", { name: `${users.admin.name} (you)` })).toBeVisible();

  await page.getByRole("combobox", { name: "Role" }).selectOption("developer");
  await page.getByRole("button", { name: "Save role" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "is the only admin" })).toHaveText(`${users.admin.email} is the only admin: make another user an admin before changing their role`);

  await page.getByRole("button", { name: "Remove user" }).click();
  const dialog = page.getByRole("dialog", { name: `Remove ${users.admin.name}?` });
  await dialog.getByRole("button", { name: "Remove user" }).click();
  await expect(dialog.getByRole("alert")).toContainText(`${users.admin.email} is the only admin: make another user an admin before removing them`);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  expect(await roleOf(users.admin.email)).toBe("admin");
});

// What developers and support may not do with users, API tokens and the audit log (DESIGN §4):
// they read users and tokens with no way to change them, and admin-only URLs say "not allowed".
import { expect, test } from "@playwright/test";
import { sessionFile, users } from "./users.ts";

for (const role of ["support", "developer"] as const) {
  test.describe(role, () => {
    test.use({ storageState: sessionFile(role) });

    test(`a ${role} user reads users and API tokens but is offered no way to change them`, async ({ page }) => {
      await page.goto("/users");
      const admin = page.getByRole("row", { name: new RegExp(users.admin.email) });
      await expect(admin).toContainText("admin");
      await expect(page.getByRole("link", { name: "Create user" })).toHaveCount(0);
      await admin.getByRole("link", { name: users.admin.name }).click();
      await expect(page.getByRole("heading", { name: users.admin.name })).toBeVisible();
      await expect(page.getByRole("main")).toContainText(users.admin.email);
      for (const control of ["Save role", "Set new password", "Remove user"]) await expect(page.getByRole("button", { name: control })).toHaveCount(0);

      await page.goto("/tokens");
      await expect(page.getByRole("table", { name: "API tokens" })).toContainText("console (sluice up)");
      await expect(page.getByRole("link", { name: "Create token" })).toHaveCount(0);
      await expect(page.getByRole("button", { name: "Revoke" })).toHaveCount(0);
    });

    test(`a ${role} user who opens an admin URL is told it is not allowed`, async ({ page }) => {
      for (const url of ["/users/new", "/tokens/new", "/audit"]) {
        await page.goto(url);
        await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
        await expect(page.getByRole("main")).toContainText(`Your role, ${role}, may not`);
      }
    });
  });
}

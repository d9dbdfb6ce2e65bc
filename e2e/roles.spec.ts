// What developers and support may not do with namespaces and brokers (DESIGN §4): the console
// offers them no way to, and a create URL opened directly says "not allowed".
import { expect, test } from "@playwright/test";
import { adminApi } from "./server.ts";
import { sessionFile } from "./users.ts";

test.beforeAll(async () => {
  // Shared by the roles below; made once, whichever runs first.
  for (const [path, body] of [["/namespaces", { name: "shared" }], ["/namespaces/shared/brokers", { name: "sensors" }]] as const) {
    const { status } = await adminApi("POST", path, body);
    expect([201, 409]).toContain(status);
  }
});

for (const role of ["support", "developer"] as const) {
  test.describe(role, () => {
    test.use({ storageState: sessionFile(role) });

    test(`a ${role} user reads namespaces and brokers but is offered no way to change them`, async ({ page }) => {
      await page.goto("/namespaces");
      await expect(page.getByRole("link", { name: "shared" })).toBeVisible();
      await expect(page.getByRole("link", { name: "Create namespace" })).toHaveCount(0);
      await expect(page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Audit" })).toHaveCount(0);

      await page.getByRole("link", { name: "shared" }).click();
      await expect(page.getByRole("link", { name: "sensors" })).toBeVisible();
      await expect(page.getByRole("link", { name: "Create broker" })).toHaveCount(0);
      await expect(page.getByRole("button", { name: "Delete namespace" })).toHaveCount(0);

      await page.getByRole("link", { name: "sensors" }).click();
      await expect(page.getByRole("region", { name: "Endpoints" })).toContainText("/mqtt/shared/sensors");
      await expect(page.getByRole("region", { name: "Settings" })).toContainText("Connections at once");
      await expect(page.getByRole("button", { name: "Save settings" })).toHaveCount(0);
      await expect(page.getByRole("button", { name: "Delete broker" })).toHaveCount(0);
    });

    test(`a ${role} user who opens a create URL is told it is not allowed`, async ({ page }) => {
      for (const url of ["/namespaces/new", "/namespaces/shared/new", "/audit"]) {
        await page.goto(url);
        await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
        await expect(page.getByRole("main")).toContainText(`Your role, ${role}, may not`);
      }
    });
  });
}

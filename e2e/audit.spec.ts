// The audit log page: filters by actor, target and time, kept in the URL so a view can be shared,
// and older entries a page at a time.
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { adminApi, server } from "./server.ts";
import { sessionFile } from "./users.ts";

test.use({ storageState: sessionFile("admin") });

test("an admin filters the audit log by actor, target and time, and pages back", async ({ page }) => {
  // A token of its own is an actor no other spec uses: 52 refused writes are audited under it.
  const created = await adminApi("POST", "/tokens", { name: `audit e2e ${randomBytes(3).toString("hex")}`, scope: "support" });
  const actor = `token:${created.body.id}`;
  for (let i = 0; i < 52; i++) {
    const refused = await fetch(`${server.apiUrl}/v1/namespaces`, {
      method: "POST",
      headers: { authorization: `Bearer ${created.body.token}`, "content-type": "application/json" },
      body: JSON.stringify({ name: `audit-${i}` }),
    });
    expect(refused.status).toBe(403);
  }

  await page.goto("/audit");
  await page.getByLabel("Actor").fill(actor);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(new RegExp(`/audit\\?actor=${encodeURIComponent(actor)}$`));
  const entries = page.getByRole("table", { name: "Audit log entries, newest first" }).locator("tbody tr");
  await expect(entries).toHaveCount(50);
  await expect(entries.first()).toContainText("POST /v1/namespaces");
  await expect(entries.first()).toContainText("403 forbidden");

  await page.getByRole("link", { name: "Older entries" }).click();
  await expect(entries).toHaveCount(2);
  await expect(page.getByRole("link", { name: "Older entries" })).toHaveCount(0);
  await page.getByRole("link", { name: "Newest entries" }).click();
  await expect(entries).toHaveCount(50);

  // A target in the table narrows the view to it; the fields show the filters the URL holds.
  await entries.first().getByRole("link", { name: "/v1/namespaces" }).click();
  await expect(page.getByLabel("Target")).toHaveValue("/v1/namespaces");
  await expect(page.getByLabel("Actor")).toHaveValue(actor);
  await expect(entries).toHaveCount(50);

  // The URL is the view: opened afresh, it shows the same filters.
  const until = new Date(Date.now() - 60 * 60_000).toISOString();
  await page.goto(`/audit?actor=${encodeURIComponent(actor)}&until=${encodeURIComponent(until)}`);
  await expect(page.getByText("No entries match these filters")).toBeVisible();
  await expect(page.getByLabel("Actor")).toHaveValue(actor);
  await expect(page.getByLabel("To", { exact: true })).not.toHaveValue("");

  await page.getByLabel("From", { exact: true }).fill("2030-01-02T00:00");
  await page.getByLabel("To", { exact: true }).fill("2030-01-01T00:00");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByText("Must be later than From.")).toBeVisible();
  await page.getByLabel("To", { exact: true }).fill("");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/since=20(29|30)-/);
  await expect(page.getByText("No entries match these filters")).toBeVisible();

  await page.getByRole("link", { name: "Clear" }).click();
  await expect(page).toHaveURL(/\/audit$/);
  await expect(page.getByLabel("Actor")).toHaveValue("");
  await expect(entries.first()).toBeVisible();
});

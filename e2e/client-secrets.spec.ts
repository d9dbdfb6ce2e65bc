// No secret reaches the browser: the console's API token and the secret that signs sessions
// appear in nothing the browser receives — pages, scripts, styles or data — on any section.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { server } from "./server.ts";
import { sessionFile } from "./users.ts";

test.use({ storageState: sessionFile("admin") });

test("the console's token and session secret are in nothing the browser receives", async ({ page }) => {
  const secrets = JSON.parse(readFileSync(path.join(server.dataDir, "console-secrets.json"), "utf8")) as { apiToken: string; nextAuthSecret: string };
  const received: Array<{ url: string; body: Promise<string> }> = [];
  page.on("response", (response) => {
    if (response.request().method() !== "OPTIONS" && !response.headers()["content-type"]?.startsWith("text/event-stream")) {
      received.push({ url: response.url(), body: response.text().catch(() => "") });
    }
  });
  await page.goto("/");
  const hrefs = await page.getByRole("navigation", { name: "Sections" }).getByRole("link").evaluateAll((links) => links.map((link) => link.getAttribute("href")!));
  for (const href of hrefs) {
    await page.goto(href);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  }
  expect(received.filter((r) => r.url.includes("/_next/static/")).length).toBeGreaterThan(0);
  for (const { url, body } of received) {
    const text = await body;
    for (const [name, secret] of Object.entries(secrets)) expect(text.includes(secret), `${name} found in ${url}`).toBe(false);
  }
});

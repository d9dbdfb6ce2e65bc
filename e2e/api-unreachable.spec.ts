// When the Sluice server goes away, console pages say so in a banner instead of going blank. This
// needs a console that outlives its server, so the spec runs its own pair: `sluice up --no-console`
// and the console started apart from it, as the README describes.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { runConsole, type RunningConsole } from "../lib/cli/console/process.ts";
import { createLogger } from "../lib/logger.ts";
import { reservePort } from "../lib/server/listen.ts";
import { signIn } from "./sign-in.ts";
import { startSluice } from "./sluice-process.ts";

test("a banner says so when the console cannot reach the Sluice server", async ({ page }) => {
  test.setTimeout(120_000); // it starts a server and a console of its own
  const dataDir = mkdtempSync(path.join(tmpdir(), "sluice-e2e-unreachable-"));
  const adminToken = randomBytes(24).toString("hex");
  const admin = { email: "admin@sluice.local", password: "admin password for this spec" };
  const sluice = await startSluice(["--no-console", "--data-dir", dataDir], { SLUICE_ADMIN_TOKEN: adminToken, SLUICE_ADMIN_PASSWORD: admin.password });
  let webConsole: RunningConsole | undefined;
  try {
    const token = await fetch(`${sluice.apiUrl}/v1/tokens`, {
      method: "POST",
      headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "console", scope: "console" }),
    }).then((response) => response.json());
    const port = await reservePort(0, "127.0.0.1", "consolePort");
    const settings = { SLUICE_CONSOLE_API_URL: sluice.apiUrl, SLUICE_CONSOLE_API_TOKEN: token.token, NEXTAUTH_SECRET: randomBytes(32).toString("base64url"), NEXTAUTH_URL: `http://127.0.0.1:${port}` };
    webConsole = await runConsole(port, "127.0.0.1", settings, createLogger("silent"), new AbortController().signal);

    await signIn(page, admin, webConsole.url);
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    await page.goto(`${webConsole.url}/namespaces`);
    await expect(page.getByRole("link", { name: "default" })).toBeVisible();

    await sluice.stop();
    const banner = page.getByRole("alert").filter({ hasText: "The Sluice server cannot be reached, so nothing can be loaded or changed." });
    await expect(banner).toBeVisible({ timeout: 30_000 }); // the console checks the API every few seconds; a loaded machine is slower
    await page.reload();
    await expect(banner).toBeVisible();
    await expect(page.getByRole("alert").filter({ hasText: "Could not load this: The Sluice server cannot be reached." })).toBeVisible();
  } finally {
    await page.close(); // no open requests left to hold up the console's shutdown
    await webConsole?.stop();
    await sluice.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

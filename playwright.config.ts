// Playwright: the console's end-to-end tests (e2e/) in Debian's Chromium, against a real server
// and console that e2e/global-setup.ts starts on free ports. The setup project signs in once per
// role; the specs reuse those sessions. Vitest runs lib/ (vitest.config.ts); this runs only e2e/.
import { defineConfig } from "@playwright/test";

export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/global-setup.ts",
  // One server and console serve every spec; two workers keep both cores busy without starving it.
  workers: 2,
  forbidOnly: Boolean(process.env.CI),
  reporter: [["list"]],
  timeout: 30_000,
  use: {
    // Set by the global setup, which runs before the workers read this file.
    baseURL: process.env.SLUICE_E2E_CONSOLE_URL,
    // Playwright cannot download its browsers here: Debian's chromium package is the browser.
    launchOptions: { executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] },
    trace: "retain-on-failure",
  },
  projects: [
    { name: "sign-in", testMatch: /auth\.setup\.ts$/ },
    { name: "console", testMatch: /\.spec\.ts$/, dependencies: ["sign-in"] },
  ],
});

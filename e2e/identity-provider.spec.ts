// Sign-in through an OpenID Connect provider (a real one in the test: oauth2-mock-server issues
// signed ID tokens over the full authorization-code flow): a Sluice user gets in with their role,
// an email without a Sluice user or one the provider has not verified is turned away, saying why.
// The spec runs its own `sluice up`, since the provider is configured by environment at start.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { Events, OAuth2Server } from "oauth2-mock-server";
import { startSluice, type SluiceProcess } from "./sluice-process.ts";

test.describe.configure({ mode: "serial" });

// Next.js's route announcer is an alert too: pick ours by its words.
const alert = (page: Page, text: string) => page.getByRole("alert").filter({ hasText: text });

const issuer = new OAuth2Server();
let sluice: SluiceProcess;
let dataDir: string;
/** What the provider says about whoever signs in next. */
let claims: { email: string; email_verified: boolean; name: string };

test.beforeAll(async () => {
  test.setTimeout(120_000); // it starts a server and a console of its own
  await issuer.issuer.keys.generate("RS256");
  await issuer.start(0, "127.0.0.1");
  issuer.service.on(Events.BeforeTokenSigning, (token) => Object.assign(token.payload, { sub: claims.email, ...claims }));

  dataDir = mkdtempSync(path.join(tmpdir(), "sluice-e2e-oidc-"));
  const adminToken = randomBytes(24).toString("hex");
  sluice = await startSluice(["--console-port", "0", "--data-dir", dataDir], {
    SLUICE_ADMIN_TOKEN: adminToken,
    SLUICE_CONSOLE_OIDC_ISSUER: issuer.issuer.url!,
    SLUICE_CONSOLE_OIDC_CLIENT_ID: "sluice-console",
    SLUICE_CONSOLE_OIDC_CLIENT_SECRET: "client secret for the test",
    SLUICE_CONSOLE_OIDC_NAME: "Acme SSO",
  });
  const created = await fetch(`${sluice.apiUrl}/v1/users`, {
    method: "POST",
    headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ email: "ada@acme.example", name: "Ada Lovelace", role: "developer", password: "a password she never uses" }),
  });
  expect(created.status).toBe(201);
});

test.afterAll(async () => {
  await sluice?.stop();
  await issuer.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test("a Sluice user signs in through the provider, with their role, and lands where they were going", async ({ page }) => {
  claims = { email: "ada@acme.example", email_verified: true, name: "Ada at Acme" };
  await page.goto(`${sluice.consoleUrl}/namespaces`);
  await page.getByRole("button", { name: "Sign in with Acme SSO" }).click();
  await expect(page.getByRole("heading", { name: "Namespaces" })).toBeVisible();
  await expect(page.getByRole("banner")).toContainText("Ada Lovelace · developer");
});

test("an email without a Sluice user is turned away, saying so", async ({ page }) => {
  claims = { email: "mallory@acme.example", email_verified: true, name: "Mallory" };
  await page.goto(`${sluice.consoleUrl}/login`);
  await page.getByRole("button", { name: "Sign in with Acme SSO" }).click();
  await expect(alert(page, "No Sluice user has the email address you signed in with. Ask an admin to add you.")).toBeVisible();
  await page.goto(`${sluice.consoleUrl}/namespaces`);
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
});

test("an email the provider has not verified is turned away, even a Sluice user's", async ({ page }) => {
  claims = { email: "ada@acme.example", email_verified: false, name: "Ada?" };
  await page.goto(`${sluice.consoleUrl}/login`);
  await page.getByRole("button", { name: "Sign in with Acme SSO" }).click();
  await expect(alert(page, "The identity provider has not verified that email address.")).toBeVisible();
});

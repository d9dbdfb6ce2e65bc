// Signing in and out, coming back after the session ends, and the two ways a sign-in fails: a
// wrong password, and too many attempts.
import { expect, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import path from "node:path";
import { decode, encode } from "next-auth/jwt";
import { server } from "./server.ts";
import { fillSignIn, signIn } from "./sign-in.ts";
import { users } from "./users.ts";

const alert = (page: import("@playwright/test").Page, text: string | RegExp) => page.getByRole("alert").filter({ hasText: text });

test("a user signs in, lands where they were going, sees the console as themselves, and signs out", async ({ page }) => {
  await page.goto("/namespaces");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fnamespaces$/);
  await fillSignIn(page, users.developer);
  await expect(page.getByRole("heading", { name: "Namespaces" })).toBeVisible();
  await expect(page.getByRole("banner")).toContainText(`${users.developer.name} · developer`);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in to Sluice" })).toBeVisible();
  await page.goto("/namespaces");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fnamespaces$/);
});

test("a session past its lifetime ends: live data says so, and the next page asks to sign in and comes back", async ({ page, context }) => {
  await signIn(page, users.support);
  await expect(page.getByRole("heading", { name: "All brokers" })).toBeVisible();

  // The session cookie as the console issues it, but with its eight hours over.
  const secret = JSON.parse(readFileSync(path.join(server.dataDir, "console-secrets.json"), "utf8")).nextAuthSecret;
  const [cookie] = (await context.cookies()).filter((c) => c.name === "next-auth.session-token");
  const session = await decode({ token: cookie!.value, secret });
  await context.addCookies([{ ...cookie!, value: await encode({ token: session!, secret, maxAge: -60 }) }]);

  // The overview's next refresh is refused, and the page says why instead of going blank.
  await expect(page.getByText("Your session has ended.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "All brokers" })).toBeVisible();

  await page.goto("/namespaces?from=expiry");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fnamespaces%3Ffrom%3Dexpiry$/);
  await fillSignIn(page, users.support);
  await expect(page).toHaveURL(/\/namespaces\?from=expiry$/);
});

test("a wrong password is refused, saying so", async ({ page }) => {
  await signIn(page, { email: users.support.email, password: "not the password" });
  await expect(alert(page, "Wrong email or password.")).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);
});

test("too many failed attempts are refused with when to try again", async ({ page }) => {
  // The API allows 5 failures per email in 15 minutes (lib/auth/rate-limiter.ts).
  const guesser = { email: "guessed-at@example.com", password: "guess" };
  for (let i = 0; i < 5; i++) {
    await signIn(page, guesser);
    await expect(alert(page, "Wrong email or password.")).toBeVisible();
  }
  await signIn(page, guesser);
  await expect(alert(page, /Too many sign-in attempts\. Try again in 1[45] minutes\./)).toBeVisible();
});

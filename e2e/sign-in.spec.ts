// Signing in and out, and the two ways a sign-in fails: a wrong password, and too many attempts.
import { expect, test } from "@playwright/test";
import { signIn } from "./sign-in.ts";
import { users } from "./users.ts";

const alert = (page: import("@playwright/test").Page, text: string | RegExp) => page.getByRole("alert").filter({ hasText: text });

test("a user signs in, sees the console as themselves, and signs out", async ({ page }) => {
  await page.goto("/namespaces");
  await expect(page).toHaveURL(/\/login$/);
  await signIn(page, users.developer);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByRole("banner")).toContainText(`${users.developer.name} · developer`);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in to Sluice" })).toBeVisible();
  await page.goto("/namespaces");
  await expect(page).toHaveURL(/\/login$/);
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

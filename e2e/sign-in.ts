// Signing in through the login page, as the setup project and the sign-in specs do it.
import type { Page } from "@playwright/test";
import type { TestUser } from "./users.ts";

/** `origin` is the console's, when it is not the one the global setup started. */
export async function signIn(page: Page, user: Pick<TestUser, "email" | "password">, origin = ""): Promise<void> {
  await page.goto(`${origin}/login`);
  await fillSignIn(page, user);
}

/** Signs in on the sign-in page already open (e.g. one that will bring the user back). */
export async function fillSignIn(page: Page, user: Pick<TestUser, "email" | "password">): Promise<void> {
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

// Signs in once per role through the login page and keeps each session for the specs.
import { expect, test as setup } from "@playwright/test";
import { roles } from "../lib/auth/roles.ts";
import { signIn } from "./sign-in.ts";
import { sessionFile, users } from "./users.ts";

for (const role of roles) {
  setup(`sign in as ${role}`, async ({ page }) => {
    await signIn(page, users[role]);
    await expect(page.getByText(users[role].name)).toBeVisible();
    await page.context().storageState({ path: sessionFile(role) });
  });
}

// Every section the admin can open fits a 1280 px laptop and a tablet held upright: nothing wider
// than the window (tables scroll inside their own box), and the sections stay one tap away.
import { expect, test } from "@playwright/test";
import { sessionFile } from "./users.ts";

test.use({ storageState: sessionFile("admin") });

for (const viewport of [{ width: 1280, height: 800 }, { width: 768, height: 1024 }]) {
  test(`every section fits a ${viewport.width} px wide window`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await page.goto("/");
    const sections = page.getByRole("navigation", { name: "Sections" }).getByRole("link");
    const hrefs = await sections.evaluateAll((links) => links.map((link) => link.getAttribute("href")!));
    expect(hrefs.length).toBeGreaterThanOrEqual(8);
    for (const href of hrefs) {
      await page.goto(href);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expect(page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: /./ }).first()).toBeInViewport();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${href} is wider than the window by ${overflow} px`).toBeLessThanOrEqual(0);
    }
  });
}

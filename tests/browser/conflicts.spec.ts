/**
 * The conflict flow end to end: invoices changed in the database after the backup differ from
 * the file on a field with no rule to decide it (Invoice merges by `ask`); the preview lists
 * them, the owner decides (one choice for all, then one exception), and the import applies
 * exactly those choices. The settings page at phone width on the way.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportFile } from "./support/api.ts";
import { startApp, type AppServer } from "./support/app-server.ts";
import { launchChromium, screenshot, signedIn } from "./support/browser.ts";
import { dropFile } from "./support/files.ts";

let app: AppServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  app = await startApp("conflicts");
  browser = await launchChromium();
  ({ page } = await signedIn(browser, app, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }));
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe("conflicts", () => {
  it("lets the owner decide each conflict, or all at once, and imports exactly those choices", async () => {
    const file = await exportFile(app);
    const invoices = await app.prisma.invoice.findMany({ orderBy: { id: "asc" }, take: 3 });
    expect(invoices.length).toBe(3);
    for (const invoice of invoices) {
      await app.prisma.invoice.update({ where: { id: invoice.id }, data: { status: invoice.status === "CANCELLED" ? "PAID" : "CANCELLED" } });
    }
    const changed = await app.prisma.invoice.findMany({ where: { id: { in: invoices.map((invoice) => invoice.id) } }, orderBy: { id: "asc" } });

    await page.goto(`${app.url}/parametres/sauvegarde`);
    await screenshot(page, "10-settings-phone");
    await dropFile(page, '[data-testid="dropzone"]', file.name, file.bytes);
    const conflicts = page.getByTestId("conflicts");
    await conflicts.waitFor();
    expect(await conflicts.locator("fieldset.conflict").count()).toBe(3);
    const importButton = page.getByRole("button", { name: "Importer", exact: true });
    expect(await importButton.isDisabled()).toBe(true);
    await screenshot(page, "11-conflicts-phone");

    await conflicts.getByRole("button", { name: "Tout prendre du fichier" }).click();
    // One exception: keep the database's value for the first invoice.
    const first = conflicts.locator(`fieldset[data-conflict="Invoice:${invoices[0]!.id}:status"]`);
    await first.getByLabel("Garder la mienne").check();
    expect(await importButton.isDisabled()).toBe(false);
    await screenshot(page, "12-conflicts-decided-phone");

    await importButton.click();
    await page.getByTestId("import-report").waitFor({ timeout: 60_000 });
    await screenshot(page, "13-conflicts-report-phone");
    await page.getByTestId("import-report").getByText("3 conflit(s) tranché(s)").waitFor();

    const after = await app.prisma.invoice.findMany({ where: { id: { in: invoices.map((invoice) => invoice.id) } }, orderBy: { id: "asc" } });
    expect(after.map((invoice) => invoice.status)).toEqual([changed[0]!.status, invoices[1]!.status, invoices[2]!.status]);
  });
});

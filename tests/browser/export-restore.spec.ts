/**
 * Export then restore, as the owner does it: the export button downloads a file that the
 * runtime verifies; after data is lost, dropping that file on the page restores it and shows
 * the report.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectRecords } from "../../runtime/import/collect.ts";
import { backup } from "../../generated/backup/index.ts";
import { startApp, type AppServer } from "./support/app-server.ts";
import { launchChromium, progressSeen, screenshot, signedIn } from "./support/browser.ts";
import { dropFile, openWithRuntime } from "./support/files.ts";

let app: AppServer;
let browser: Browser;
let page: Page;
let exported: { name: string; bytes: Uint8Array };

async function counts(server: AppServer) {
  const prisma = server.prisma;
  return {
    customers: await prisma.customer.count(),
    sales: await prisma.sale.count(),
    saleLines: await prisma.saleLine.count(),
    quotes: await prisma.quote.count(),
    quoteLines: await prisma.quoteLine.count(),
    products: await prisma.product.count(),
  };
}

beforeAll(async () => {
  app = await startApp("export-restore");
  browser = await launchChromium();
  ({ page } = await signedIn(browser, app));
});

describe("signing in", () => {
  it("refuses a wrong secret and keeps the pages and routes closed without a session", async () => {
    const context = await browser.newContext();
    const anonymous = await context.newPage();
    await anonymous.goto(`${app.url}/parametres/sauvegarde`);
    expect(new URL(anonymous.url()).pathname).toBe("/connexion");
    await anonymous.getByLabel("Code administrateur").fill("not the secret");
    await anonymous.getByRole("button", { name: "Se connecter" }).click();
    await anonymous.getByText("Code administrateur incorrect.").waitFor();
    await screenshot(anonymous, "00-sign-in");
    expect((await anonymous.request.get(`${app.url}/api/backup/export`)).status()).toBe(401);
    await context.close();
  });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe("export and restore in the browser", () => {
  it("shows the dashboard with counts per model", async () => {
    await expect.poll(() => page.getByTestId("dashboard-counts").locator(".stat").count()).toBe(11);
    const customers = await page.locator('[data-model="Customer"] .value').textContent();
    expect(Number(customers!.replace(/\s/g, ""))).toBe(await app.prisma.customer.count());
    await screenshot(page, "01-dashboard");
  });

  it("downloads a backup with the export button, which the runtime verifies", async () => {
    await page.goto(`${app.url}/parametres/sauvegarde`);
    await page.getByTestId("estimate").getByText("Taille estimée").waitFor();
    await screenshot(page, "02-settings");

    const downloading = page.waitForEvent("download");
    await page.getByRole("button", { name: "Exporter toutes les données" }).click();
    const download = await downloading;
    const name = download.suggestedFilename();
    expect(name).toMatch(/-backup-\d{4}-\d{2}-\d{2}-\d{4}\.json\.gz$/);
    const path = join(app.dir, name);
    await download.saveAs(path);
    exported = { name, bytes: new Uint8Array(readFileSync(path)) };

    await page.getByTestId("export-done").getByText(name).waitFor();
    await page.locator("[data-sonner-toast]").getByText(name).waitFor();
    await screenshot(page, "03-export-done");

    const opened = await openWithRuntime(exported.bytes);
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    const collected = await collectRecords(backup, opened.document);
    expect(collected.errors).toEqual([]);
    expect(collected.records.get("Customer")!.length).toBe(await app.prisma.customer.count());
    expect(opened.document.metadata.total_records).toBeGreaterThan(0);
  });

  it("shows an export error with a retry", async () => {
    let calls = 0;
    await page.route("**/api/backup/export", async (route) => {
      if (calls++ === 0) await route.fulfill({ status: 500, contentType: "application/json", body: JSON.stringify({ error: "export_failed", message: "La base de données ne répond pas." }) });
      else await route.fallback();
    });
    const failure = page.getByTestId("export-error");
    await page.getByRole("button", { name: "Exporter toutes les données" }).click();
    await failure.getByText("La base de données ne répond pas.").waitFor();
    await screenshot(page, "03b-export-error");
    const downloading = page.waitForEvent("download");
    await failure.getByRole("button", { name: "Réessayer" }).click();
    await downloading;
    await page.getByTestId("export-done").waitFor();
    await page.unroute("**/api/backup/export");
  });

  it("restores lost data from the dropped file and shows the report", async () => {
    const before = await counts(app);
    // Data is lost behind the app's back: quotes (with their lines) and a few standalone sales.
    await app.prisma.quoteLine.deleteMany({});
    await app.prisma.customer.updateMany({ data: { primaryQuoteId: null } });
    await app.prisma.quote.deleteMany({});
    const lost = await counts(app);
    expect(lost.quotes).toBe(0);

    await page.goto(`${app.url}/parametres/sauvegarde`);
    await dropFile(page, '[data-testid="dropzone"]', exported.name, exported.bytes);
    await page.getByTestId("import-preview").waitFor();
    const preview = page.getByTestId("preview-counts");
    await expect.poll(() => preview.locator('tr[data-model="Quote"] td').nth(2).textContent()).toBe(String(before.quotes));
    await screenshot(page, "04-import-preview");
    // Nothing was written by the preview.
    expect(await app.prisma.quote.count()).toBe(0);

    await page.getByRole("button", { name: "Importer", exact: true }).click();
    await page.getByTestId("import-report").waitFor({ timeout: 60_000 });
    await screenshot(page, "05-import-report");
    // The checks in the worker and the import's progress events were shown on the way.
    const progress = (await progressSeen(page)).join("\n");
    expect(progress).toContain("Vérification de chaque enregistrement");
    expect(progress).toMatch(/Écriture des données — \S.*: \d+ \/ \d+/);
    const report = page.getByTestId("report-counts");
    expect(await report.locator('tr[data-model="Quote"] td').nth(2).textContent()).toBe(String(before.quotes));
    expect(await counts(app)).toEqual(before);
  });

  it("lists the pre-import backup in the server's history, for download", async () => {
    const history = page.getByTestId("history-panel");
    await history.getByText("avant import").waitFor();
    const downloading = page.waitForEvent("download");
    await history.getByRole("button", { name: /^Télécharger / }).first().click();
    expect((await downloading).suggestedFilename()).toMatch(/pre-import\.json\.gz$/);
  });

  it("shows the owner's guide", async () => {
    await page.goto(`${app.url}/parametres/sauvegarde`);
    await page.getByRole("link", { name: /Guide/ }).click();
    await page.getByRole("heading", { name: "Sauvegarder et restaurer vos données" }).waitFor();
    await screenshot(page, "06-guide");
  });
});

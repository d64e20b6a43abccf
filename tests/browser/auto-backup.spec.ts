/**
 * The daily automatic backup, with the page's clock under the test's control (Paris time):
 * one download on the first load of the day, none on a reload or in a second tab, one again
 * once the clock passes midnight with both tabs open, a retry after a failure, none once the
 * switch is off.
 */
import type { Browser, BrowserContext, Download, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppServer } from "./support/app-server.ts";
import { launchChromium, newContext, screenshot, signIn, toastsSeen } from "./support/browser.ts";

let app: AppServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const downloads: Download[] = [];

/** Long enough for a backup that would start to show up (the export takes well under a second here). */
const QUIET_MS = 3000;

async function waitForDownloads(count: number): Promise<void> {
  await expect.poll(() => downloads.length, { timeout: 20_000 }).toBe(count);
}

beforeAll(async () => {
  app = await startApp("auto-backup");
  browser = await launchChromium();
  // 8:00 in Paris on a Tuesday.
  context = await newContext(browser, { autoBackup: true, clockAt: new Date("2026-03-10T08:00:00+01:00") });
  context.on("page", (opened) => opened.on("download", (download) => downloads.push(download)));
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe("automatic backup", () => {
  it("downloads one backup on the first opening of the day, with a toast naming the file", async () => {
    await signIn(page, app);
    await waitForDownloads(1);
    const name = downloads[0]!.suggestedFilename();
    expect(name).toMatch(/\.json\.gz$/);
    await page.locator("[data-sonner-toast]").getByText(name).waitFor();
    await screenshot(page, "30-auto-backup-toast");
    expect((await toastsSeen(page)).some((text) => text.includes("Sauvegarde en cours…"))).toBe(true);
  });

  it("does not download again on a reload", async () => {
    await page.reload();
    await page.waitForTimeout(QUIET_MS);
    expect(downloads.length).toBe(1);
  });

  it("does not download in a second tab", async () => {
    const second = await context.newPage();
    await second.goto(`${app.url}/`);
    await second.waitForTimeout(QUIET_MS);
    expect(downloads.length).toBe(1);
  });

  it("downloads once more when the clock passes midnight, with both tabs open", async () => {
    expect(context.pages().length).toBe(2);
    await context.clock.fastForward("16:00:10");
    await waitForDownloads(2);
    await page.waitForTimeout(QUIET_MS);
    expect(downloads.length).toBe(2);
    await page.bringToFront();
    await screenshot(page, "31-auto-backup-next-day");
  });

  it("retries after a failed attempt", async () => {
    let failures = 0;
    await context.route("**/api/backup/export", async (route) => {
      if (failures++ === 0) await route.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ error: "unavailable", message: "Serveur momentanément indisponible." }) });
      else await route.fallback();
    });
    await context.clock.fastForward("24:00:00");
    // Whichever tab took the lock shows the toasts.
    const retrying = async () => {
      for (const tab of context.pages()) if ((await toastsSeen(tab)).some((text) => text.includes("nouvel essai dans un instant"))) return tab;
      return undefined;
    };
    await expect.poll(retrying, { timeout: 20_000 }).toBeDefined();
    const tab = (await retrying())!;
    await tab.bringToFront();
    await tab.locator("[data-sonner-toast]").getByText("nouvel essai dans un instant").waitFor();
    await screenshot(tab, "33-auto-backup-retry");
    expect(downloads.length).toBe(2);
    await context.clock.fastForward("00:00:11");
    await waitForDownloads(3);
    expect(failures).toBe(2);
    await context.unroute("**/api/backup/export");
  });

  it("stops when the switch is turned off", async () => {
    await page.goto(`${app.url}/parametres/sauvegarde`);
    const toggle = page.getByRole("switch");
    expect(await toggle.isChecked()).toBe(true);
    await toggle.uncheck();
    await page.getByTestId("auto-backup-panel").getByText("Désactivée").waitFor();
    await screenshot(page, "32-auto-backup-off");
    await context.clock.fastForward("24:00:00");
    await page.waitForTimeout(QUIET_MS);
    await page.reload();
    await page.waitForTimeout(QUIET_MS);
    expect(downloads.length).toBe(3);
  });
});

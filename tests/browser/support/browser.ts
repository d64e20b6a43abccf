/**
 * Chromium for the tests: Debian's `/usr/bin/chromium` driven by playwright-core (which cannot
 * download browsers here), headless, with the flags a root user and an offline machine need.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";
import { ADMIN_SECRET, type AppServer } from "./app-server.ts";
import { chromiumPath, screenshotsDir } from "./paths.ts";

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
  });
}

export interface SessionOptions extends BrowserContextOptions {
  /** Leave the daily automatic backup on (off by default, so that it does not mix with what a test checks). */
  readonly autoBackup?: boolean;
  /** Install the page clock at this time before the first page loads. */
  readonly clockAt?: Date;
}

/** A browser context as the tests want it: French, Paris time, downloads on, automatic backup off unless asked. */
export async function newContext(browser: Browser, options: SessionOptions = {}): Promise<BrowserContext> {
  const { autoBackup = false, clockAt, ...contextOptions } = options;
  const context = await browser.newContext({ acceptDownloads: true, locale: "fr-FR", timezoneId: "Europe/Paris", ...contextOptions });
  if (!autoBackup) {
    await context.addInitScript(() => {
      if (localStorage.getItem("alami-gestion:auto-backup") === null) localStorage.setItem("alami-gestion:auto-backup", "false");
    });
  }
  if (clockAt) await context.clock.install({ time: clockAt });
  // Toasts and progress lines come and go faster than a test looks: remember every text shown.
  await context.addInitScript(() => {
    const seen: Record<string, string[]> = { toasts: [], progress: [] };
    (window as unknown as { __seen: typeof seen }).__seen = seen;
    const remember = (list: string[], selector: string) => {
      for (const element of document.querySelectorAll(selector)) {
        const text = element.textContent ?? "";
        if (text && !list.includes(text)) list.push(text);
      }
    };
    new MutationObserver(() => {
      remember(seen.toasts!, "[data-sonner-toast]");
      remember(seen.progress!, '[data-testid="import-progress"], [data-testid="import-checking"], [data-testid="export-progress"]');
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
  return context;
}

/** Signs in through the sign-in form; lands on the dashboard. */
export async function signIn(page: Page, app: AppServer): Promise<void> {
  await page.goto(`${app.url}/connexion`);
  await page.getByLabel("Code administrateur").fill(ADMIN_SECRET);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.waitForURL(`${app.url}/`);
}

/** A signed-in browser context and its first page. */
export async function signedIn(browser: Browser, app: AppServer, options: SessionOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser, options);
  const page = await context.newPage();
  await signIn(page, app);
  return { context, page };
}

/** Every toast text this page has shown since it loaded. */
export function toastsSeen(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __seen: { toasts: string[] } }).__seen.toasts);
}

/** Every text of a progress display (file check, export, import) this page has shown since it loaded. */
export function progressSeen(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __seen: { progress: string[] } }).__seen.progress);
}

/** Saves a full-page screenshot under test-results/screenshots/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotsDir, { recursive: true });
  await page.screenshot({ path: join(screenshotsDir, `${name}.png`), fullPage: true, animations: "disabled" });
}

/**
 * A damaged file is refused in the browser, before anything is uploaded, with a message that
 * says what is wrong and what to do.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportFile } from "./support/api.ts";
import { startApp, type AppServer } from "./support/app-server.ts";
import { launchChromium, screenshot, signedIn } from "./support/browser.ts";
import { alterContent, dropFile, truncate } from "./support/files.ts";

let app: AppServer;
let browser: Browser;
let page: Page;
let file: { name: string; bytes: Uint8Array };
const uploads: string[] = [];

beforeAll(async () => {
  app = await startApp("corrupt");
  browser = await launchChromium();
  ({ page } = await signedIn(browser, app));
  page.on("request", (request) => {
    if (request.url().includes("/api/backup/import")) uploads.push(request.url());
  });
  file = await exportFile(app);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe("a corrupt file", () => {
  it.each([
    ["altered", () => alterContent(file.bytes), "checksum_mismatch", "Le fichier a été modifié ou endommagé"],
    ["truncated", () => truncate(file.bytes), "corrupt_gzip", "Le fichier est endommagé ou incomplet"],
    ["not-a-backup", () => new TextEncoder().encode("Bonjour, ceci est une note."), "not_a_backup", "Ce fichier n’est pas une sauvegarde"],
  ])("is refused in the browser when %s", async (kind, make, code, message) => {
    await page.goto(`${app.url}/parametres/sauvegarde`);
    await dropFile(page, '[data-testid="dropzone"]', `${kind}-${file.name}`, make());
    const refusal = page.getByTestId("import-invalid");
    await refusal.waitFor();
    expect(await refusal.locator(`li[data-code="${code}"]`).textContent()).toContain(message);
    expect(await refusal.textContent()).toContain("Vos données n’ont pas été modifiées");
    await screenshot(page, `20-corrupt-${kind}`);
    expect(uploads).toEqual([]);
  });

  it("accepts the intact file through the file picker", async () => {
    await page.goto(`${app.url}/parametres/sauvegarde`);
    await page.getByTestId("file-input").setInputFiles({ name: file.name, mimeType: "application/gzip", buffer: Buffer.from(file.bytes) });
    await page.getByTestId("import-preview").waitFor();
    expect(uploads.length).toBe(1);
    expect(uploads[0]).toContain("dryRun=1");
  });
});

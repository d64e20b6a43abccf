/** Where the browser tests build the app and keep their databases, backups and screenshots. */
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(fileURLToPath(new URL("../../..", import.meta.url)));
export const resultsDir = join(repoRoot, "test-results");
/** `next build` output for the tests (relative to the repository, as Next's distDir must be). */
export const distDir = "test-results/next-build";
export const screenshotsDir = join(resultsDir, "screenshots");
/** An empty database with the tables and the demo data, copied for each app server. */
export const templateDatabase = join(resultsDir, "browser-template.db");
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

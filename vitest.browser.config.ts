/**
 * The browser tests (`npm run test:browser`): the reference app built once, served by
 * `next start` on loopback, driven by playwright-core in Debian's headless Chromium. Separate
 * from `npm test` so that the unit and database tests stay fast.
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: [{ find: /^prisma-backup\/(.*)$/, replacement: fileURLToPath(new URL("./$1", import.meta.url)) }],
  },
  test: {
    include: ["tests/browser/**/*.spec.ts"],
    globalSetup: ["tests/browser/support/global-setup.ts"],
    // One app server and one Chromium per file; files run one after another (each is heavy).
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});

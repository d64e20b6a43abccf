/**
 * `npm run test:faults`: the reliability suite in full. The quick part (`*.test.ts`) also runs
 * in `npm test`; the slow part (`*.faults.ts`: processes killed mid-write, the whole hostile
 * corpus, exports under concurrent writes, load on loopback) runs only here.
 */
import { defineConfig, mergeConfig } from "vitest/config";
import base from "../../vitest.config.ts";

export default mergeConfig(
  base,
  defineConfig({
    test: {
      include: ["tests/reliability/**/*.test.ts", "tests/reliability/**/*.faults.ts"],
      globalSetup: ["tests/reliability/support/summary.ts"],
      testTimeout: 600_000,
      // Most of the time is spent in child processes and databases: two files at once.
      maxWorkers: 2,
    },
  }),
);

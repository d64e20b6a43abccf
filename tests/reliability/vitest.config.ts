/**
 * `npm run test:faults`: the reliability suite in full. The quick part (`*.test.ts`) also runs
 * in `npm test`; the slow part (`*.faults.ts`: processes killed mid-write, the whole hostile
 * corpus, exports under concurrent writes, load on loopback, the findings) runs only here.
 */
import { defineConfig, mergeConfig } from "vitest/config";
import base from "../../vitest.config.ts";

const config = mergeConfig(
  base,
  defineConfig({
    test: {
      globalSetup: ["tests/reliability/support/summary.ts"],
      testTimeout: 600_000,
      // Most of the time is spent in child processes and databases: two files at once.
      maxWorkers: 2,
    },
  }),
);
// Replaced, not merged with the base's list (which would run every test of the repository).
config.test!.include = ["tests/reliability/**/*.test.ts", "tests/reliability/**/*.faults.ts"];
export default config;

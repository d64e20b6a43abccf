import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // Generated code imports the runtime by package name; inside this repository that is the source.
    alias: [{ find: /^prisma-backup\/(.*)$/, replacement: fileURLToPath(new URL("./$1", import.meta.url)) }],
  },
  test: {
    include: ["tests/**/*.test.ts", "generator/**/*.test.ts", "runtime/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

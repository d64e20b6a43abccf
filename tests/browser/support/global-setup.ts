/**
 * Once per `npm run test:browser`: build the app (a production build, like `npm start`) and
 * prepare a template database with the tables and the demo data, which each test's app server
 * copies. `BROWSER_TESTS_REUSE=1` keeps the build and the template database when they are
 * there (local iteration).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { distDir, repoRoot, resultsDir, screenshotsDir, templateDatabase } from "./paths.ts";

export default async function setup(): Promise<void> {
  mkdirSync(screenshotsDir, { recursive: true });
  const reuse = process.env.BROWSER_TESTS_REUSE === "1";
  if (!(reuse && existsSync(join(repoRoot, distDir, "BUILD_ID")))) {
    const build = spawnSync(process.execPath, [join(repoRoot, "node_modules/next/dist/bin/next"), "build"], {
      cwd: repoRoot,
      env: { ...process.env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1" },
      encoding: "utf8",
    });
    if (build.status !== 0) throw new Error(`next build failed:\n${build.stdout}\n${build.stderr}`);
  }
  if (reuse && existsSync(templateDatabase)) return;
  rmSync(templateDatabase, { force: true });
  mkdirSync(resultsDir, { recursive: true });
  const { createDatabase } = await import("./database.ts");
  await createDatabase(templateDatabase);
}

/**
 * Next.js configuration of the reference app (`app/`).
 *
 * - The app imports `prisma-backup/runtime*` from this repository's TypeScript sources (the
 *   package's `source` export condition), for Turbopack (aliases) and webpack (conditions).
 * - Prisma's client and the SQLite driver stay outside the server bundle (native addon).
 * - `typescript.tsconfigPath`: the app is type-checked with its own tsconfig, so the build never
 *   rewrites the repository's tsconfig.json.
 * - `NEXT_DIST_DIR` lets the browser tests build into their own folder.
 */
import type { NextConfig } from "next";

const runtimeSources = {
  "prisma-backup/runtime": "./runtime/index.ts",
  "prisma-backup/runtime/browser": "./runtime/browser/index.ts",
  "prisma-backup/runtime/codec": "./runtime/codec.ts",
  "prisma-backup/runtime/react": "./runtime/react/index.ts",
};

const config: NextConfig = {
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  reactStrictMode: true,
  poweredByHeader: false,
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@prisma/client"],
  typescript: { tsconfigPath: "tsconfig.app.json" },
  turbopack: {
    root: process.cwd(),
    resolveAlias: runtimeSources,
  },
  webpack: (webpackConfig: { resolve: { conditionNames?: string[] } }) => {
    webpackConfig.resolve.conditionNames = ["source", "...", ...(webpackConfig.resolve.conditionNames ?? [])];
    return webpackConfig;
  },
};

export default config;

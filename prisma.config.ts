/**
 * Prisma CLI configuration. The datasource URL comes from DATABASE_URL, defaulting to the
 * embedded SQLite file that `npm start` and the tests use.
 *
 * These machines cannot download Prisma's native schema engine; `prisma generate` never runs it
 * but insists that the path exists, so we point it at this file when nothing else is set.
 * Tables are created by `npm run db:push` through the WASM schema engine instead.
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "prisma/config";

process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url);

export default defineConfig({
  schema: "prisma/schema.prisma",
  datasource: { url: process.env.DATABASE_URL ?? "file:./prisma/dev.db" },
});

/**
 * `npm run seed -- --records N`: fills the database with deterministic demo data (see
 * prisma/seed/index.ts). Importing this module only re-exports `seedDatabase` and friends.
 *
 *   --records <n>   about how many records (default 2000)
 *   --seed <text>   another data set of the same shape (default "alami")
 *   --url <url>     database (default DATABASE_URL, else file:./prisma/dev.db);
 *                   file:… (SQLite), postgresql://… or pglite:<dir> (PostgreSQL client)
 *   --create-many   write with Prisma's createMany instead of SQL (slow; for comparison)
 *
 * The database must have the tables (`npm run db:push`); existing rows are deleted first.
 */
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { seedDatabase } from "./seed/index.ts";

export * from "./seed/index.ts";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      records: { type: "string", default: "2000" },
      seed: { type: "string" },
      url: { type: "string" },
      "create-many": { type: "boolean", default: false },
    },
  });
  const records = Number(values.records);
  if (!Number.isSafeInteger(records) || records < 0) throw new Error(`--records wants a whole number, not "${values.records}"`);
  const { defaultDatabaseUrl, openPrismaClient, parseDatabaseUrl } = await import("../scripts/lib/database-url.ts");
  const target = parseDatabaseUrl(values.url ?? defaultDatabaseUrl());
  const { prisma, close } = await openPrismaClient(target);
  try {
    const interactive = process.stdout.isTTY;
    const report = await seedDatabase(prisma, {
      records,
      seed: values.seed,
      method: values["create-many"] ? "createMany" : "sql",
      onProgress: interactive
        ? ({ model, written, planned }) => process.stdout.write(`\r${model}: ${written}${planned ? `/${planned}` : ""}\x1b[K`)
        : undefined,
    });
    if (interactive) process.stdout.write("\r\x1b[K");
    const perModel = Object.entries(report.counts).map(([model, n]) => `${model} ${n}`).join(", ");
    console.log(`${target.url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@")}: seeded ${report.total} records in ${report.durationMs} ms`);
    console.log(`  ${perModel}; links ProductToSupplier ${report.links.ProductToSupplier}; customers with a primary quote ${report.primaryQuotes}`);
  } finally {
    await close();
  }
}

const invoked = process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
if (invoked) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  });
}

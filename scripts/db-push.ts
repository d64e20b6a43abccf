/**
 * `npm run db:push [-- options]`: creates (or updates) the tables of the reference schema, like
 * `prisma db push`, through the WASM schema engine (the native one cannot be downloaded here).
 *
 *   --url <url>          database (default: DATABASE_URL, else file:./prisma/dev.db);
 *                        file:… (SQLite), postgresql://… or pglite:<dir> / pglite:memory
 *   --force-reset        drop every table first
 *   --accept-data-loss   apply changes that lose data
 *   --schema <file>      another Prisma schema (its provider must suit the URL)
 *   --print-sql          print the DDL that creates the schema on an empty database, touch nothing
 *   --verbose            show the schema engine's log
 *
 * A PostgreSQL URL uses the PostgreSQL variant of the reference schema (same models).
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { defaultDatabaseUrl, openAdapter, parseDatabaseUrl } from "./lib/database-url.ts";
import { referenceSchema, schemaProvider } from "./lib/prisma-schema.ts";
import { pushSchema, schemaSql } from "./lib/schema-engine.ts";

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    "force-reset": { type: "boolean", default: false },
    "accept-data-loss": { type: "boolean", default: false },
    schema: { type: "string" },
    "print-sql": { type: "boolean", default: false },
    verbose: { type: "boolean", default: false },
  },
});

async function main(): Promise<void> {
  const target = parseDatabaseUrl(values.url ?? defaultDatabaseUrl());
  const schema = values.schema ? readFileSync(values.schema, "utf8") : referenceSchema(target.provider);
  if (schemaProvider(schema) !== target.provider) {
    throw new Error(`The schema's provider is ${schemaProvider(schema)} but the URL is for ${target.provider}`);
  }
  if (values["print-sql"]) {
    process.stdout.write(await schemaSql(schema));
    return;
  }
  const started = performance.now();
  const opened = await openAdapter(target);
  try {
    const result = await pushSchema({
      schema,
      adapter: opened.adapter,
      forceReset: values["force-reset"],
      acceptDataLoss: values["accept-data-loss"],
      verbose: values.verbose,
    });
    const ms = Math.round(performance.now() - started);
    const what = result.executedSteps === 0 ? "already in sync" : `${result.executedSteps} steps executed`;
    console.log(`${describe(target.url)}: schema pushed (${what}${values["force-reset"] ? ", after a reset" : ""}) in ${ms} ms`);
    for (const warning of result.warnings) console.warn(`warning: ${warning}`);
  } finally {
    await opened.close();
  }
}

/** The URL without a password. */
function describe(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});

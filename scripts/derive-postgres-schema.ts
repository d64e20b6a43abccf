/**
 * Writes `generated/schemas/postgresql.prisma`: the reference schema's models for PostgreSQL,
 * with one `prisma-client` generator writing to `generated/prisma-postgres`. `npm run generate`
 * runs this, then `prisma generate --schema generated/schemas/postgresql.prisma`.
 *
 * Why: the reference schema says `provider = "sqlite"`, and a client generated from it refuses
 * a PostgreSQL driver adapter; PostgreSQL tests and benchmarks need a client of their own.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  derivePostgresSchema,
  postgresClientDir,
  postgresSchemaPath,
  readReferenceSchema,
  repoRoot,
} from "./lib/prisma-schema.ts";

const text = derivePostgresSchema(readReferenceSchema(), {
  clientOutput: path.relative(path.dirname(postgresSchemaPath), postgresClientDir),
});
mkdirSync(path.dirname(postgresSchemaPath), { recursive: true });
let previous: string | undefined;
try {
  previous = readFileSync(postgresSchemaPath, "utf8");
} catch {
  previous = undefined;
}
if (previous !== text) writeFileSync(postgresSchemaPath, text);
console.log(`${path.relative(repoRoot, postgresSchemaPath)} ${previous === text ? "is up to date" : "written"}`);

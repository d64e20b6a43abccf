/**
 * `npm run db:push` and its library: the WASM schema engine creates every table of the
 * reference schema on SQLite and on PostgreSQL (the server at 127.0.0.1:5432, else PGlite).
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { afterEach, describe, expect, it } from "vitest";
import { seedDatabase } from "../../prisma/seed.ts";
import { openAdapter, parseDatabaseUrl, type OpenedAdapter } from "../../scripts/lib/database-url.ts";
import { referenceSchema, repoRoot } from "../../scripts/lib/prisma-schema.ts";
import { pushSchema, schemaSql } from "../../scripts/lib/schema-engine.ts";
import { countRows, createPostgresDatabase, createSqliteDatabase, type TestDatabase } from "../support/databases.ts";

const run = promisify(execFile);

/** The reference schema's tables, join table included. */
const TABLES = [
  "_ProductToSupplier",
  "categories",
  "company_settings",
  "customers",
  "invoices",
  "products",
  "quote_lines",
  "quotes",
  "sale_lines",
  "sales",
  "sessions",
  "suppliers",
  "users",
];

const opened: (TestDatabase | OpenedAdapter)[] = [];
afterEach(async () => {
  for (const item of opened.splice(0).reverse()) await item.close();
});

async function tablesOf(db: TestDatabase): Promise<string[]> {
  return Object.keys(await countRows(db)).sort();
}

/** A migration-aware adapter for the schema engine, on the same database as `db`. */
async function engineAdapter(db: TestDatabase) {
  if (db.kind === "pglite" && "pglite" in db && db.pglite) return new PrismaPGlite(db.pglite as never);
  const adapter = await openAdapter(parseDatabaseUrl(db.url));
  opened.push(adapter);
  return adapter.adapter;
}

describe("pushSchema (db:push)", () => {
  it("creates every table on an empty SQLite database, then finds it in sync", async () => {
    const db = await createSqliteDatabase({ empty: true });
    opened.push(db);
    expect(await tablesOf(db)).toEqual([]);
    const first = await pushSchema({ schema: referenceSchema("sqlite"), adapter: new PrismaBetterSqlite3({ url: db.url }) });
    expect(first.executedSteps).toBeGreaterThan(0);
    expect(await tablesOf(db)).toEqual(TABLES);
    const again = await pushSchema({ schema: referenceSchema("sqlite"), adapter: new PrismaBetterSqlite3({ url: db.url }) });
    expect(again.executedSteps).toBe(0);
    // The client works against the pushed tables.
    await db.prisma.supplier.create({ data: { name: "Moulins Giraud SAS" } });
    expect(await db.prisma.supplier.count()).toBe(1);
  });

  it("--force-reset empties a seeded SQLite database and drops what the schema does not know", async () => {
    const db = await createSqliteDatabase();
    opened.push(db);
    await seedDatabase(db.prisma, { records: 300 }); // rows that reference each other
    await db.exec(`CREATE TABLE "stray" ("x" INTEGER REFERENCES "products" ("id")); INSERT INTO "stray" VALUES (1);`);
    await pushSchema({ schema: referenceSchema("sqlite"), adapter: new PrismaBetterSqlite3({ url: db.url }), forceReset: true });
    expect(await tablesOf(db)).toEqual(TABLES);
    expect(Object.values(await countRows(db)).every((n) => n === 0)).toBe(true);
  });

  it("--force-reset empties a seeded PostgreSQL database", async () => {
    const db = await createPostgresDatabase();
    opened.push(db);
    await seedDatabase(db.prisma, { records: 300 });
    await pushSchema({ schema: referenceSchema("postgresql"), adapter: await engineAdapter(db), forceReset: true });
    expect(await tablesOf(db)).toEqual(TABLES);
    expect(Object.values(await countRows(db)).every((n) => n === 0)).toBe(true);
  });

  it("creates every table and enum on an empty PostgreSQL database", async () => {
    const db = await createPostgresDatabase({ empty: true });
    opened.push(db);
    expect(await tablesOf(db)).toEqual([]);
    const result = await pushSchema({ schema: referenceSchema("postgresql"), adapter: await engineAdapter(db) });
    expect(result.executedSteps).toBeGreaterThan(0);
    expect(await tablesOf(db)).toEqual(TABLES);
    const enums = await db.prisma.$queryRawUnsafe<{ typname: string }[]>(
      "SELECT typname FROM pg_type WHERE typtype = 'e' ORDER BY typname",
    );
    expect(enums.map((e) => e.typname)).toEqual(["InvoiceStatus", "PaymentMethod", "QuoteStatus", "Role"]);
    // In sync afterwards, and the PostgreSQL client works against the tables.
    const again = await pushSchema({ schema: referenceSchema("postgresql"), adapter: await engineAdapter(db) });
    expect(again.executedSteps).toBe(0);
    const created = await db.prisma.category.create({ data: { name: "Épicerie salée" } });
    expect(created.id).toBe(1);
  });
});

describe("schemaSql", () => {
  it("gives the DDL of every table for SQLite, which creates the same tables as a push", async () => {
    const sql = await schemaSql(referenceSchema("sqlite"));
    for (const table of TABLES) expect(sql).toContain(`CREATE TABLE "${table}"`);
    const raw = new Database(":memory:");
    raw.exec(sql);
    const tables = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all();
    raw.close();
    expect([...tables].sort()).toEqual(TABLES);
  });

  it("gives PostgreSQL DDL (enums, SERIAL, DECIMAL(65,30)) for the derived schema", async () => {
    // The test helpers cache this very DDL; a PostgreSQL database created with it has every table.
    const db = await createPostgresDatabase();
    opened.push(db);
    expect(await tablesOf(db)).toEqual(TABLES);
    const columns = await db.prisma.$queryRawUnsafe<{ data_type: string }[]>(
      "SELECT data_type FROM information_schema.columns WHERE table_name = 'products' AND column_name = 'price'",
    );
    expect(columns[0]?.data_type).toBe("numeric");
  });
});

describe("npm run db:push", () => {
  it("creates the tables of a SQLite file given by --url, and --print-sql prints the DDL", async () => {
    const db = await createSqliteDatabase({ empty: true });
    opened.push(db);
    const tsx = `${repoRoot}/node_modules/.bin/tsx`;
    const { stdout } = await run(tsx, ["scripts/db-push.ts", "--url", db.url], { cwd: repoRoot });
    expect(stdout).toMatch(/schema pushed \(\d+ steps executed\)/);
    expect(await tablesOf(db)).toEqual(TABLES);
    const printed = await run(tsx, ["scripts/db-push.ts", "--url", db.url, "--print-sql"], { cwd: repoRoot });
    expect(printed.stdout).toContain('CREATE TABLE "sale_lines"');
  });
});

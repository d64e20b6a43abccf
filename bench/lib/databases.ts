/**
 * The benchmark's databases: created once per run, copied cheaply before every import (an
 * empty one for replace, the seeded one for merge), opened in child processes by URL.
 *
 * - SQLite: files in the run's directory; a copy is a file copy.
 * - PostgreSQL: databases on the server at 127.0.0.1:5432 (trust auth, user postgres) when one
 *   answers; a copy is `CREATE DATABASE … TEMPLATE …`. Otherwise PGlite data directories,
 *   copied as directories (child processes open them one at a time).
 *
 * A measured child process loads this file too: node-pg, PGlite and the test support are loaded
 * by the functions that use them, so that a SQLite measurement carries none of them.
 */
import { randomBytes } from "node:crypto";
import { copyFile, cp, rm } from "node:fs/promises";
import path from "node:path";
import Database from "better-sqlite3";
import type pg from "pg";
import { openPrismaClient, parseDatabaseUrl, type AnyPrismaClient } from "../../scripts/lib/database-url.ts";

const testSupport = () => import("../../tests/support/databases.ts");
const pglite = () => import("@electric-sql/pglite");

export type BenchProvider = "sqlite" | "postgresql";

/** What a child process needs to open a database: serialisable. */
export interface DbHandle {
  readonly provider: BenchProvider;
  readonly kind: "sqlite" | "postgresql" | "pglite";
  /** `file:/…/x.db`, `postgresql://postgres@127.0.0.1:5432/bench_…` or `pglite:/…/dir`. */
  readonly url: string;
}

/** Which PostgreSQL this run uses, in words for the report. */
export async function describePostgres(): Promise<{ kind: "postgresql" | "pglite"; text: string }> {
  const backend = await (await testSupport()).postgresBackend();
  return backend.kind === "server"
    ? { kind: "postgresql", text: `PostgreSQL server at ${backend.where}` }
    : { kind: "pglite", text: `PGlite, in-process (${backend.reason})` };
}

async function adminUrl(): Promise<string> {
  const backend = await (await testSupport()).postgresBackend();
  if (backend.kind !== "server") throw new Error("No PostgreSQL server");
  return backend.adminUrl;
}

function serverDatabaseUrl(admin: string, name: string): string {
  return Object.assign(new URL(admin), { pathname: `/${name}` }).toString();
}

function sqliteFile(handle: DbHandle): string {
  return handle.url.slice("file:".length);
}

function pgliteDir(handle: DbHandle): string {
  return handle.url.slice("pglite:".length);
}

function databaseName(handle: DbHandle): string {
  return new URL(handle.url).pathname.slice(1);
}

/** A unique prefix for this run's PostgreSQL databases. */
export function runTag(): string {
  return `bench_${process.pid}_${randomBytes(3).toString("hex")}`;
}

/** A new database with the reference schema's tables and no rows. */
export async function createEmptyDatabase(provider: BenchProvider, dir: string, name: string): Promise<DbHandle> {
  const { referenceDdl, withClient } = await testSupport();
  const ddl = await referenceDdl(provider);
  if (provider === "sqlite") {
    const file = path.join(dir, `${name}.db`);
    const db = new Database(file);
    try {
      db.exec(`BEGIN;\n${ddl}\nCOMMIT;`);
    } finally {
      db.close();
    }
    return { provider, kind: "sqlite", url: `file:${file}` };
  }
  const postgres = await describePostgres();
  if (postgres.kind === "pglite") {
    const where = path.join(dir, `${name}.pglite`);
    const db = new (await pglite()).PGlite(where);
    try {
      await db.exec(ddl);
    } finally {
      await db.close();
    }
    return { provider, kind: "pglite", url: `pglite:${where}` };
  }
  const admin = await adminUrl();
  await withClient(admin, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => client.query(`CREATE DATABASE "${name}"`)));
  const url = serverDatabaseUrl(admin, name);
  await withClient(url, (client) => client.query(ddl));
  return { provider, kind: "postgresql", url };
}

/** A copy of `from` (no connection may be open on it). */
export async function copyDatabase(from: DbHandle, dir: string, name: string): Promise<DbHandle> {
  switch (from.kind) {
    case "sqlite": {
      const file = path.join(dir, `${name}.db`);
      await copyFile(sqliteFile(from), file);
      return { ...from, url: `file:${file}` };
    }
    case "pglite": {
      const where = path.join(dir, `${name}.pglite`);
      await rm(where, { recursive: true, force: true });
      await cp(pgliteDir(from), where, { recursive: true });
      return { ...from, url: `pglite:${where}` };
    }
    case "postgresql": {
      const admin = await adminUrl();
      const { withClient } = await testSupport();
      await withClient(admin, async (client) => {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await client.query(`CREATE DATABASE "${name}" TEMPLATE "${databaseName(from)}"`);
      });
      return { ...from, url: serverDatabaseUrl(admin, name) };
    }
  }
}

export async function dropDatabase(handle: DbHandle): Promise<void> {
  switch (handle.kind) {
    case "sqlite":
      await rm(sqliteFile(handle), { force: true });
      return;
    case "pglite":
      await rm(pgliteDir(handle), { recursive: true, force: true });
      return;
    case "postgresql": {
      const admin = await adminUrl();
      const { withClient } = await testSupport();
      await withClient(admin, (client) => client.query(`DROP DATABASE IF EXISTS "${databaseName(handle)}" WITH (FORCE)`));
    }
  }
}

/** A Prisma client of the right generated flavour. */
export async function openPrisma(handle: DbHandle): Promise<{ prisma: AnyPrismaClient; close(): Promise<void> }> {
  const opened = await openPrismaClient(parseDatabaseUrl(handle.url));
  return { prisma: opened.prisma, close: opened.close };
}

// ── Raw drivers ─────────────────────────────────────────────────────────────────────────

/** The part of node-pg and PGlite the raw baselines use. */
export interface PgConnection {
  query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
  /** Rows as arrays, columns in the order selected. */
  arrays(text: string, values?: unknown[]): Promise<unknown[][]>;
  close(): Promise<void>;
}

/**
 * node-pg parses `timestamp` (without time zone) in the process's local zone and `numeric`
 * not at all: the raw baselines take both as text and convert them themselves.
 */
function rawTypes(types: typeof pg.types) {
  return {
    getTypeParser(oid: number, format?: "text" | "binary") {
      if (oid === 1114 || oid === 1184) return (value: string) => value;
      return types.getTypeParser(oid, format);
    },
  };
}

export async function openPgConnection(handle: DbHandle): Promise<PgConnection> {
  if (handle.kind === "pglite") {
    const db = new (await pglite()).PGlite(pgliteDir(handle));
    await db.waitReady;
    return {
      query: async <R>(text: string, values?: unknown[]) => ({ rows: (await db.query<R>(text, values)).rows }),
      arrays: async (text, values) => (await db.query<unknown[]>(text, values, { rowMode: "array" })).rows,
      close: () => db.close(),
    };
  }
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: handle.url, types: rawTypes(pg.types) });
  await client.connect();
  return {
    query: async <R>(text: string, values?: unknown[]) => ({ rows: (await client.query(text, values)).rows as R[] }),
    arrays: async (text, values) => (await client.query({ text, values: values ?? [], rowMode: "array" })).rows as unknown[][],
    close: () => client.end(),
  };
}

/** A raw driver's connection, opened (and used once) before a measurement starts its clock. */
export type RawConnection = { readonly kind: "sqlite"; readonly db: Database.Database } | { readonly kind: "pg"; readonly connection: PgConnection };

export async function openRaw(handle: DbHandle): Promise<RawConnection & { close(): Promise<void> }> {
  if (handle.kind === "sqlite") {
    const db = openSqlite(handle);
    db.prepare("SELECT 1").get();
    return { kind: "sqlite", db, close: async () => void db.close() };
  }
  const connection = await openPgConnection(handle);
  await connection.query("SELECT 1");
  return { kind: "pg", connection, close: () => connection.close() };
}

export function openSqlite(handle: DbHandle): Database.Database {
  if (handle.kind !== "sqlite") throw new Error(`${handle.url} is not SQLite`);
  return new Database(sqliteFile(handle));
}

/** Rows per table, straight from the driver (after an import, to check what it wrote). */
export async function tableCounts(handle: DbHandle, tables: readonly string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  if (handle.kind === "sqlite") {
    const db = openSqlite(handle);
    try {
      for (const table of tables) counts[table] = Number((db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n);
    } finally {
      db.close();
    }
    return counts;
  }
  const connection = await openPgConnection(handle);
  try {
    for (const table of tables) {
      const { rows } = await connection.query<{ n: unknown }>(`SELECT COUNT(*) AS n FROM "${table}"`);
      counts[table] = Number(rows[0]?.n ?? 0);
    }
  } finally {
    await connection.close();
  }
  return counts;
}

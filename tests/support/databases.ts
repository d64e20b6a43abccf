/**
 * Real databases for tests: SQLite files and PostgreSQL databases with the reference schema's
 * tables, created fast, and a provider-neutral dump to compare whole databases.
 *
 * - `createSqliteDatabase()`: a fresh SQLite file in its own temporary directory.
 * - `createPostgresDatabase()`: a fresh database on the PostgreSQL server at 127.0.0.1:5432
 *   when one answers (trust auth, user postgres), else an in-process PGlite. The first call of
 *   a test run prints which, once: `PostgreSQL tests: server at 127.0.0.1:5432` or
 *   `PostgreSQL tests: PGlite (no server on 127.0.0.1:5432)`.
 *   `BACKUP_TEST_POSTGRES=pglite` forces PGlite, `=server` fails instead of falling back;
 *   `BACKUP_TEST_POSTGRES_URL` names another server (an admin URL, database `postgres`).
 * - `dumpDatabase(db)`: every row of every table, join tables included, normalised (SQLite files
 *   read with better-sqlite3, PostgreSQL through `$queryRawUnsafe`).
 * - `{ empty: true }` gives a database without tables (for testing db push).
 *
 * Tables are not created by the schema engine each time: its DDL (`schemaSql`) is computed once
 * per schema and engine version, cached in `node_modules/.cache/prisma-backup/`, and executed
 * directly. PGlite databases start from a cached data directory that already has the tables,
 * and a closed one is reset and reused by the next (`closeIdleDatabases()` ends them at once;
 * they end by themselves after 3 s idle). Always `close()` a database: on the server it is
 * dropped then (those a killed process leaves are swept after an hour).
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { isMainThread } from "node:worker_threads";
import { gunzipSync } from "node:zlib";
import Database from "better-sqlite3";
import pg from "pg";
import { PGlite } from "@electric-sql/pglite";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "../../generated/prisma/client.ts";
import { clientDataModel, clientProvider, columnTypes } from "../../scripts/lib/client-internals.ts";
import { importPostgresClient, schemaEnginePool, type AnyPrismaClient } from "../../scripts/lib/database-url.ts";
import { referenceSchema, repoRoot, type Provider } from "../../scripts/lib/prisma-schema.ts";
import { schemaSql } from "../../scripts/lib/schema-engine.ts";

export type { AnyPrismaClient } from "../../scripts/lib/database-url.ts";

export interface TestDatabase {
  /** A client generated for this provider (the SQLite one's type: both have the same shape). */
  readonly prisma: AnyPrismaClient;
  /** `file:/tmp/…/test.db`, `postgresql://postgres@127.0.0.1:5432/backup_test_…` or `pglite:memory`. */
  readonly url: string;
  readonly provider: Provider;
  /** Which engine is behind it. */
  readonly kind: "sqlite" | "postgresql" | "pglite";
  /** Runs SQL directly (several statements allowed), outside Prisma. */
  exec(sql: string): Promise<void>;
  /** Disconnects and deletes the database. Safe to call twice. */
  close(): Promise<void>;
}

export interface CreateOptions {
  /** No tables at all (e.g. to test creating them). Default false. */
  empty?: boolean;
}

const cacheDir = path.join(repoRoot, "node_modules/.cache/prisma-backup");
const require = createRequire(import.meta.url);

function hash(...parts: string[]): string {
  const h = createHash("sha256");
  for (const part of parts) h.update(part).update("\0");
  return h.digest("hex").slice(0, 16);
}

function packageVersion(name: string): string {
  // Some packages do not export their package.json: read it from where Node would find them.
  const entry = require.resolve(name === "@prisma/schema-engine-wasm" ? `${name}/schema_engine_bg` : name);
  for (let dir = path.dirname(entry); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (!existsSync(file)) continue;
    const json = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
    if (json.name === name && json.version) return json.version;
  }
  throw new Error(`Cannot find the version of ${name}`);
}

/** Writes through a temporary file and a rename, so concurrent test workers never read half a file. */
async function writeAtomically(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  await writeFile(temporary, data);
  await rename(temporary, file);
}

const ddlCache = new Map<Provider, Promise<string>>();

/**
 * The reference schema's DDL for `provider`: from the file cache, else from the schema engine
 * (then cached). The cache key covers the schema text and the engine's version.
 */
export function referenceDdl(provider: Provider): Promise<string> {
  let ddl = ddlCache.get(provider);
  if (!ddl) {
    ddl = (async () => {
      const schema = referenceSchema(provider);
      const file = path.join(cacheDir, `ddl-${provider}-${hash(schema, packageVersion("@prisma/schema-engine-wasm"))}.sql`);
      if (existsSync(file)) return readFile(file, "utf8");
      let sql: string;
      const server = provider === "postgresql" ? await postgresBackend() : undefined;
      if (server?.kind === "server") {
        // A live server is much quicker to lend the engine than a scratch PGlite.
        const pool = schemaEnginePool(server.adminUrl);
        try {
          sql = await schemaSql(schema, { adapter: new PrismaPg(pool) });
        } finally {
          await pool.end();
        }
      } else {
        sql = await schemaSql(schema);
      }
      await writeAtomically(file, sql);
      return sql;
    })();
    ddlCache.set(provider, ddl);
  }
  return ddl;
}

// ── SQLite ───────────────────────────────────────────────────────────────────────────────

export interface SqliteTestDatabase extends TestDatabase {
  readonly provider: "sqlite";
  readonly kind: "sqlite";
  /** The temporary directory holding the file; removed by `close()`. */
  readonly dir: string;
  readonly file: string;
}

/** A fresh SQLite file with the reference schema's tables, in its own temporary directory. */
export async function createSqliteDatabase(options: CreateOptions = {}): Promise<SqliteTestDatabase> {
  const ddl = options.empty ? "" : await referenceDdl("sqlite");
  const dir = await mkdtemp(path.join(tmpdir(), "prisma-backup-test-"));
  const file = path.join(dir, "test.db");
  const raw = new Database(file);
  try {
    raw.exec(`BEGIN;\n${ddl}\nCOMMIT;`); // one transaction: one sync to disk instead of one per statement
  } finally {
    raw.close();
  }
  const url = `file:${file}`;
  const prisma = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url }) });
  let closed = false;
  return {
    prisma,
    url,
    provider: "sqlite",
    kind: "sqlite",
    dir,
    file,
    exec: async (sql) => {
      const db = new Database(file);
      try {
        db.exec(sql);
      } finally {
        db.close();
      }
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// ── PostgreSQL: a server when one answers, else PGlite ──────────────────────────────────

const DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

export type PostgresBackend = { kind: "server"; adminUrl: string; where: string } | { kind: "pglite"; reason: string };

let backend: Promise<PostgresBackend> | undefined;

/** Whether a server answers at `adminUrl` (within two seconds). */
async function serverAnswers(adminUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function hostOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || "5432"}`;
}

/** Which PostgreSQL the tests use; decided once per process. */
export function postgresBackend(): Promise<PostgresBackend> {
  backend ??= (async (): Promise<PostgresBackend> => {
    const mode = process.env.BACKUP_TEST_POSTGRES || "auto";
    const adminUrl = process.env.BACKUP_TEST_POSTGRES_URL || DEFAULT_ADMIN_URL;
    const where = hostOf(adminUrl);
    if (mode === "pglite") return { kind: "pglite", reason: "BACKUP_TEST_POSTGRES=pglite" };
    if (await serverAnswers(adminUrl)) return { kind: "server", adminUrl, where };
    if (mode === "server") throw new Error(`BACKUP_TEST_POSTGRES=server but no PostgreSQL server answers at ${where}`);
    return { kind: "pglite", reason: `no server on ${where}` };
  })();
  return backend;
}

/** The line printed once per test run. */
export function describePostgresBackend(b: PostgresBackend): string {
  return b.kind === "server" ? `PostgreSQL tests: server at ${b.where}` : `PostgreSQL tests: PGlite (${b.reason})`;
}

/**
 * Prints the backend line once per test run, whichever worker gets there first. Vitest runs
 * test files in child processes (or threads of one process); a marker file named after the
 * vitest process (and its start time, against pid reuse) tells the others it has been said.
 */
async function announceOnce(line: string): Promise<void> {
  const runner = isMainThread && typeof process.send === "function" ? process.ppid : process.pid;
  let started = "";
  try {
    started = (await readFile(`/proc/${runner}/stat`, "utf8")).split(") ")[1]?.split(" ")[19] ?? "";
  } catch {
    // Not Linux: the pid alone will do.
  }
  const marker = path.join(tmpdir(), "prisma-backup-test-notices", `${runner}-${started}`);
  await mkdir(path.dirname(marker), { recursive: true });
  try {
    await writeFile(marker, line, { flag: "wx" });
  } catch {
    return; // someone in this run said it already
  }
  console.log(line);
}

export interface PostgresTestDatabase extends TestDatabase {
  readonly provider: "postgresql";
  readonly kind: "postgresql" | "pglite";
  /** The in-process instance, when `kind` is `pglite`. */
  readonly pglite?: PGlite;
}

/** Prints, once per test run, which PostgreSQL the tests use (`createPostgresDatabase` does). */
export async function announcePostgresBackend(): Promise<PostgresBackend> {
  const chosen = await postgresBackend();
  await announceOnce(describePostgresBackend(chosen));
  return chosen;
}

/** A fresh PostgreSQL database with the reference schema's tables (server, else PGlite). */
export async function createPostgresDatabase(options: CreateOptions = {}): Promise<PostgresTestDatabase> {
  const chosen = await announcePostgresBackend();
  return chosen.kind === "server" ? createServerDatabase(chosen.adminUrl, options) : createPgliteDatabase(options);
}

/** Runs `run` with a connection to `url`, closed afterwards. */
export async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

let sweptStale = false;

/**
 * Drops `backup_test_*` databases left behind by test processes that never closed them (killed,
 * crashed): only those older than an hour with nobody connected. Once per process; best effort.
 */
async function dropStaleDatabases(adminUrl: string): Promise<void> {
  if (sweptStale) return;
  sweptStale = true;
  try {
    await withClient(adminUrl, async (admin) => {
      const { rows } = await admin.query<{ datname: string }>(
        `SELECT d.datname FROM pg_database d
          WHERE d.datname LIKE 'backup\\_test\\_%'
            AND (pg_stat_file('base/' || d.oid || '/PG_VERSION')).modification < now() - interval '1 hour'
            AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)`,
      );
      for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}"`).catch(() => {});
    });
  } catch {
    // Not a superuser, or another process got there first: leave them.
  }
}

async function createServerDatabase(adminUrl: string, options: CreateOptions): Promise<PostgresTestDatabase> {
  await dropStaleDatabases(adminUrl);
  const ddl = options.empty ? "" : await referenceDdl("postgresql");
  const name = `backup_test_${randomBytes(6).toString("hex")}`;
  await withClient(adminUrl, (admin) => admin.query(`CREATE DATABASE "${name}"`));
  const url = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
  try {
    if (ddl) await withClient(url, (client) => client.query(ddl));
  } catch (error) {
    await withClient(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    throw error;
  }
  const { PrismaClient: PostgresClient } = await importPostgresClient();
  const prisma = new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) });
  let closed = false;
  return {
    prisma,
    url,
    provider: "postgresql",
    kind: "postgresql",
    exec: (sql) => withClient(url, async (client) => void (await client.query(sql))),
    close: async () => {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
      await withClient(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

let pgliteTemplate: Promise<Blob> | undefined;

/** A PGlite data directory (tarball) holding the empty tables: cached on disk and in memory. */
function pgliteWithTables(): Promise<Blob> {
  pgliteTemplate ??= (async () => {
    const ddl = await referenceDdl("postgresql");
    const file = path.join(cacheDir, `pglite-${hash(ddl, packageVersion("@electric-sql/pglite"))}.tar.gz`);
    let gzipped: Uint8Array;
    if (existsSync(file)) {
      gzipped = await readFile(file);
    } else {
      const pglite = new PGlite();
      try {
        await pglite.exec(ddl);
        gzipped = new Uint8Array(await (await pglite.dumpDataDir("gzip")).arrayBuffer());
        await writeAtomically(file, gzipped);
      } finally {
        await pglite.close();
      }
    }
    // Kept uncompressed in memory: each database then starts without inflating 40 MB again.
    return new Blob([gunzipSync(gzipped)], { type: "application/x-tar" });
  })();
  return pgliteTemplate;
}

/**
 * PGlite instances of closed test databases, kept for the next one in this process: starting
 * a PGlite takes seconds, resetting one (drop the public schema, run the DDL again) a fraction.
 * An open PGlite can keep Node from exiting, so instances idle for a few seconds are closed.
 */
const idlePglites: PGlite[] = [];
const PGLITE_IDLE_MS = 3000;
let idleTimer: NodeJS.Timeout | undefined;

/** Closes the PGlite instances kept for reuse (they also close themselves after 3 s idle). */
export async function closeIdleDatabases(): Promise<void> {
  clearTimeout(idleTimer);
  const instances = idlePglites.splice(0);
  await Promise.all(instances.map((instance) => instance.close().catch(() => {})));
}

async function createPgliteDatabase(options: CreateOptions): Promise<PostgresTestDatabase> {
  let pglite = idlePglites.pop();
  if (pglite) {
    const ddl = options.empty ? `CREATE SCHEMA "public";` : await referenceDdl("postgresql");
    await pglite.exec(`DROP SCHEMA IF EXISTS "public" CASCADE;\n${ddl}`);
  } else {
    pglite = new PGlite({ loadDataDir: await pgliteWithTables() });
    await pglite.waitReady;
    if (options.empty) await pglite.exec(`DROP SCHEMA "public" CASCADE;\nCREATE SCHEMA "public";`);
  }
  const instance = pglite;
  const { PrismaClient: PostgresClient } = await importPostgresClient();
  const prisma = new PostgresClient({ adapter: new PrismaPGlite(instance) });
  let closed = false;
  return {
    prisma,
    url: "pglite:memory",
    provider: "postgresql",
    kind: "pglite",
    pglite: instance,
    exec: async (sql) => void (await instance.exec(sql)),
    close: async () => {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
      // Reuse it for the next database, unless it is broken.
      if (instance.closed) return;
      idlePglites.push(instance);
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => void closeIdleDatabases(), PGLITE_IDLE_MS);
      idleTimer.unref();
    },
  };
}

/** A fresh database of either provider. */
export function createDatabase(provider: Provider, options: CreateOptions = {}): Promise<TestDatabase> {
  return provider === "sqlite" ? createSqliteDatabase(options) : createPostgresDatabase(options);
}

// ── Dumps ────────────────────────────────────────────────────────────────────────────────

/** A normalised value: the same on SQLite and PostgreSQL for the same data. */
export type DumpValue = string | number | boolean | null;
export type DumpRow = Record<string, DumpValue>;
/** Table name → rows, tables in name order, rows sorted by their values column by column. */
export type DatabaseDump = Record<string, DumpRow[]>;

export interface DumpOptions {
  /** Tables left out, e.g. `["sessions"]` (a model the backups skip). */
  excludeTables?: readonly string[];
  /** Columns left out per table, e.g. `{ users: ["password_hash"] }` (an omitted field). */
  excludeColumns?: Readonly<Record<string, readonly string[]>>;
}

/** Plain decimal notation without trailing zeros: "19.990000" → "19.99", "1e-7" → "0.0000001", "-0" → "0". */
export function canonicalDecimal(text: string): string {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text.trim());
  if (!match || `${match[2] ?? ""}${match[3] ?? ""}` === "") throw new Error(`Not a decimal: ${text}`);
  const [, sign, whole = "", fraction = "", exponent = "0"] = match;
  // The value is 0.<digits> × 10^point.
  let digits = whole + fraction;
  let point = whole.length + Number(exponent);
  const leading = digits.length - digits.replace(/^0+/, "").length;
  digits = digits.slice(leading).replace(/0+$/, "");
  point -= leading;
  if (digits === "") return "0";
  const out =
    point <= 0
      ? `0.${"0".repeat(-point)}${digits}`
      : point >= digits.length
        ? digits + "0".repeat(point - digits.length)
        : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return sign === "-" ? `-${out}` : out;
}

/** JSON with object keys sorted, so jsonb's reordering does not matter. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

function isDecimalLike(value: unknown): value is { toFixed(): string } {
  return typeof value === "object" && value !== null && typeof (value as { toFixed?: unknown }).toFixed === "function" && "d" in value;
}

/** Normalises one value, knowing its Prisma type when the column belongs to a model. */
export function normaliseValue(value: unknown, type?: string): DumpValue {
  if (value === null || value === undefined) return null;
  switch (type) {
    case "Int":
    case "Float":
      return Number(value);
    case "BigInt":
      return BigInt(value as bigint | number | string).toString();
    case "Decimal":
      return canonicalDecimal(isDecimalLike(value) ? value.toFixed() : String(value));
    case "Boolean":
      return typeof value === "boolean" ? value : Number(value) !== 0;
    case "DateTime":
      return (
        value instanceof Date ? value : typeof value === "bigint" || typeof value === "number" ? new Date(Number(value)) : new Date(String(value))
      ).toISOString();
    case "Bytes":
      return hex(value as Uint8Array);
    case "Json":
      return canonicalJson(value);
    case "JsonText": // SQLite's stored text (or a number, after the column's numeric affinity)
      return canonicalJson(typeof value === "string" ? JSON.parse(value) : typeof value === "bigint" ? Number(value) : value);
    case "String":
    case "Enum":
      return String(value);
  }
  // A column no model declares (join tables): go by the JavaScript type.
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "string") return value;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return hex(value);
  if (isDecimalLike(value)) return canonicalDecimal(value.toFixed());
  return canonicalJson(value);
}

function compareValues(a: DumpValue, b: DumpValue): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

async function tableNames(prisma: AnyPrismaClient, provider: Provider): Promise<string[]> {
  const rows =
    provider === "sqlite"
      ? await prisma.$queryRawUnsafe<{ name: string }[]>(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'",
        )
      : await prisma.$queryRawUnsafe<{ name: string }[]>(
          "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'",
        );
  return rows.map((r) => r.name).sort();
}

/** A database to dump: a test database, anything with a client and a URL, or a bare client. */
export type Dumpable = TestDatabase | { prisma: AnyPrismaClient; url?: string } | AnyPrismaClient;

function clientOf(db: Dumpable): { prisma: AnyPrismaClient; url?: string } {
  return "prisma" in db && typeof (db as { prisma?: unknown }).prisma === "object" && !("$transaction" in db)
    ? (db as { prisma: AnyPrismaClient; url?: string })
    : { prisma: db as AnyPrismaClient };
}

const quoteTable = (table: string) => `"${table.replace(/"/g, '""')}"`;

/**
 * Every row of every table (join tables such as `_ProductToSupplier` included), normalised so
 * that dumps of SQLite and PostgreSQL databases with the same data are deep-equal: Int and Float
 * as numbers, BigInt and Decimal as plain decimal strings ("19.99", whatever the column's
 * scale), DateTime as ISO-8601 UTC, Bytes as hex, Json as canonical JSON text (keys sorted),
 * Boolean as booleans, enums as their labels. Rows are sorted by their normalised values,
 * column by column (the first column is the id).
 *
 * A SQLite file (a URL `file:…` is known) is read with better-sqlite3 directly, read-only:
 * Prisma's raw queries cannot return every value a SQLite column may hold (a Json column's
 * numeric affinity turns the JSON `123` into an INTEGER, which `$queryRawUnsafe` refuses).
 * Otherwise (PostgreSQL, PGlite, a bare client) rows come from `$queryRawUnsafe`.
 */
export async function dumpDatabase(db: Dumpable, options: DumpOptions = {}): Promise<DatabaseDump> {
  const { prisma, url } = clientOf(db);
  const provider = clientProvider(prisma);
  const types = columnTypes(clientDataModel(prisma));
  const file = provider === "sqlite" && url?.startsWith("file:") ? url.slice("file:".length) : undefined;
  const raw = file ? new Database(file, { readonly: true, fileMustExist: true }) : undefined;
  const dump: DatabaseDump = {};
  try {
    for (const table of await tableNames(prisma, provider)) {
      if (options.excludeTables?.includes(table)) continue;
      const excluded = new Set(options.excludeColumns?.[table] ?? []);
      const columns = types.get(table);
      const select = `SELECT * FROM ${quoteTable(table)}`;
      const rows = raw
        ? (raw.prepare(select).safeIntegers(true).all() as Record<string, unknown>[])
        : await prisma.$queryRawUnsafe<Record<string, unknown>[]>(select);
      const normalised = rows.map((row) => {
        const out: DumpRow = {};
        for (const [column, value] of Object.entries(row)) {
          if (excluded.has(column)) continue;
          const type = columns?.get(column);
          out[column] = normaliseValue(value, raw && type === "Json" ? "JsonText" : type);
        }
        return out;
      });
      normalised.sort((a, b) => {
        for (const column of Object.keys(a)) {
          const order = compareValues(a[column] ?? null, b[column] ?? null);
          if (order !== 0) return order;
        }
        return 0;
      });
      dump[table] = normalised;
    }
  } finally {
    raw?.close();
  }
  return dump;
}

/** Rows per table, join tables included. */
export async function countRows(db: Dumpable): Promise<Record<string, number>> {
  const { prisma } = clientOf(db);
  const counts: Record<string, number> = {};
  for (const table of await tableNames(prisma, clientProvider(prisma))) {
    const [row] = await prisma.$queryRawUnsafe<{ n: unknown }[]>(`SELECT COUNT(*) AS n FROM ${quoteTable(table)}`);
    counts[table] = Number(row?.n ?? 0);
  }
  return counts;
}

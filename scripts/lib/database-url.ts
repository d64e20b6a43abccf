/**
 * From a database URL to a driver adapter (for the schema engine) or a Prisma client.
 *
 * URLs understood:
 * - `file:./prisma/dev.db` (or a path ending in `.db`/`.sqlite`): SQLite through better-sqlite3,
 *   relative paths resolved from the current directory;
 * - `postgresql://user@host:port/db` (or `postgres://`): PostgreSQL through `pg`;
 * - `pglite:memory` or `pglite:<directory>`: PGlite, PostgreSQL compiled to WASM, in-process
 *   (a directory keeps the data between runs).
 *
 * Each driver and adapter is loaded when a database of its kind is opened: a process that opens
 * SQLite does not carry PGlite's WASM or node-pg (the benchmark measures its processes' memory).
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import type pg from "pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { PGlite } from "@electric-sql/pglite";
import { postgresClientDir, repoRoot, type Provider } from "./prisma-schema.ts";
import type { PrismaClient as SqlitePrismaClient } from "../../generated/prisma/client.ts";

export type DatabaseKind = "sqlite" | "postgresql" | "pglite";

export interface DatabaseTarget {
  kind: DatabaseKind;
  /** The Prisma provider whose schema and client fit this database. */
  provider: Provider;
  /** The URL as given (SQLite: `file:` plus the absolute path). */
  url: string;
}

export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: "postgresql", provider: "postgresql", url };
  if (url.startsWith("pglite:")) return { kind: "pglite", provider: "postgresql", url };
  if (url.startsWith("file:") || /\.(db|sqlite3?)$/.test(url)) {
    const file = url.startsWith("file:") ? url.slice("file:".length) : url;
    return { kind: "sqlite", provider: "sqlite", url: `file:${path.resolve(file)}` };
  }
  throw new Error(`Unrecognised database URL "${url}" (expected file:…, postgresql://… or pglite:…)`);
}

const require = createRequire(import.meta.url);

/** node-pg, loaded on first use (CommonJS, so synchronously). */
function nodePg(): typeof pg {
  return require("pg") as typeof pg;
}

/**
 * `@prisma/adapter-pg` 7.10 refuses result columns of PostgreSQL's internal `"char"` type
 * (OID 18), which the schema engine's catalog introspection reads. This client re-labels such
 * fields as `text` (OID 25) before the adapter sees them; their values are already strings.
 */
function charAsTextClient(base: typeof pg.Client): typeof pg.Client {
  return class CharAsTextClient extends base {
    // pg's overloads are too many to restate: forward whatever we get.
    override query(...args: unknown[]): never {
      const relabel = (result: unknown) => {
        for (const r of Array.isArray(result) ? result : [result]) {
          for (const field of (r as pg.QueryResult | undefined)?.fields ?? []) {
            if (field.dataTypeID === 18) field.dataTypeID = 25;
          }
        }
        return result;
      };
      const wrap = (callback: unknown) =>
        typeof callback === "function"
          ? (error: unknown, result: unknown) => (callback as (e: unknown, r: unknown) => void)(error, error ? result : relabel(result))
          : callback;
      const [config, values, callback] = args as [unknown, unknown, unknown];
      if (config && typeof config === "object" && typeof (config as { callback?: unknown }).callback === "function") {
        const query = config as { callback: unknown };
        query.callback = wrap(query.callback);
      }
      const forwarded =
        typeof values === "function" ? [config, wrap(values)] : callback === undefined ? [config, values] : [config, values, wrap(callback)];
      const result = (super.query as (...a: unknown[]) => unknown)(...forwarded);
      return (result instanceof Promise ? result.then(relabel) : result) as never;
    }
  };
}

/** A `pg.Pool` safe for the schema engine (see `charAsTextClient`). */
export function schemaEnginePool(connectionString: string): pg.Pool {
  const { Client, Pool } = nodePg();
  return new Pool({ connectionString, Client: charAsTextClient(Client) });
}

export interface OpenedAdapter {
  adapter: SqlMigrationAwareDriverAdapterFactory;
  close(): Promise<void>;
}

/** A migration-aware driver adapter factory for the schema engine. */
export async function openAdapter(target: DatabaseTarget): Promise<OpenedAdapter> {
  switch (target.kind) {
    case "sqlite": {
      const { PrismaBetterSqlite3 } = await import("@prisma/adapter-better-sqlite3");
      return { adapter: new PrismaBetterSqlite3({ url: target.url }), close: async () => {} };
    }
    case "postgresql": {
      const { PrismaPg } = await import("@prisma/adapter-pg");
      const pool = schemaEnginePool(target.url);
      return { adapter: new PrismaPg(pool), close: () => pool.end() };
    }
    case "pglite": {
      const { PrismaPGlite } = await import("pglite-prisma-adapter");
      const pglite = await openPglite(target.url);
      return { adapter: new PrismaPGlite(pglite), close: () => pglite.close() };
    }
  }
}

async function openPglite(url: string): Promise<PGlite> {
  const { PGlite } = await import("@electric-sql/pglite");
  const where = url.slice("pglite:".length);
  const pglite = where === "" || where === "memory" ? new PGlite() : new PGlite(path.resolve(where));
  await pglite.waitReady;
  return pglite;
}

/**
 * Either generated client: they are generated from the same models (one for SQLite, one for
 * PostgreSQL) and have the same shape, so code written against the SQLite client's types runs
 * with both.
 */
export type AnyPrismaClient = SqlitePrismaClient;

export interface OpenedClient {
  prisma: AnyPrismaClient;
  target: DatabaseTarget;
  close(): Promise<void>;
}

/** Imports the PostgreSQL client generated by `npm run generate` (it is not committed). */
export async function importPostgresClient(): Promise<typeof import("../../generated/prisma/client.ts")> {
  const entry = path.join(postgresClientDir, "client.ts");
  try {
    return (await import(pathToFileURL(entry).href)) as typeof import("../../generated/prisma/client.ts");
  } catch (error) {
    throw new Error(
      `Cannot load the PostgreSQL Prisma client (${path.relative(repoRoot, entry)}): run \`npm run generate\` first.\n${String(error)}`,
    );
  }
}

/** A Prisma client of the right generated flavour for `target`. */
export async function openPrismaClient(target: DatabaseTarget): Promise<OpenedClient> {
  switch (target.kind) {
    case "sqlite": {
      const { PrismaClient } = await import("../../generated/prisma/client.ts");
      const { PrismaBetterSqlite3 } = await import("@prisma/adapter-better-sqlite3");
      const prisma = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: target.url }) });
      return { prisma, target, close: () => prisma.$disconnect() };
    }
    case "postgresql": {
      const { PrismaClient } = await importPostgresClient();
      const { PrismaPg } = await import("@prisma/adapter-pg");
      const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: target.url }) });
      return { prisma, target, close: () => prisma.$disconnect() };
    }
    case "pglite": {
      const { PrismaClient } = await importPostgresClient();
      const { PrismaPGlite } = await import("pglite-prisma-adapter");
      const pglite = await openPglite(target.url);
      const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
      return {
        prisma,
        target,
        close: async () => {
          await prisma.$disconnect();
          await pglite.close();
        },
      };
    }
  }
}

/** The database `npm run db:push` and `npm run seed` use when given none. */
export function defaultDatabaseUrl(): string {
  return process.env.DATABASE_URL ?? "file:./prisma/dev.db";
}

/**
 * Databases that another process writes to (and is killed while writing to), with a pristine
 * copy to go back to: a SQLite file copied from a pristine file, or a PostgreSQL database
 * created from a pristine template database. Dumps open their own connection each time, so the
 * test never holds a lock or a transaction of its own while the child writes.
 */
import { randomBytes } from "node:crypto";
import { copyFile, rm } from "node:fs/promises";
import pg from "pg";
import type { Provider } from "../../../scripts/lib/prisma-schema.ts";
import { openPrismaClient, parseDatabaseUrl } from "../../../scripts/lib/database-url.ts";
import { createDatabase, dumpDatabase, postgresBackend, type AnyPrismaClient, type DatabaseDump, type SqliteTestDatabase } from "../../support/databases.ts";

export interface SharedTarget {
  readonly provider: Provider;
  /** What another process connects to. */
  readonly url: string;
  /** Every row of every table, read through a fresh connection. */
  dump(): Promise<DatabaseDump>;
  /** Runs `use` with a fresh client (closed afterwards). */
  withClient<T>(use: (prisma: AnyPrismaClient) => Promise<T>): Promise<T>;
  /** Back to the pristine state (nobody may be connected). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A shared database filled by `fill`, or undefined when the provider cannot be shared between
 * processes here (PostgreSQL without a server: PGlite lives inside one process).
 */
export async function sharedTarget(provider: Provider, fill: (prisma: AnyPrismaClient) => Promise<void>): Promise<SharedTarget | undefined> {
  const withClient = async <T>(url: string, use: (prisma: AnyPrismaClient) => Promise<T>): Promise<T> => {
    const opened = await openPrismaClient(parseDatabaseUrl(url));
    try {
      return await use(opened.prisma);
    } finally {
      await opened.close();
    }
  };
  if (provider === "sqlite") {
    const db = (await createDatabase("sqlite")) as SqliteTestDatabase;
    await fill(db.prisma);
    await db.prisma.$disconnect();
    const pristine = `${db.file}.pristine`;
    await copyFile(db.file, pristine);
    return {
      provider,
      url: db.url,
      dump: () => withClient(db.url, (prisma) => dumpDatabase(prisma)),
      withClient: (use) => withClient(db.url, use),
      reset: async () => {
        await rm(`${db.file}-journal`, { force: true });
        await copyFile(pristine, db.file);
      },
      close: () => db.close(),
    };
  }
  const backend = await postgresBackend();
  if (backend.kind !== "server") return undefined;
  const template = await createDatabase("postgresql");
  await fill(template.prisma);
  await template.prisma.$disconnect();
  const templateName = new URL(template.url).pathname.slice(1);
  const name = `${templateName}_${randomBytes(3).toString("hex")}`;
  const url = Object.assign(new URL(backend.adminUrl), { pathname: `/${name}` }).toString();
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: backend.adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}" TEMPLATE "${templateName}"`);
  return {
    provider,
    url,
    dump: () => withClient(url, (prisma) => dumpDatabase(prisma)),
    withClient: (use) => withClient(url, use),
    reset: async () => {
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin(`CREATE DATABASE "${name}" TEMPLATE "${templateName}"`);
    },
    close: async () => {
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await template.close();
    },
  };
}

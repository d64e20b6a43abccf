/**
 * Valid backups to mutate, made the way an app makes them: a scratch SQLite database with the
 * reference schema's tables, the deterministic demo data for the seed, and `backup.exportAll`
 * (gzip'd and plain, whole and selective).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { backup } from "../../generated/backup/index.ts";
import { PrismaClient } from "../../generated/prisma/client.ts";
import { seedDatabase } from "../../prisma/seed/index.ts";
import { referenceSchema } from "../lib/prisma-schema.ts";
import { schemaSql } from "../lib/schema-engine.ts";

export interface NamedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

type Exporter = Pick<typeof backup, "exportAll">;

/** The backups of one database that the corpus mutates. */
export async function exportBases(prisma: Parameters<Exporter["exportAll"]>[0]): Promise<NamedFile[]> {
  return [
    { name: "full.json.gz", bytes: await backup.exportAll(prisma) },
    { name: "full.json", bytes: await backup.exportAll(prisma, { compress: false }) },
    { name: "sales.json.gz", bytes: await backup.exportAll(prisma, { modules: ["sales"] }) },
  ];
}

/** Seeds a scratch SQLite database (`records` records, `seed`) and exports its bases. */
export async function makeBases(options: { seed: string; records: number }): Promise<NamedFile[]> {
  const dir = await mkdtemp(path.join(tmpdir(), "prisma-backup-corpus-"));
  const file = path.join(dir, "bases.db");
  try {
    const raw = new Database(file);
    raw.exec(await schemaSql(referenceSchema("sqlite")));
    raw.close();
    const prisma = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: `file:${file}` }) });
    try {
      await seedDatabase(prisma, { records: options.records, seed: options.seed });
      return await exportBases(prisma);
    } finally {
      await prisma.$disconnect();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

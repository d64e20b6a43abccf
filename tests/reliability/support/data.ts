/**
 * The data the fault tests import: a seeded shop's full backup, and a "before" database that
 * holds part of it (catalog, settings, purchasing) plus records the file does not have. Merging
 * the file into it creates thousands of records (customers, quotes, sales, lines, invoices);
 * replacing with it also deletes the extra records. Either way the write phase is long enough
 * to be interrupted anywhere, and the "before" state is far from empty.
 */
import { backup } from "../../../generated/backup/index.ts";
import { seedDatabase } from "../../../prisma/seed/index.ts";
import type { Provider } from "../../../scripts/lib/prisma-schema.ts";
import { createDatabase, dumpDatabase, type AnyPrismaClient, type DatabaseDump, type TestDatabase } from "../../support/databases.ts";

export interface FaultData {
  /** The whole shop, gzip'd. */
  readonly file: Uint8Array;
  /** Its catalog, settings and purchasing modules only. */
  readonly partial: Uint8Array;
  readonly records: number;
}

export async function faultData(provider: Provider, records: number, seed = "faults"): Promise<FaultData> {
  const source = await createDatabase(provider);
  try {
    await seedDatabase(source.prisma, { records, seed });
    return {
      file: await backup.exportAll(source.prisma),
      partial: await backup.exportAll(source.prisma, { modules: ["catalog", "settings", "purchasing"] }),
      records,
    };
  } finally {
    await source.close();
  }
}

/** Fills an empty database with the "before" state: the partial backup plus extra products. */
export async function fillBefore(prisma: AnyPrismaClient, data: FaultData): Promise<void> {
  const report = await backup.importAll(prisma, data.partial);
  if (!report.ok) throw new Error(`The partial backup did not import: ${JSON.stringify(report.errors)}`);
  const supplier = await prisma.supplier.findFirstOrThrow({ orderBy: { id: "asc" } });
  const category = await prisma.category.create({ data: { name: "Hors catalogue" } });
  for (let i = 1; i <= 12; i++) {
    await prisma.product.create({
      data: {
        sku: `EXTRA-${i}`,
        name: `Article hors fichier ${i}`,
        price: `${i}.50`,
        categoryId: category.id,
        suppliers: { connect: [{ id: supplier.id }] },
        // Fixed, so that two databases filled alike are equal row for row.
        createdAt: new Date("2025-01-15T09:00:00.000Z"),
        updatedAt: new Date("2025-01-15T09:00:00.000Z"),
      },
    });
  }
}

/** A fresh SQLite database in the "before" state. */
export async function databaseBefore(data: FaultData): Promise<TestDatabase> {
  const db = await createDatabase("sqlite");
  await fillBefore(db.prisma, data);
  return db;
}

/** What importing `file` into the "before" state gives (the state a successful import must leave). */
export async function stateAfter(data: FaultData, file: Uint8Array = data.file): Promise<DatabaseDump> {
  const db = await databaseBefore(data);
  try {
    const report = await backup.importAll(db.prisma, file);
    if (!report.ok) throw new Error(`The file did not import into the "before" state: ${JSON.stringify(report.errors)}`);
    return await dumpDatabase(db);
  } finally {
    await db.close();
  }
}

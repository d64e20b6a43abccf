/**
 * Replace across databases that share ids but not data (docs/RELIABILITY.md, finding 7): kept
 * rows (same id) are repointed before the rows they pointed at are deleted, unique values move
 * between kept rows in any order, and the result is the file's data exactly. And deletions by
 * the thousand.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { backup, backupSchema, codecs } from "../../generated/backup/index.ts";
import { dialectOf, type Database } from "../../runtime/database.ts";
import { deleteRows, deleteUnreferencedRows, insertRows, type WriteContext } from "../../runtime/import/write.ts";
import type { AnyPrismaClient } from "../support/databases.ts";
import { createDatabase, dumpDatabase, type TestDatabase } from "../support/databases.ts";

const AT = new Date("2026-01-01T08:00:00.000Z");
const backedUp = { excludeTables: ["sessions"], excludeColumns: { users: ["password_hash"] } };

async function products(prisma: AnyPrismaClient): Promise<void> {
  await prisma.product.create({ data: { id: 1, sku: "TEA-1", name: "Thé vert", price: "12.50", createdAt: AT, updatedAt: AT } });
  await prisma.product.create({ data: { id: 2, sku: "TEA-2", name: "Thé noir", price: "9.90", createdAt: AT, updatedAt: AT } });
}

/** The shop whose backup is imported. */
async function seedFile(prisma: AnyPrismaClient): Promise<void> {
  await products(prisma);
  // Another customer, whose email a customer of the target holds: it must be free in time.
  await prisma.customer.create({ data: { id: "new-1", name: "Client A", email: "a@client.test", createdAt: AT, updatedAt: AT } });
  await prisma.customer.create({ data: { id: "new-2", name: "Client B", email: "b2@client.test", createdAt: AT, updatedAt: AT } });
  for (const id of [1, 2, 3]) await prisma.sale.create({ data: { id, reference: `V-${id}`, customerId: id === 3 ? "new-2" : "new-1", soldAt: AT, total: "10.00" } });
  // Kept invoices move along a chain of sales: 1 takes the sale 2 gives up for sale 3.
  await prisma.invoice.create({ data: { id: 1, number: "FAC-1", saleId: 2, issuedAt: AT } });
  await prisma.invoice.create({ data: { id: 2, number: "FAC-2", saleId: 3, issuedAt: AT } });
  // A kept quote whose customer (required) is deleted by the replace.
  await prisma.quote.create({ data: { id: 1, number: "DEV-1", customerId: "new-2", total: "5.00", updatedAt: AT, lines: { create: [{ id: 1, productId: 1, quantity: 1, unitPrice: "5.00" }] } } });
  await keptCustomer(prisma);
}

/** The same in both, but for its primary quote (a cycle-closing key): a quote the replace deletes, unset in the file. */
async function keptCustomer(prisma: AnyPrismaClient, primaryQuoteId?: number): Promise<void> {
  await prisma.customer.create({ data: { id: "kept", name: "Client K", createdAt: AT, updatedAt: AT, ...(primaryQuoteId ? { primaryQuoteId } : {}) } });
}

/** The database replaced: the same ids for sales, invoices and quotes, other customers. */
async function seedTarget(prisma: AnyPrismaClient): Promise<void> {
  await products(prisma);
  await prisma.customer.create({ data: { id: "old-1", name: "Ancien A", email: "a@client.test", createdAt: AT, updatedAt: AT } });
  await prisma.customer.create({ data: { id: "old-2", name: "Ancien B", email: "b@client.test", createdAt: AT, updatedAt: AT } });
  for (const id of [1, 2, 3]) await prisma.sale.create({ data: { id, reference: `V-${id}`, customerId: "old-1", soldAt: AT, total: "10.00" } });
  await prisma.invoice.create({ data: { id: 1, number: "FAC-1", saleId: 1, issuedAt: AT } });
  await prisma.invoice.create({ data: { id: 2, number: "FAC-2", saleId: 2, issuedAt: AT } });
  await prisma.quote.create({ data: { id: 1, number: "DEV-1", customerId: "old-2", total: "5.00", updatedAt: AT, lines: { create: [{ id: 1, productId: 2, quantity: 1, unitPrice: "5.00" }] } } });
  await prisma.quote.create({ data: { id: 2, number: "DEV-2", customerId: "old-2", total: "7.00", updatedAt: AT } });
  await keptCustomer(prisma, 2);
}

describe.each(["sqlite", "postgresql"] as const)("replace on %s", (provider) => {
  let source: TestDatabase;
  let target: TestDatabase;
  beforeEach(async () => {
    [source, target] = await Promise.all([createDatabase(provider), createDatabase(provider)]);
    await seedFile(source.prisma);
    await seedTarget(target.prisma);
  });
  afterEach(async () => {
    await source?.close();
    await target?.close();
  });

  it("repoints kept rows before deleting what they pointed at, moves unique values between kept rows, keeps the file's @updatedAt", async () => {
    const report = await backup.importAll(target.prisma, await backup.exportAll(source.prisma), { mode: "replace" });
    expect(report.errors).toEqual([]);
    expect(report.totals).toEqual({ inFile: 12, created: 2, updated: 7, skipped: 3, deleted: 3, conflicts: 0 });
    expect(await dumpDatabase(target, backedUp)).toEqual(await dumpDatabase(source, backedUp));
  });

  it("replaces nested records told apart by their parent (sale lines), kept, changed, deleted and new", async () => {
    const line = (saleId: number, position: number, quantity: number) => ({ saleId, position, productId: 1, quantity, unitPrice: "1.00" });
    await source.prisma.saleLine.createMany({ data: [line(1, 1, 1), line(1, 2, 2), line(3, 1, 3)] });
    await target.prisma.saleLine.createMany({ data: [line(1, 1, 1), line(1, 2, 5), line(2, 1, 1), line(1, 3, 1)] });
    const report = await backup.importAll(target.prisma, await backup.exportAll(source.prisma), { mode: "replace" });
    expect(report.errors).toEqual([]);
    expect(report.models.SaleLine).toEqual({ inFile: 3, created: 1, updated: 1, skipped: 1, deleted: 2, conflicts: 0 });
    expect(await dumpDatabase(target, backedUp)).toEqual(await dumpDatabase(source, backedUp));
  });

  it("writes nothing when rows appear in a nested table after the file was checked against it empty", async () => {
    await source.prisma.saleLine.create({ data: { saleId: 1, position: 1, productId: 1, quantity: 1, unitPrice: "1.00" } });
    const prepared = await backup.prepareImport(target.prisma, await backup.exportAll(source.prisma), { mode: "replace" });
    expect(prepared.report.errors).toEqual([]);
    await target.prisma.saleLine.create({ data: { saleId: 2, position: 1, productId: 2, quantity: 1, unitPrice: "2.00" } });
    const before = await dumpDatabase(target, backedUp);
    const report = await prepared.commit();
    expect(report.written).toBe(false);
    expect(report.errors).toEqual([
      {
        code: "database_error",
        model: "SaleLine",
        message: "SaleLine records were added to the database while the file was being checked, so the replace could not compare them with the file; nothing was written. Run the import again.",
      },
    ]);
    expect(await dumpDatabase(target, backedUp)).toEqual(before);
  });

  it("leaves the models the file does not cover alone, and refuses to delete what they still reference", async () => {
    const file = await backup.exportAll(source.prisma, { modules: ["catalog"] });
    await source.prisma.quoteLine.deleteMany({});
    await source.prisma.product.delete({ where: { id: 2 } });
    const catalogOnly = await backup.exportAll(source.prisma, { modules: ["catalog"] });
    // Product 2 is gone from the file, but a quote line of the target (not in the file) uses it.
    const refused = await backup.importAll(target.prisma, catalogOnly, { mode: "replace" });
    const constraint = provider === "postgresql" ? " (quote_lines_product_id_fkey)" : "";
    expect(refused.errors).toEqual([
      {
        code: "database_error",
        model: "Product",
        recordId: "2",
        message: `Deleting Product 2 failed: other records still refer to it${constraint} (foreign key constraint). The import was rolled back: the database is exactly as it was before.`,
      },
    ]);
    const before = await dumpDatabase(target, backedUp);
    const report = await backup.importAll(target.prisma, file, { mode: "replace" });
    expect(report.errors).toEqual([]);
    expect(await dumpDatabase(target, backedUp)).toEqual(before);
  });
});

describe.each(["sqlite", "postgresql"] as const)("deleting many rows on %s", (provider) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createDatabase(provider);
  });
  afterEach(() => db?.close());

  it.each([true, false])("deletes thousands at once, beyond Prisma's 999 parameters per query (bulk: %s)", async (bulk) => {
    const prisma = db.prisma as unknown as Database;
    const supplier = backupSchema.models.Supplier!;
    const ids = Array.from({ length: 2_500 }, (_, i) => i + 1);
    await prisma.$transaction(async (queries) => {
      const context: WriteContext = { schema: backupSchema, codecs, queries, dialect: { ...dialectOf(prisma, provider), bulk } };
      await insertRows(context, supplier, ids.map((id) => ({ record: { id, name: `S${id}` }, path: `data.suppliers[${id - 1}]`, recordId: String(id) })));
      const held = await deleteUnreferencedRows(context, supplier, ids.slice(0, 2_000).map((id) => ({ id })), new Set(["Supplier"]));
      expect(held).toEqual([]);
      await deleteRows(context, supplier, [{ id: 2_001 }, { id: 2_002 }]);
    });
    expect(await db.prisma.supplier.count()).toBe(498);
  });
});

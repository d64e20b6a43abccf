/**
 * Importing into a database that already holds overlapping and modified data: exact counts per
 * merge rule, ids mapped through natural keys (and references rewritten), conflicts reported and
 * then resolved; replace mode; dry runs; selective exports.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { backup } from "../../generated/backup/index.ts";
import type { AnyPrismaClient } from "../support/databases.ts";
import { createDatabase, dumpDatabase, type TestDatabase } from "../support/databases.ts";

const OLD = new Date("2026-01-01T08:00:00.000Z");
const NEW = new Date("2026-02-01T08:00:00.000Z");
const backedUp = { excludeTables: ["sessions"], excludeColumns: { users: ["password_hash"] } };

/** The shop whose backup is imported. */
async function seedSource(prisma: AnyPrismaClient): Promise<void> {
  await prisma.companySettings.create({ data: { id: 1, companyName: "Alami Gestion", vatRate: "20", updatedAt: NEW } });
  await prisma.user.create({ data: { id: "u1", email: "amina@alami.test", name: "Amina", role: "ADMIN", passwordHash: "scrypt$a", updatedAt: NEW } });
  await prisma.category.create({ data: { id: 1, name: "Épicerie" } });
  await prisma.category.create({ data: { id: 2, name: "Thé", parentId: 1 } });
  await prisma.supplier.create({ data: { id: 1, name: "Atlas Import", email: "atlas@fournisseur.test", phone: "0101" } });
  await prisma.supplier.create({ data: { id: 2, name: "Berbère & Co", email: "berbere@fournisseur.test" } });
  await prisma.product.create({ data: { id: 1, sku: "TEA-1", name: "Thé vert", price: "12.50", categoryId: 2, updatedAt: NEW, suppliers: { connect: [{ id: 1 }] } } });
  await prisma.product.create({ data: { id: 2, sku: "TEA-2", name: "Thé noir", price: "9.90", categoryId: 2, updatedAt: NEW, suppliers: { connect: [{ id: 1 }, { id: 2 }] } } });
  await prisma.customer.create({ data: { id: "c1", name: "Client ABC", email: "abc@client.test", notes: "fidèle", createdAt: OLD, updatedAt: OLD } });
  await prisma.customer.create({ data: { id: "c2", name: "Client XYZ", email: "xyz@client.test", createdAt: OLD, updatedAt: OLD } });
  await prisma.sale.create({ data: { id: 1, reference: "V-1", customerId: "c1", sellerId: "u1", soldAt: NEW, total: "25.00", lines: { create: [{ position: 1, productId: 1, quantity: 2, unitPrice: "12.50" }] } } });
  await prisma.sale.create({ data: { id: 2, reference: "V-2", soldAt: NEW, total: "9.90", lines: { create: [{ position: 1, productId: 2, quantity: 1, unitPrice: "9.90" }] } } });
  await prisma.invoice.create({ data: { id: 1, number: "FAC-1", saleId: 1, status: "ISSUED", issuedAt: NEW } });
  await prisma.quote.create({ data: { id: 1, number: "DEV-1", customerId: "c1", total: "9.90", updatedAt: NEW, lines: { create: [{ id: 1, productId: 2, quantity: 1, unitPrice: "9.90" }] } } });
}

/** The database it is imported into: some records the same, some changed, some under other ids. */
async function seedTarget(prisma: AnyPrismaClient): Promise<void> {
  await prisma.companySettings.create({ data: { id: 1, companyName: "Alami", vatRate: "19.6", updatedAt: OLD } });
  await prisma.category.create({ data: { id: 7, name: "Épicerie" } }); // same natural key, other id
  await prisma.supplier.create({ data: { id: 1, name: "Atlas Import", email: "atlas@fournisseur.test", phone: "0202" } }); // phone differs on both sides
  await prisma.supplier.create({ data: { id: 2, name: "Berbère & Co", email: "berbere@fournisseur.test", phone: "0303" } }); // phone only here
  await prisma.product.create({ data: { id: 5, sku: "TEA-1", name: "Thé vert", price: "11.00", updatedAt: OLD } }); // same SKU, other id, older
  await prisma.customer.create({ data: { id: "c1", name: "Client ABC", email: "abc@client.test", notes: "à relancer", createdAt: OLD, updatedAt: OLD } });
}

describe.each(["sqlite", "postgresql"] as const)("merging into existing data on %s", (provider) => {
  let source: TestDatabase;
  let target: TestDatabase;
  let file: Uint8Array;

  beforeEach(async () => {
    source = await createDatabase(provider);
    target = await createDatabase(provider);
    await seedSource(source.prisma);
    await seedTarget(target.prisma);
    file = await backup.exportAll(source.prisma);
  });
  afterEach(async () => {
    await source.close();
    await target.close();
  });

  it("reports the conflict and writes nothing, then imports with the decision", async () => {
    const before = await dumpDatabase(target);
    const first = await backup.importAll(target.prisma, file);
    expect(first).toMatchObject({ ok: false, written: false, errors: [] });
    expect(first.conflicts).toEqual([
      { id: "Supplier:1:phone", model: "Supplier", recordId: "1", field: "phone", existing: "0202", incoming: "0101", path: "data.suppliers[0]" },
    ]);
    expect(await dumpDatabase(target)).toEqual(before);

    const report = await backup.importAll(target.prisma, file, { resolutions: { "Supplier:1:phone": "incoming" } });
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ ok: true, written: true, resolved: 1, conflicts: [] });
    const counts = Object.fromEntries(Object.entries(report.models).map(([model, c]) => [model, [c.inFile, c.created, c.updated, c.skipped, c.conflicts]]));
    expect(counts).toEqual({
      //                  inFile created updated skipped conflicts
      CompanySettings: [1, 0, 1, 0, 0], // the file's is newer
      User: [1, 1, 0, 0, 0],
      Category: [2, 1, 0, 1, 0], // Épicerie recognised by its name, Thé created under it
      Supplier: [2, 0, 1, 1, 0], // Atlas: the decision; Berbère: the phone only the database has is kept
      Product: [2, 1, 1, 0, 0], // TEA-1 recognised by its SKU and updated (newer), TEA-2 created
      Customer: [2, 1, 0, 1, 0], // c1: only notes differ, and notes keep the database's value
      Sale: [2, 2, 0, 0, 0],
      SaleLine: [2, 2, 0, 0, 0],
      Invoice: [1, 1, 0, 0, 0],
      Quote: [1, 1, 0, 0, 0],
      QuoteLine: [1, 1, 0, 0, 0],
    });
    expect(report.idMappings).toEqual([
      { model: "Category", from: "1", to: "7" },
      { model: "Product", from: "1", to: "5" },
    ]);
    expect(report.links).toEqual({ ProductToSupplier: { inFile: 3, created: 3, deleted: 0 } });

    const prisma = target.prisma;
    expect((await prisma.category.findUnique({ where: { id: 2 } }))?.parentId).toBe(7);
    expect((await prisma.product.findUnique({ where: { id: 5 } }))?.price.toString()).toBe("12.5");
    expect((await prisma.product.findUnique({ where: { id: 5 } }))?.categoryId).toBe(2);
    expect(await prisma.saleLine.findMany({ select: { saleId: true, productId: true }, orderBy: { saleId: "asc" } })).toEqual([
      { saleId: 1, productId: 5 },
      { saleId: 2, productId: 2 },
    ]);
    expect((await prisma.supplier.findUnique({ where: { id: 1 } }))?.phone).toBe("0101");
    expect((await prisma.supplier.findUnique({ where: { id: 2 } }))?.phone).toBe("0303");
    expect((await prisma.customer.findUnique({ where: { id: "c1" } }))?.notes).toBe("à relancer");
    const links = await prisma.product.findMany({ select: { id: true, suppliers: { select: { id: true }, orderBy: { id: "asc" } } }, orderBy: { id: "asc" } });
    expect(links).toEqual([
      { id: 2, suppliers: [{ id: 1 }, { id: 2 }] },
      { id: 5, suppliers: [{ id: 1 }] },
    ]);
    // A new user gets the declared fallback for the omitted password hash.
    expect((await prisma.user.findUnique({ where: { id: "u1" } }))?.passwordHash).toBe("!");
  });

  it("updates records with a composite id", async () => {
    await backup.importAll(target.prisma, file, { resolutions: { default: "incoming" } });
    await target.prisma.saleLine.update({ where: { saleId_position: { saleId: 1, position: 1 } }, data: { quantity: 7 } });
    const report = await backup.importAll(target.prisma, file, { resolutions: { default: "incoming" } });
    expect(report.errors).toEqual([]);
    expect(report.models.SaleLine).toMatchObject({ updated: 1, skipped: 1, conflicts: 0 });
    expect((await target.prisma.saleLine.findUnique({ where: { saleId_position: { saleId: 1, position: 1 } } }))?.quantity).toBe(2);
  });

  it("a dry run analyses everything and writes nothing", async () => {
    const before = await dumpDatabase(target);
    const report = await backup.importAll(target.prisma, file, { dryRun: true, resolutions: { default: "existing" } });
    expect(report).toMatchObject({ ok: true, dryRun: true, written: false, resolved: 1 });
    expect(report.totals).toEqual({ inFile: 17, created: 11, updated: 2, skipped: 4, deleted: 0, conflicts: 0 });
    expect(await dumpDatabase(target)).toEqual(before);
  });

  it("replace leaves every model the file covers exactly as the file describes it", async () => {
    const report = await backup.importAll(target.prisma, file, { mode: "replace" });
    expect(report.errors).toEqual([]);
    expect(report.totals).toMatchObject({ inFile: 17, deleted: 2 }); // category 7 and product 5
    expect(await dumpDatabase(target, backedUp)).toEqual(await dumpDatabase(source, backedUp));
  });

  it("replacing a database with its own backup changes nothing, cycle-closing keys included", async () => {
    await target.prisma.quote.create({ data: { id: 9, number: "DEV-9", customerId: "c1", total: "1.00" } });
    await target.prisma.customer.update({ where: { id: "c1" }, data: { primaryQuoteId: 9, updatedAt: OLD } });
    const own = await backup.exportAll(target.prisma);
    const before = await dumpDatabase(target);
    const report = await backup.importAll(target.prisma, own, { mode: "replace" });
    expect(report).toMatchObject({ ok: true, totals: { created: 0, updated: 0, deleted: 0 } });
    expect(await dumpDatabase(target)).toEqual(before);
  });

  it("a selective export of one module imports cleanly and touches nothing else", async () => {
    const catalog = await backup.exportAll(source.prisma, { modules: ["catalog"] });
    const empty = await createDatabase(provider);
    try {
      const report = await backup.importAll(empty.prisma, catalog);
      expect(report.errors).toEqual([]);
      expect(Object.keys(report.models).sort()).toEqual(["Category", "Product"]);
      const dump = await dumpDatabase(empty);
      const original = await dumpDatabase(source);
      expect(dump.categories).toEqual(original.categories);
      expect(dump.products).toEqual(original.products);
      expect(dump.customers).toEqual([]);
      expect(dump._ProductToSupplier).toEqual([]); // suppliers are in another module
      // Replace with a selective file never touches the models it leaves out.
      const before = await dumpDatabase(target);
      const replaced = await backup.importAll(target.prisma, catalog, { mode: "replace" });
      expect(replaced.errors).toEqual([]);
      const after = await dumpDatabase(target);
      expect(after.suppliers).toEqual(before.suppliers);
      expect(after.customers).toEqual(before.customers);
      expect(after.products).toEqual(original.products);
    } finally {
      await empty.close();
    }
  });
});

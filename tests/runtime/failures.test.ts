/**
 * Every failure path leaves the database exactly as it was, and the report says what was
 * wrong, where (JSON path, model, record id, field), and what to do.
 */
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backup } from "../../generated/backup/index.ts";
import type { ImportReport } from "../../generated/backup/index.ts";
import { seedDatabase } from "../../prisma/seed.ts";
import { createDatabase, dumpDatabase, type DatabaseDump, type TestDatabase } from "../support/databases.ts";
import { editFile, readDocument, records } from "./files.ts";

describe.each(["sqlite", "postgresql"] as const)("a refused import on %s", (provider) => {
  let db: TestDatabase;
  let file: Uint8Array;
  let before: DatabaseDump;

  beforeAll(async () => {
    const source = await createDatabase(provider);
    await seedDatabase(source.prisma, { records: 400, seed: "source" });
    file = await backup.exportAll(source.prisma);
    await source.close();
    db = await createDatabase(provider);
    await seedDatabase(db.prisma, { records: 300, seed: "target" });
    before = await dumpDatabase(db);
  });
  afterAll(() => db.close());

  async function refused(input: Uint8Array, options = {}): Promise<ImportReport> {
    const report = await backup.importAll(db.prisma, input, options);
    expect(report.ok).toBe(false);
    expect(report.written).toBe(false);
    expect(await dumpDatabase(db)).toEqual(before);
    return report;
  }

  it("a flipped bit", async () => {
    const plain = await backup.exportAll(db.prisma, { compress: false });
    const damaged = plain.slice();
    const middle = Math.floor(damaged.length / 2);
    damaged[middle] = damaged[middle]! ^ 0x04;
    const report = await refused(damaged);
    expect(report.errors.map((e) => e.code)).toEqual(["checksum_mismatch"]);
    // In a gzip'd file the same damage is caught by the archive's own check or the checksum.
    const zipped = file.slice();
    const zippedMiddle = Math.floor(zipped.length / 2);
    zipped[zippedMiddle] = zipped[zippedMiddle]! ^ 0x04;
    expect(["corrupt_gzip", "checksum_mismatch"]).toContain((await refused(zipped)).errors[0]!.code);
  });

  it("a truncated gzip", async () => {
    const report = await refused(file.subarray(0, Math.floor(file.length * 0.7)));
    expect(report.errors).toEqual([
      { code: "corrupt_gzip", message: "The file is not a valid gzip archive (unexpected end of file): it is truncated or damaged. Use another copy of the backup." },
    ]);
  });

  it("an unknown format version", async () => {
    const report = await refused(editFile(file, (doc) => void (doc.metadata.version = "3.1")));
    expect(report.errors).toEqual([
      { code: "unsupported_version", path: "metadata.version", message: "This file uses format version 3.1, newer than this app reads (1.x). Update the app, then import the file again." },
    ]);
  });

  it("invalid records, reported all at once with path, model, record id and field", async () => {
    const edited = editFile(file, (doc) => {
      const products = records(doc, "data", "products");
      products[2]!.price = "douze euros";
      products[5]!.stock = 1.5;
      const customer = records(doc, "data", "customers").find((c) => (c.sales as unknown[]).length > 0)!;
      ((customer.sales as Record<string, unknown>[])[0]!).total = null;
    });
    const report = await refused(edited);
    const doc = readDocument(edited);
    const products = records(doc, "data", "products");
    const customers = records(doc, "data", "customers");
    const customerIndex = customers.findIndex((c) => (c.sales as unknown[]).length > 0);
    const sale = (customers[customerIndex]!.sales as Record<string, unknown>[])[0]!;
    expect(report.errors.map(({ code, path, model, recordId, field }) => ({ code, path, model, recordId, field }))).toEqual([
      { code: "invalid_record", path: "data.products[2].price", model: "Product", recordId: String(products[2]!.id), field: "price" },
      { code: "invalid_record", path: "data.products[5].stock", model: "Product", recordId: String(products[5]!.id), field: "stock" },
      { code: "invalid_record", path: `data.customers[${customerIndex}].sales[0].total`, model: "Sale", recordId: String(sale.id), field: "total" },
    ]);
  });

  it("an id twice among a parent's nested records (a sale's lines are told apart by their position)", async () => {
    // Every sale numbers its lines from 1: the same positions in other sales are no duplicates.
    const edited = editFile(file, (doc) => {
      const sale = records(doc, "data", "customers").flatMap((c) => c.sales as Record<string, unknown>[]).find((s) => (s.lines as unknown[]).length >= 2)!;
      const lines = sale.lines as Record<string, unknown>[];
      lines[1]!.position = lines[0]!.position;
    });
    const report = await refused(edited);
    const customers = records(readDocument(edited), "data", "customers");
    const customerIndex = customers.findIndex((c) => (c.sales as Record<string, unknown>[]).some((s) => (s.lines as unknown[]).length >= 2));
    const sales = customers[customerIndex]!.sales as Record<string, unknown>[];
    const saleIndex = sales.findIndex((s) => (s.lines as unknown[]).length >= 2);
    const id = `${sales[saleIndex]!.id},${(sales[saleIndex]!.lines as Record<string, unknown>[])[0]!.position}`;
    expect(report.errors).toEqual([
      {
        code: "duplicate_id",
        message: `Two SaleLine records have id ${id}: this one and an earlier one. Each must be unique; fix the file.`,
        path: `data.customers[${customerIndex}].sales[${saleIndex}].lines[1]`,
        model: "SaleLine",
        recordId: id,
      },
    ]);
  });

  it("a natural key twice (two products with one SKU, two root categories with one name)", async () => {
    const edited = editFile(file, (doc) => {
      const products = records(doc, "data", "products");
      products[3]!.sku = products[1]!.sku;
      const roots = records(doc, "data", "categories").filter((category) => category.parentId === null);
      roots[1]!.name = roots[0]!.name;
    });
    const report = await refused(edited);
    const doc = readDocument(edited);
    const sku = JSON.stringify(records(doc, "data", "products")[1]!.sku);
    const categories = records(doc, "data", "categories");
    const second = categories.indexOf(categories.filter((category) => category.parentId === null)[1]!);
    const name = `null,${JSON.stringify(categories[second]!.name)}`;
    const twice = (model: string, what: string) => `Two ${model} records have ${what}: this one and an earlier one. Each must be unique; fix the file.`;
    expect(report.errors).toEqual([
      { code: "duplicate_key", message: twice("Category", `parentId, name ${name}`), path: `data.categories[${second}]`, model: "Category", recordId: name },
      { code: "duplicate_key", message: twice("Product", `sku ${sku}`), path: "data.products[3]", model: "Product", recordId: sku },
    ]);
  });

  it("a dangling reference", async () => {
    const edited = editFile(file, (doc) => {
      const quote = records(doc, "data", "quotes")[0]!;
      (quote.lines as Record<string, unknown>[])[0]!.productId = 987654;
    });
    const report = await refused(edited);
    const quote = records(readDocument(edited), "data", "quotes")[0]!;
    const line = (quote.lines as Record<string, unknown>[])[0]!;
    expect(report.errors).toEqual([
      {
        code: "dangling_reference",
        path: "data.quotes[0].lines[0].productId",
        model: "QuoteLine",
        recordId: String(line.id),
        field: "productId",
        message: '"productId" refers to Product 987654, which is neither in the file nor in the database. Import a backup that includes it, or fix the reference.',
      },
    ]);
  });

  it("a constraint violation in the middle of the write", async () => {
    // A sale whose reference is already used by another sale of the database: nothing in the
    // file says so, the database refuses it while the import is writing.
    const taken = (await db.prisma.sale.findFirst({ orderBy: { id: "asc" } }))!.reference;
    const edited = editFile(file, (doc) => {
      const sale = records(doc, "data", "standalone_sales").at(-1)!;
      sale.id = 900_001;
      sale.reference = taken;
    });
    // Every conflict is settled, so the import reaches the write.
    const report = await refused(edited, { resolutions: { default: "incoming" } });
    expect(report.conflicts).toEqual([]);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({ code: "database_error", model: "Sale" });
    expect(report.errors[0]!.message).toMatch(/^Creating Sale .*: another record already has the same reference \(unique constraint\)\. The import was rolled back: the database is exactly as it was before\.$/);
  });

  it("a file that is not a backup", async () => {
    const report = await refused(gzipSync(new TextEncoder().encode('{"hello":"world"}')));
    expect(report.errors[0]!.code).toBe("missing_checksum");
  });
});

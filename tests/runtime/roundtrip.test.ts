/**
 * Export → import round trips on real databases: every table, join tables included, equal row
 * for row; the file of a restored database equal to the original file; across providers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backup } from "../../generated/backup/index.ts";
import { seedDatabase } from "../../prisma/seed.ts";
import { createDatabase, dumpDatabase, type TestDatabase } from "../support/databases.ts";
import { readDocument, stableText } from "./files.ts";

/** What a backup leaves out by design: the sessions model and the users' password hashes. */
const backedUp = { excludeTables: ["sessions"], excludeColumns: { users: ["password_hash"] } };
const RECORDS = 1_500;

const providers = ["sqlite", "postgresql"] as const;

describe.each(providers)("round trip on %s", (provider) => {
  let source: TestDatabase;
  let file: Uint8Array;

  beforeAll(async () => {
    source = await createDatabase(provider);
    await seedDatabase(source.prisma, { records: RECORDS });
    file = await backup.exportAll(source.prisma, { appVersion: "1.0.0" });
  });
  afterAll(() => source.close());

  it("restores every row of every table into an empty database", async () => {
    const target = await createDatabase(provider);
    try {
      const report = await backup.importAll(target.prisma, file);
      expect(report.errors).toEqual([]);
      expect(report).toMatchObject({ ok: true, written: true, mode: "merge" });
      const metadata = readDocument(file).metadata as { total_records: number; counts: Record<string, number> };
      expect(report.totals).toEqual({ inFile: metadata.total_records, created: metadata.total_records, updated: 0, skipped: 0, deleted: 0, conflicts: 0 });
      for (const [model, count] of Object.entries(metadata.counts)) expect(report.models[model]?.created).toBe(count);
      expect(await dumpDatabase(target, backedUp)).toEqual(await dumpDatabase(source, backedUp));
      // The restored database exports to the same file, apart from the timestamp.
      expect(stableText(await backup.exportAll(target.prisma, { appVersion: "1.0.0" }))).toBe(stableText(file));
    } finally {
      await target.close();
    }
  });

  it("importing the same file again changes nothing and skips every record", async () => {
    const before = await dumpDatabase(source);
    const report = await backup.importAll(source.prisma, file);
    expect(report.ok).toBe(true);
    expect(report.totals.skipped).toBe(report.totals.inFile);
    expect(report.totals.created + report.totals.updated).toBe(0);
    expect(await dumpDatabase(source)).toEqual(before);
  });

  it("streams the same bytes as exportAll, apart from the timestamp", async () => {
    const chunks: Uint8Array[] = [];
    const reader = backup.exportStream(source.prisma, { appVersion: "1.0.0" }).getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
    const streamed = Buffer.concat(chunks);
    expect(stableText(streamed)).toBe(stableText(file));
  });

  it.each(providers)(`a file exported from ${provider} imports into %s`, async (other) => {
    if (other === provider) return;
    const target = await createDatabase(other);
    try {
      const report = await backup.importAll(target.prisma, file);
      expect(report.errors).toEqual([]);
      expect(await dumpDatabase(target, backedUp)).toEqual(await dumpDatabase(source, backedUp));
    } finally {
      await target.close();
    }
  });
});

describe("values at the edges of their types", () => {
  it.each(providers)("%s round-trips Json scalars, long decimals, big integers and bytes", async (provider) => {
    const source = await createDatabase(provider);
    const target = await createDatabase(provider);
    try {
      const p = source.prisma;
      await p.companySettings.create({ data: { companyName: "Alami", vatRate: "5.5", logo: new Uint8Array([0, 1, 254, 255]), preferences: 42 } });
      await p.product.createMany({
        data: [
          { id: 1, sku: "A", name: "Bare string", price: "0.000001", unitsSold: 9007199254740993n, attributes: "texte" },
          { id: 2, sku: "B", name: "Array", price: "123456789.123", attributes: [1, "deux", { trois: true }] },
          { id: 3, sku: "C", name: "Boolean", price: "1", attributes: false, weightKg: 0.1 },
        ],
      });
      const file = await backup.exportAll(p);
      const products = readDocument(file).data.products as Record<string, unknown>[];
      expect(products.map((row) => row.attributes)).toEqual(["texte", [1, "deux", { trois: true }], false]);
      expect(products[0]).toMatchObject({ price: "0.000001", unitsSold: "9007199254740993" });
      expect((readDocument(file).company.settings as Record<string, unknown>).preferences).toBe(42);
      const report = await backup.importAll(target.prisma, file);
      expect(report.errors).toEqual([]);
      expect(await dumpDatabase(target, backedUp)).toEqual(await dumpDatabase(source, backedUp));
    } finally {
      await source.close();
      await target.close();
    }
  });
});

describe("after importing explicit ids", () => {
  it.each(providers)("%s creates new records without id collisions", async (provider) => {
    const source = await createDatabase(provider);
    const target = await createDatabase(provider);
    try {
      await seedDatabase(source.prisma, { records: 300 });
      const report = await backup.importAll(target.prisma, await backup.exportAll(source.prisma));
      expect(report.ok).toBe(true);
      const maxId = (await target.prisma.product.findFirst({ orderBy: { id: "desc" } }))!.id;
      const created = await target.prisma.product.create({ data: { sku: "NEW-1", name: "Nouveau", price: "1.00" } });
      expect(created.id).toBeGreaterThan(maxId);
      const category = await target.prisma.category.create({ data: { name: "Nouvelle catégorie" } });
      expect(category.id).toBeGreaterThan(0);
    } finally {
      await source.close();
      await target.close();
    }
  });
});

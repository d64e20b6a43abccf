/**
 * A value the database cannot store is the file's fault: the generated validators refuse it
 * (`invalid_record`, naming model, record id, field and the rule) before anything is written,
 * instead of the database failing mid-import (`database_error`: "bigint is too big", "numeric
 * field overflow", "invalid byte sequence for encoding UTF8: 0x00", "date/time field value out of range"). docs/RELIABILITY.md, finding 4.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backup } from "../../generated/backup/index.ts";
import { seedDatabase } from "../../prisma/seed.ts";
import { createDatabase, dumpDatabase, type DatabaseDump, type TestDatabase } from "../support/databases.ts";
import { editFile, records } from "./files.ts";

const NUL = "must not contain the NUL character (\\u0000), which PostgreSQL cannot store";

/** Field, value the database refuses (or would round), and the rule the refusal names. */
const CASES: readonly [field: string, value: unknown, message: string][] = [
  ["unitsSold", "9223372036854775808", "must be a whole number between -9223372036854775808 and 9223372036854775807, written as a string"],
  ["unitsSold", "-123456789012345678901234567890", "must be a whole number between -9223372036854775808 and 9223372036854775807, written as a string"],
  ["stock", 2147483648, "must be a whole number between -2147483648 and 2147483647"],
  ["price", `1${"0".repeat(35)}`, "must be a decimal number written as a string, with at most 35 digits before the point and 30 after"],
  ["price", `0.${"3".repeat(31)}`, "must be a decimal number written as a string, with at most 35 digits before the point and 30 after"],
  ["createdAt", "0000-12-31T23:00:00Z", "must be a date and time in ISO 8601, like 2026-03-15T10:07:00.000Z, in the years 1 to 9999"],
  ["name", "Stylo\u0000bleu", NUL],
  ["attributes", { colour: "bleu\u0000" }, "must not contain the NUL character (\\u0000) in a string or a key, which PostgreSQL cannot store"],
];

describe.each(["sqlite", "postgresql"] as const)("values the database cannot store, on %s", (provider) => {
  let db: TestDatabase;
  let file: Uint8Array;
  let before: DatabaseDump;

  beforeAll(async () => {
    db = await createDatabase(provider);
    await seedDatabase(db.prisma, { records: 80, seed: "validator ranges" });
    file = await backup.exportAll(db.prisma);
    before = await dumpDatabase(db);
  });
  afterAll(() => db?.close());

  it.each(CASES)("Product.%s = %j is refused as the file's fault", async (field, value, message) => {
    let id = "";
    const edited = editFile(file, (document) => {
      const product = records(document, "data", "products")[3]!;
      product[field] = value;
      id = String(product.id);
    });
    for (const mode of ["merge", "replace"] as const) {
      const report = await backup.importAll(db.prisma, edited, { mode });
      expect(report).toMatchObject({ ok: false, written: false });
      expect(report.errors).toEqual([{ code: "invalid_record", message, path: `data.products[3].${field}`, model: "Product", recordId: id, field }]);
    }
    expect(await dumpDatabase(db)).toEqual(before);
  });

  it("the bounds themselves are stored and restored exactly", async () => {
    const edited = editFile(file, (document) => {
      const [first, second] = records(document, "data", "products");
      Object.assign(first!, { unitsSold: "9223372036854775807", price: `${"9".repeat(35)}.${"9".repeat(30)}`, stock: 2147483647 });
      Object.assign(second!, { unitsSold: "-9223372036854775808", price: `-${"9".repeat(35)}`, stock: -2147483648 });
    });
    const target = await createDatabase(provider);
    try {
      const report = await backup.importAll(target.prisma, edited, { mode: "replace" });
      expect(report.errors).toEqual([]);
      const products = await target.prisma.product.findMany({ orderBy: { id: "asc" }, take: 2, select: { unitsSold: true, price: true, stock: true } });
      const stored = products.map((p: { unitsSold: bigint; price: { toFixed(): string }; stock: number }) => [p.unitsSold, p.price.toFixed(), p.stock]);
      // SQLite keeps a decimal as a floating-point number: only PostgreSQL holds all 65 digits.
      if (provider === "postgresql") expect(stored).toEqual([[9223372036854775807n, `${"9".repeat(35)}.${"9".repeat(30)}`, 2147483647], [-9223372036854775808n, `-${"9".repeat(35)}`, -2147483648]]);
      else expect(stored.map(([unitsSold, , stock]) => [unitsSold, stock])).toEqual([[9223372036854775807n, 2147483647], [-9223372036854775808n, -2147483648]]);
    } finally {
      await target.close();
    }
  });
});

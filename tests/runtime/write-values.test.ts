/**
 * The bulk writes (one JSON parameter per statement) store every value exactly as Prisma's own
 * `createMany` and `updateMany` do: same storage type, same text, on SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupSchema, codecs } from "../../generated/backup/index.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import type { ModelCodec, Row } from "../../runtime/codec.ts";
import { dialectOf, type Database } from "../../runtime/database.ts";
import type { ModelSpec } from "../../runtime/schema.ts";
import { insertRows, updateRows, type Create, type WriteContext } from "../../runtime/import/write.ts";
import { createDatabase, type TestDatabase } from "../support/databases.ts";

const decimals = ["0", "0.1", "12.50", "20", "-3.333333333333333333", "123456789.123456789", "0.000001", "99999999999999999999.99"];
const floats = [0, 0.1, 1, -2.5, 1e300, 5e-324, 123456.789, Math.PI];
const bigints = ["0", "9223372036854775807", "-9223372036854775808", "9007199254740993", "-42"];
/** Dates as a file may write them: toISOString's own text (which the writes pass on as it is) and other ISO forms. */
const dates = ["2025-06-30T16:00:00.000Z", "2024-02-29T23:59:59.999Z", "2025-01-31T00:00:00.000Z", "2025-03-15T10:07:00+02:00", "2025-03-15T10:07:00Z", "0001-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z", "2025-12-31T22:30:00.5-01:30"];

function productRecords(): Record<string, unknown>[] {
  return decimals.map((price, i) => ({
    id: i + 1,
    sku: `SKU-${i}`,
    name: i % 2 ? "Thé « vert » l'été" : "emoji 🍵 \\ \" quotes",
    description: i % 3 ? null : "line\nbreak",
    price,
    costPrice: i % 2 ? null : decimals[(i + 3) % decimals.length],
    stock: i * 7 - 20,
    unitsSold: bigints[i % bigints.length],
    weightKg: i % 4 === 3 ? null : floats[i % floats.length],
    active: i % 2 === 0,
    attributes: [null, { a: 1, b: [true, null, "x"] }, [1, 2], "text", 42, { nested: { deep: 0.5 } }, false, {}][i],
    categoryId: null,
    createdAt: new Date(Date.UTC(2025, i, 3, 4, 5, 6, i * 111)).toISOString(),
    updatedAt: dates[i],
  }));
}

function settingsRecords(): Record<string, unknown>[] {
  return [
    { id: 1, companyName: "Alami", legalId: null, address: null, currency: "EUR", vatRate: "19.6", invoicePrefix: "FAC", nextInvoice: 12, logo: Buffer.from([0, 1, 2, 255, 128]).toString("base64"), preferences: { theme: "dark" }, updatedAt: "2025-01-01T00:00:00.999Z" },
  ];
}

function creates(records: Record<string, unknown>[]): Create[] {
  return records.map((record, i) => ({ record, path: `records[${i}]`, recordId: String(record.id) }));
}

/** Every column of a table as the database stores it: storage type and text. */
async function stored(db: TestDatabase, table: string): Promise<unknown[]> {
  const prisma = db.prisma as unknown as Database;
  if (db.provider === "sqlite") {
    const columns = await prisma.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM pragma_table_info('${table}')`);
    const select = columns.map(({ name }) => `typeof("${name}") || ':' || quote("${name}") AS "${name}"`).join(", ");
    return prisma.$queryRawUnsafe(`SELECT ${select} FROM "${table}" ORDER BY rowid`);
  }
  const columns = await prisma.$queryRawUnsafe<{ name: string }[]>(`SELECT column_name AS name FROM information_schema.columns WHERE table_name = '${table}' ORDER BY ordinal_position`);
  // quote_nullable tells SQL NULL (NULL) from a JSON null ('null').
  const select = columns.map(({ name }) => `quote_nullable("${name}"::text) AS "${name}"`).join(", ");
  return prisma.$queryRawUnsafe(`SELECT ${select} FROM "${table}" ORDER BY 1`);
}

describe.each(["sqlite", "postgresql"] as const)("bulk writes on %s", (provider) => {
  let viaPrisma: TestDatabase;
  let viaBulk: TestDatabase;
  beforeAll(async () => {
    [viaPrisma, viaBulk] = await Promise.all([createDatabase(provider), createDatabase(provider)]);
  });
  afterAll(async () => {
    await viaPrisma?.close();
    await viaBulk?.close();
  });

  async function write(db: TestDatabase, bulk: boolean, run: (context: WriteContext) => Promise<unknown>): Promise<void> {
    const prisma = db.prisma as unknown as Database;
    const dialect = { ...dialectOf(prisma, provider), bulk };
    await prisma.$transaction((queries) => run({ schema: backupSchema, codecs, queries, dialect }));
  }

  it("store what createMany stores", async () => {
    for (const [db, bulk] of [[viaPrisma, false], [viaBulk, true]] as const) {
      await write(db, bulk, async (context) => {
        // A JSON null value (not SQL NULL), which no file gives but Prisma's API can write.
        const products = creates(productRecords()).map((create, i) => (i === 2 ? { ...create, record: { ...create.record, attributes: Prisma.JsonNull } } : create));
        await insertRows(context, backupSchema.models.Product!, products);
        await insertRows(context, backupSchema.models.CompanySettings!, creates(settingsRecords()));
      });
    }
    expect((await stored(viaBulk, "products")).length).toBe(decimals.length);
    expect(await stored(viaBulk, "products")).toEqual(await stored(viaPrisma, "products"));
    expect(await stored(viaBulk, "company_settings")).toEqual(await stored(viaPrisma, "company_settings"));
  });

  it("store what updateMany stores, @updatedAt set as the data says", async () => {
    const product: ModelSpec = backupSchema.models.Product!;
    const changed = productRecords().map((record, i) => ({ ...record, id: i + 1, price: decimals[(i + 1) % decimals.length], unitsSold: bigints[(i + 2) % bigints.length], attributes: i % 2 ? null : { changed: i } }));
    const updates = changed.map((record, i) => {
      const data = (codecs as Record<string, ModelCodec>).Product!.fromRecord(record) as Row;
      return { where: { id: data.id }, data: { price: data.price, unitsSold: data.unitsSold, attributes: data.attributes, updatedAt: new Date("2026-01-02T03:04:05.678Z") }, path: `records[${i}]`, recordId: String(record.id) };
    });
    for (const [db, bulk] of [[viaPrisma, false], [viaBulk, true]] as const) await write(db, bulk, (context) => updateRows(context, product, updates, "Updating"));
    expect(await stored(viaBulk, "products")).toEqual(await stored(viaPrisma, "products"));
  });

  it("split a batch too large for one statement, and store every row whole", async () => {
    const big = productRecords().slice(0, 4).map((record, i) => ({ ...record, id: 100 + i, sku: `BIG-${i}`, description: String(i).repeat(6_000_000) }));
    const inserts: number[] = [];
    await write(viaBulk, true, (context) => {
      // The same client, with the size of its raw statements' JSON text noted (a literal in the
      // statement on SQLite, the one parameter on PostgreSQL).
      const noting = (sql: string, ...values: unknown[]) => {
        if (sql.startsWith("INSERT")) inserts.push(values.length > 0 ? String(values[0]).length : sql.length);
        return context.queries.$executeRawUnsafe(sql, ...values);
      };
      const queries = new Proxy(context.queries, { get: (target, key) => (key === "$executeRawUnsafe" ? noting : Reflect.get(target, key)) });
      return insertRows({ ...context, queries }, backupSchema.models.Product!, creates(big));
    });
    expect(inserts.length).toBeGreaterThan(1);
    expect(Math.max(...inserts)).toBeLessThanOrEqual(16 * 1024 * 1024);
    const prisma = viaBulk.prisma as unknown as Database;
    const lengths = await prisma.$queryRawUnsafe<{ id: number; size: number }[]>("SELECT id, length(description) AS size FROM products WHERE id >= 100 ORDER BY id");
    expect(lengths.map(({ id, size }) => [Number(id), Number(size)])).toEqual([[100, 6_000_000], [101, 6_000_000], [102, 6_000_000], [103, 6_000_000]]);
  });
});

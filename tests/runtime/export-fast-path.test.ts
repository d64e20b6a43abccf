/**
 * The records the database writes as JSON text (runtime/export/record-sql.ts) are byte for byte
 * those the codecs write from rows read through Prisma: on seeded data (BigInt above 2^53,
 * Bytes, Json, Decimal, DateTime, enums, nulls, unicode) and on values chosen to sit where the
 * database's text and JS's differ (floats SQLite prints with 17 digits, exponents, NaN, Json
 * whose keys JS reorders, control characters, dates not stored the way Prisma stores them).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backup } from "../../generated/backup/index.ts";
import { seedDatabase } from "../../prisma/seed.ts";
import { dialectOf, type Database } from "../../runtime/database.ts";
import { writeDocument } from "../../runtime/export/write-document.ts";
import { createDatabase, type TestDatabase } from "../support/databases.ts";

const NOW = new Date("2026-01-02T03:04:05.678Z");

async function documentText(db: TestDatabase, recordsAsText: boolean, pageSize?: number): Promise<string> {
  const prisma = db.prisma as unknown as Database;
  let text = "";
  let textQueries = 0;
  await prisma.$transaction(
    (queries) =>
      writeDocument({
        definition: backup,
        queries: new Proxy(queries, {
          get: (target, name) =>
            name === "$queryRawUnsafe"
              ? (sql: string, ...values: unknown[]) => {
                  if (sql.includes("export_page")) textQueries++;
                  return target.$queryRawUnsafe(sql, ...values);
                }
              : target[name as string],
        }),
        dialect: dialectOf(prisma, backup.schema.provider),
        options: { now: () => NOW, ...(pageSize ? { pageSize } : {}) },
        emit: async (piece) => {
          text += piece;
        },
        recordsAsText,
      }),
    { timeout: 120_000 },
  );
  // Every model of the reference schema can be written by the database.
  expect(textQueries > 0).toBe(recordsAsText);
  return text;
}

/** The lines that differ, side by side, so that a failure shows the values. */
function differences(expected: string, actual: string): string[] {
  const a = expected.split("\n");
  const b = actual.split("\n");
  return a.flatMap((line, i) => (line === b[i] ? [] : [`codec:    ${line}`, `database: ${b[i]}`])).slice(0, 10);
}

/** PostgreSQL text cannot hold NUL: it is tried on SQLite only. */
const awkwardText = (provider: string) => ["quote \" backslash \\ slash /", `controls ${provider === "sqlite" ? "\u0000" : ""}\u0001\b\f\n\r\t\u001f\u007f`, "line separators \u2028\u2029", "accents éàü, emoji 😀, CJK 漢字", "'single' quotes; --"];
const awkwardFloats = [0.1 + 0.2, 1e20, 1e21, 1e-7, 0.00001, 123456789012345.6, 2, -0, 9007199254740993, 5e-324, 1.5e300, -3363101.057236524];
const awkwardDecimals = ["0.0000001", "100000000000000000000", "123456789012.34", "-0.5", "10.390", "7"];
const awkwardJson = [{ b: 1, "2": "x", "1": [1.5, "é\n"], nested: { z: null, a: true } }, 42, "text", [], { "": 0 }];

async function addAwkwardProducts(db: TestDatabase): Promise<void> {
  const texts = awkwardText(db.provider);
  const prisma = db.prisma as unknown as { product: { create(args: object): Promise<unknown> } };
  const count = Math.max(texts.length, awkwardFloats.length, awkwardDecimals.length, awkwardJson.length);
  for (let i = 0; i < count; i++) {
    await prisma.product.create({
      data: {
        sku: `AWKWARD-${i}`,
        name: texts[i % texts.length]!,
        description: i % 2 === 0 ? null : texts[(i + 1) % texts.length]!,
        price: awkwardDecimals[i % awkwardDecimals.length]!,
        costPrice: i % 3 === 0 ? null : awkwardDecimals[(i + 2) % awkwardDecimals.length]!,
        unitsSold: i === 0 ? -9_223_372_036_854_775_808n : 9_007_199_254_740_993n + BigInt(i),
        weightKg: awkwardFloats[i % awkwardFloats.length]!,
        attributes: awkwardJson[i % awkwardJson.length]!,
        createdAt: new Date(Date.UTC(1970, 0, 1, 0, 0, 0, i)),
        updatedAt: new Date(Date.UTC(2999, 11, 31, 23, 59, 59, 999)),
      },
    });
  }
}

/** Values written behind Prisma's back, in forms Prisma reads but does not write. */
const RAW_VALUES = {
  sqlite: [
    `INSERT INTO products (sku, name, price, units_sold, weight_kg, active, created_at, updated_at) VALUES ('RAW-1', 'epoch ms', 12.5, 3, 1e300, 1, 1719763200123, '2025-06-30T16:00:00.000Z')`,
    `INSERT INTO products (sku, name, price, units_sold, weight_kg, active, attributes, created_at, updated_at) VALUES ('RAW-2', 'offset', 1e-9, 4, 0.1, 0, '{"x":1.0,"y":"\\u00e9"}', '2025-06-30T18:00:00.5+02:00', '2025-06-30T16:00:00.000+00:00')`,
  ],
  postgresql: [
    `INSERT INTO products (sku, name, price, units_sold, weight_kg, active, created_at, updated_at) VALUES ('RAW-1', 'not a number', 'NaN', 3, 'NaN', true, '2025-06-30 16:00:00.1', now())`,
    `INSERT INTO products (sku, name, price, units_sold, weight_kg, active, attributes, created_at, updated_at) VALUES ('RAW-2', 'infinite', 1.5, 4, '-Infinity', false, '{"x":1.0,"y":"\\u00e9","10":2}', '0001-01-01 00:00:00', '2025-06-30 16:00:00')`,
  ],
} as const;

describe.each(["sqlite", "postgresql"] as const)("records written by the database on %s", (provider) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createDatabase(provider);
    await seedDatabase(db.prisma, { records: 2_000, seed: "fast path" });
    await addAwkwardProducts(db);
    for (const sql of RAW_VALUES[provider]) await db.exec(sql);
  });
  afterAll(() => db?.close());

  it("are the codecs' records, byte for byte", async () => {
    const expected = await documentText(db, false);
    const actual = await documentText(db, true);
    expect(differences(expected, actual)).toEqual([]);
    expect(actual).toBe(expected);
    expect(actual).toContain('"sku":"AWKWARD-0"');
    expect(actual).toContain('"sku":"RAW-2"');
  });

  it("page by page too, whatever the page size", async () => {
    expect(await documentText(db, true, 7)).toBe(await documentText(db, false));
  });
});

/**
 * The emitted code at work: the data printer, and the committed generated/backup/ module's
 * validators and codecs on real values (records in, rows out, and back).
 */
import { describe, expect, it } from "vitest";
import { printLiteral, propertyKey } from "../../generator/emit/literal.ts";
import { codecs } from "../../generated/backup/codecs/index.ts";
import { backupFileSchema, recordSchemas } from "../../generated/backup/validators/index.ts";
import * as scalars from "../../generated/backup/validators/scalars.ts";
import { Prisma } from "../../generated/prisma/client.ts";

describe("printLiteral", () => {
  it("prints data like hand-written code", () => {
    expect(printLiteral({ name: "id", list: false, kind: "Int", "odd key": 1 })).toBe('{ name: "id", list: false, kind: "Int", "odd key": 1 }');
    expect(printLiteral({ order: ["A", "B"], nested: { deep: [{ a: 1 }] }, empty: [], none: {} })).toBe(
      ['{', '  order: ["A", "B"],', "  nested: {", "    deep: [", "      { a: 1 },", "    ],", "  },", "  empty: [],", "  none: {},", "}"].join("\n"),
    );
    expect(printLiteral("a \"quoted\" \u2028 string")).toBe('"a \\"quoted\\" \u2028 string"');
    expect(propertyKey("standalone_sales")).toBe("standalone_sales");
    expect(propertyKey("2fa")).toBe('"2fa"');
  });

  it("wraps a list of names that does not fit on a line", () => {
    const names = Array.from({ length: 12 }, (_, index) => `ModelNumber${index}`);
    expect(printLiteral({ order: names }).split("\n")).toHaveLength(names.length + 4);
  });
});

const settingsRow = {
  id: 1,
  companyName: "Alami SARL",
  legalId: null,
  address: "3 rue des Lilas",
  currency: "EUR",
  vatRate: new Prisma.Decimal("20.5000"),
  invoicePrefix: "FAC",
  nextInvoice: 42,
  logo: new Uint8Array([0, 1, 2, 250]),
  preferences: { theme: "dark", pages: [1, 2] },
  updatedAt: new Date("2026-01-09T10:30:00.000Z"),
};

describe("the generated codecs", () => {
  it("write a row as its file record: Decimal as a plain string, Bytes as base64, DateTime as ISO", () => {
    const record = codecs.CompanySettings.toRecord(settingsRow);
    expect(record).toEqual({
      id: 1,
      companyName: "Alami SARL",
      legalId: null,
      address: "3 rue des Lilas",
      currency: "EUR",
      vatRate: "20.5",
      invoicePrefix: "FAC",
      nextInvoice: 42,
      logo: "AAEC+g==",
      preferences: { theme: "dark", pages: [1, 2] },
      updatedAt: "2026-01-09T10:30:00.000Z",
    });
    expect(Object.keys(record)).toEqual(Object.keys(settingsRow));
    expect(recordSchemas.CompanySettings.parse(record)).toEqual(record);
  });

  it("turn a validated record back into Prisma data, Json null as DbNull", () => {
    const data = codecs.CompanySettings.fromRecord(recordSchemas.CompanySettings.parse({ ...codecs.CompanySettings.toRecord(settingsRow), preferences: null }));
    expect(data).toMatchObject({ vatRate: "20.5", updatedAt: new Date("2026-01-09T10:30:00.000Z"), preferences: Prisma.DbNull });
    expect(data.logo).toEqual(new Uint8Array([0, 1, 2, 250]));
  });

  it("keep BigInt exact beyond 2^53, and leave absent values to the database", () => {
    const record = recordSchemas.Product.parse({ id: 7, sku: "A-1", name: "Stylo", price: "1.50", unitsSold: "9007199254740993" });
    const data = codecs.Product.fromRecord(record);
    expect(data.unitsSold).toBe(9007199254740993n);
    expect(data.createdAt).toBeUndefined();
    const row = { id: 7, sku: "A-1", name: "Stylo", description: null, price: new Prisma.Decimal("1.50"), costPrice: null, stock: 0, unitsSold: 9007199254740993n };
    const rest = { weightKg: null, active: true, attributes: null, categoryId: null, createdAt: new Date(0), updatedAt: new Date(0) };
    expect(codecs.Product.toRecord({ ...row, ...rest })).toMatchObject({ unitsSold: "9007199254740993", price: "1.5" });
  });

  it("leave a nested record's parent key out, and an omitted field out", () => {
    const line = codecs.SaleLine.toRecord({ saleId: 3, position: 1, productId: 9, quantity: 2, unitPrice: new Prisma.Decimal("4.20"), discount: 0 });
    expect(line).toEqual({ position: 1, productId: 9, quantity: 2, unitPrice: "4.2", discount: 0 });
    expect(codecs.SaleLine.fromRecord(line)).not.toHaveProperty("saleId");
    const user = { id: "u1", email: "a@b.fr", name: "A", role: "ADMIN" as const, passwordHash: "secret", active: true, lastLoginAt: null, createdAt: new Date(0), updatedAt: new Date(0) };
    expect(codecs.User.toRecord(user)).not.toHaveProperty("passwordHash");
  });
});

describe("the generated file schema", () => {
  const metadata = {
    format: "prisma-backup",
    version: "1.0",
    exported_at: "2026-01-09T10:30:00.000Z",
    app_version: null,
    provider: "sqlite",
    schema_fingerprint: "0".repeat(64),
    modules: ["sales"],
    compressed: true,
    total_records: 4,
    counts: { Customer: 1, Sale: 2, SaleLine: 1 },
    fields: { Customer: ["id", "name"] },
  };
  const sale = { id: 1, reference: "V-1", sellerId: null, soldAt: "2026-01-09T10:30:00.000Z", payment: "CARD", total: "12.00" };
  const file = {
    metadata,
    company: {},
    data: {
      customers: [{ id: "c1", name: "Dupont", sales: [{ ...sale, lines: [{ position: 1, productId: 1, quantity: 1, unitPrice: "12.00" }] }] }],
      standalone_sales: [{ ...sale, id: 2, reference: "V-2", lines: [] }],
    },
    checksum: "a".repeat(64),
  };

  it("accepts a file with nested records and orphans", () => {
    expect(backupFileSchema.safeParse(file).success).toBe(true);
  });

  it("points at a bad value deep inside", () => {
    const bad = structuredClone(file);
    bad.data.customers[0]!.sales[0]!.lines[0]!.unitPrice = "12,00";
    const result = backupFileSchema.safeParse(bad);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join("."))).toEqual(["data.customers.0.sales.0.lines.0.unitPrice"]);
  });
});

describe("the generated scalar validators: what the database can store, the rule named", () => {
  const messagesOf = (schema: { safeParse(value: unknown): { error?: { issues: { message: string }[] } } }, value: unknown) => schema.safeParse(value).error?.issues.map((issue) => issue.message) ?? [];
  const INT64 = "must be a whole number between -9223372036854775808 and 9223372036854775807, written as a string";

  it("BigInt: 64 bits, as a string", () => {
    for (const fits of ["9223372036854775807", "-9223372036854775808", "0", "-0", "0009223372036854775807"]) expect(messagesOf(scalars.bigIntString, fits)).toEqual([]);
    for (const beyond of ["9223372036854775808", "-9223372036854775809", "123456789012345678901234567890", "9".repeat(1_000_000), "1.5", "1e3", "", "-", " 1", 9007199254740993, null]) {
      expect(messagesOf(scalars.bigIntString, beyond)).toEqual([INT64]);
    }
    expect(messagesOf(scalars.wholeNumberString("0", "9223372036854775807"), "-1")).toEqual(["must be a whole number between 0 and 9223372036854775807, written as a string"]);
  });

  it("Int: 32 bits, or the native type's range", () => {
    const INT32 = "must be a whole number between -2147483648 and 2147483647";
    for (const fits of [2147483647, -2147483648, 0]) expect(messagesOf(scalars.intNumber, fits)).toEqual([]);
    for (const beyond of [2147483648, -2147483649, 2 ** 60, 1.5, Infinity, "12", null]) expect(messagesOf(scalars.intNumber, beyond)).toEqual([INT32]);
    expect(messagesOf(scalars.wholeNumber(-32768, 32767), 32768)).toEqual(["must be a whole number between -32768 and 32767"]);
  });

  it("Decimal: Prisma's decimal(65, 30), or the native type's precision and scale", () => {
    const DEFAULT = "must be a decimal number written as a string, with at most 35 digits before the point and 30 after";
    for (const fits of ["9".repeat(35), `-${"9".repeat(35)}.${"9".repeat(30)}`, `000${"9".repeat(35)}`, `1.${"0".repeat(100)}`, "0.5"]) expect(messagesOf(scalars.decimalString, fits)).toEqual([]);
    for (const beyond of [`1${"0".repeat(35)}`, `0.${"1".repeat(31)}`, "1".repeat(1_000_000), "1e5", "12,50", ".5", "1.", 12.5]) expect(messagesOf(scalars.decimalString, beyond)).toEqual([DEFAULT]);
    const money = scalars.decimalNumberString(8, 2);
    expect(messagesOf(money, "99999999.99")).toEqual([]);
    expect(messagesOf(money, "19.999")).toEqual(["must be a decimal number written as a string, with at most 8 digits before the point and 2 after"]);
    expect(messagesOf(scalars.decimalNumberString(6, 0), "1.5")).toEqual(["must be a decimal number written as a string, with at most 6 digits before the point and none after"]);
  });

  it("DateTime: ISO 8601 in the years 1 to 9999", () => {
    const RULE = "must be a date and time in ISO 8601, like 2026-03-15T10:07:00.000Z, in the years 1 to 9999";
    for (const fits of ["0001-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z", "2026-03-15T10:07:00+02:00", "2024-02-29T00:00:00Z"]) expect(messagesOf(scalars.dateTimeString, fits)).toEqual([]);
    // Year 0, and year 1 that its offset takes back to year 0; year 10000 through an offset; no such day or hour.
    for (const beyond of ["0000-06-01T00:00:00Z", "0001-01-01T00:30:00+01:00", "9999-12-31T23:00:00-02:00", "2026-02-29T00:00:00Z", "2026-01-01T24:00:00Z", "15/03/2026", 0]) {
      expect(messagesOf(scalars.dateTimeString, beyond)).toEqual([RULE]);
    }
  });

  it("String and Json: no NUL character, which PostgreSQL cannot store", () => {
    expect(messagesOf(scalars.textString, "a\u0000b")).toEqual(["must not contain the NUL character (\\u0000), which PostgreSQL cannot store"]);
    expect(messagesOf(scalars.textString, "Crème brûlée \u0001 😀")).toEqual([]);
    const JSON_NUL = "must not contain the NUL character (\\u0000) in a string or a key, which PostgreSQL cannot store";
    expect(messagesOf(scalars.jsonValue, { list: [1, { deep: ["x\u0000"] }] })).toEqual([JSON_NUL]);
    expect(messagesOf(scalars.jsonValue, { "key\u0000": 1 })).toEqual([JSON_NUL]);
    expect(messagesOf(scalars.jsonValue, Array.from({ length: 200_000 }, (_, i) => String(i)))).toEqual([]);
  });

  it("String: at most the native type's length, in characters", () => {
    const code = scalars.textOfAtMost(3);
    expect(messagesOf(code, "😀😀😀")).toEqual([]); // six UTF-16 units, three characters
    expect(messagesOf(code, "abcd")).toEqual(["must be at most 3 characters long"]);
    expect(messagesOf(code, "ab\u0000d")).toEqual(["must not contain the NUL character (\\u0000), which PostgreSQL cannot store", "must be at most 3 characters long"]);
  });
});

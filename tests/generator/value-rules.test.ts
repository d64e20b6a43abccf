/**
 * The bounds of what a column can store (generator/emit/value-rules.ts), from fixture schemas'
 * DMMF, and the validators emitted for them: a shared schema where no native type narrows the
 * field, a helper call where one does, and the record's test made of the same.
 */
import { describe, expect, it } from "vitest";
import { generate } from "../../generator/generate.ts";
import { valueRuleOf } from "../../generator/emit/value-rules.ts";
import { datamodelOf, describeSchema, schema } from "./support.ts";

const NATIVE_TYPES = `model Item {
  id        Int     @id @db.SmallInt
  count     Int
  oid       Int     @db.Oid
  views     BigInt
  price     Decimal @db.Decimal(10, 2)
  whole     Decimal @db.Decimal(6, 0)
  rate      Decimal
  free      Decimal @db.Decimal
  fee       Decimal @db.Money
  code      String  @db.VarChar(12)
  initials  String  @db.Char(3)
  notes     String
  body      String  @db.Text
}`;

function rulesOf(text: string, provider: string) {
  const fields = describeSchema(schema(text, provider)).models.Item!.fields;
  return Object.fromEntries(fields.map((field) => [field.name, valueRuleOf(field, provider)]));
}

describe("valueRuleOf", () => {
  it("reads PostgreSQL's native types; without one, Prisma's own bounds", () => {
    expect(rulesOf(NATIVE_TYPES, "postgresql")).toEqual({
      id: { kind: "wholeNumber", min: -32768, max: 32767 },
      count: { kind: "wholeNumber", min: -2147483648, max: 2147483647 },
      oid: { kind: "wholeNumber", min: 0, max: 2147483647 }, // an oid reaches 2^32 − 1, Prisma's Int 2^31 − 1
      views: { kind: "wholeNumberString", min: "-9223372036854775808", max: "9223372036854775807" },
      price: { kind: "decimal", before: 8, after: 2 },
      whole: { kind: "decimal", before: 6, after: 0 },
      rate: { kind: "decimal", before: 35, after: 30 },
      free: { kind: "decimal", before: 131072, after: 16383 },
      fee: { kind: "decimal", before: 17, after: 2 },
      code: { kind: "text", maxLength: 12 },
      initials: { kind: "text", maxLength: 3 },
      notes: { kind: "text" },
      body: { kind: "text" },
    });
  });

  it("reads MySQL's unsigned and small integers", () => {
    const text = `model Item {
  id    Int    @id @db.UnsignedInt
  tiny  Int    @db.TinyInt
  byte  Int    @db.UnsignedTinyInt
  mid   Int    @db.MediumInt
  views BigInt @db.UnsignedBigInt
  rate  Decimal
}`;
    expect(rulesOf(text, "mysql")).toEqual({
      id: { kind: "wholeNumber", min: 0, max: 2147483647 },
      tiny: { kind: "wholeNumber", min: -128, max: 127 },
      byte: { kind: "wholeNumber", min: 0, max: 255 },
      mid: { kind: "wholeNumber", min: -8388608, max: 8388607 },
      views: { kind: "wholeNumberString", min: "0", max: "9223372036854775807" },
      rate: { kind: "decimal", before: 35, after: 30 },
    });
  });

  it("knows that SQL Server's tinyint is unsigned and its default decimal is (32, 16)", () => {
    expect(rulesOf("model Item {\n  id Int @id @db.TinyInt\n  rate Decimal\n}", "sqlserver")).toEqual({
      id: { kind: "wholeNumber", min: 0, max: 255 },
      rate: { kind: "decimal", before: 16, after: 16 },
    });
  });

  it("leaves kinds whose format is the whole rule alone", () => {
    for (const kind of ["Float", "Boolean", "DateTime", "Json", "Bytes", "Enum"] as const) expect(valueRuleOf({ kind }, "postgresql")).toBeUndefined();
  });
});

describe("the emitted validators", () => {
  it("use the shared schemas without a native type, and a helper's call with one", () => {
    const text = schema(NATIVE_TYPES, "postgresql");
    const files = generate({ datamodel: datamodelOf(text), schemaFiles: [{ path: "schema.prisma", text }], provider: "postgresql", emit: { importExtension: ".ts", clientImport: "@prisma/client" } });
    const item = files.find((file) => file.path === "validators/item.ts")!.content;
    expect(item).toContain(
      'import { bigIntString, decimalNumberString, decimalString, intNumber, isBigIntString, isDecimalNumberString, isDecimalString, isIntNumber, isTextOfAtMost, isTextString, isWholeNumber, textOfAtMost, textString, wholeNumber } from "./scalars.ts";',
    );
    expect(item.slice(item.indexOf("z.object("), item.indexOf("});") + 3).split("\n")).toEqual([
      "z.object({",
      "  id: wholeNumber(-32768, 32767),",
      "  count: intNumber,",
      "  oid: wholeNumber(0, 2147483647),",
      "  views: bigIntString,",
      "  price: decimalNumberString(8, 2),",
      "  whole: decimalNumberString(6, 0),",
      "  rate: decimalString,",
      "  free: decimalNumberString(131072, 16383),",
      "  fee: decimalNumberString(17, 2),",
      "  code: textOfAtMost(12),",
      "  initials: textOfAtMost(3),",
      "  notes: textString,",
      "  body: textString,",
      "});",
    ]);
    // The record's test calls each schema's test with the same bounds.
    expect(item.slice(item.indexOf("export function isItemRecord"), item.lastIndexOf("}") + 1).split("\n")).toEqual([
      "export function isItemRecord(record: Record<string, unknown>): boolean {",
      "  return (",
      "    isWholeNumber(record.id, -32768, 32767) &&",
      "    isIntNumber(record.count) &&",
      "    isWholeNumber(record.oid, 0, 2147483647) &&",
      "    isBigIntString(record.views) &&",
      "    isDecimalNumberString(record.price, 8, 2) &&",
      "    isDecimalNumberString(record.whole, 6, 0) &&",
      "    isDecimalString(record.rate) &&",
      "    isDecimalNumberString(record.free, 131072, 16383) &&",
      "    isDecimalNumberString(record.fee, 17, 2) &&",
      "    isTextOfAtMost(record.code, 12) &&",
      "    isTextOfAtMost(record.initials, 3) &&",
      "    isTextString(record.notes) &&",
      "    isTextString(record.body)",
      "  );",
      "}",
    ]);
    // The shared Decimal follows the provider's default column.
    const sqlserver = schema("model Item {\n  id Int @id\n  rate Decimal\n}", "sqlserver");
    const scalars = generate({ datamodel: datamodelOf(sqlserver), schemaFiles: [{ path: "schema.prisma", text: sqlserver }], provider: "sqlserver", emit: { importExtension: ".ts", clientImport: "@prisma/client" } });
    expect(scalars.find((file) => file.path === "validators/scalars.ts")!.content).toContain("export const decimalString = decimalNumberString(16, 16);");
  });
});

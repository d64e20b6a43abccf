/**
 * The generated record tests (`isSaleRecord` beside `saleRecord`; each codec's `isRecord`) let
 * the import's first reading skip Zod. They must never accept a record the schema refuses, nor
 * one it would give back changed: for every model of the reference schema and many records,
 * valid and hostile, a record the test accepts passes its Zod schema, which gives back exactly
 * the record's known fields, picked as they are (what the reader keeps). And they must accept
 * the records of real exports, or the quick way would never be taken.
 */
import { isDeepStrictEqual } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { definition as browserDefinition } from "../../generated/backup/browser.ts";
import { backup, backupSchema, codecs } from "../../generated/backup/index.ts";
import * as enums from "../../generated/backup/validators/enums.ts";
import * as scalars from "../../generated/backup/validators/scalars.ts";
import { seedDatabase } from "../../prisma/seed.ts";
import type { BackupDefinition } from "../../runtime/backup.ts";
import type { FileRecord, ModelCodec } from "../../runtime/codec.ts";
import { nodePrimitives } from "../../runtime/format/node-primitives.ts";
import { openBackup } from "../../runtime/format/open.ts";
import { collectRecords } from "../../runtime/import/collect.ts";
import { readBackup } from "../../runtime/import/read.ts";
import { verifyBackup as verifyInBrowser } from "../../runtime/browser/verify.ts";
import { layoutOf, relationNamed } from "../../runtime/layout.ts";
import type { BackupSchema, FieldSpec, ModelSpec } from "../../runtime/schema.ts";
import { createDatabase, type TestDatabase } from "../support/databases.ts";
import { editFile, readDocument, records, type Document } from "./files.ts";

const schema: BackupSchema = backupSchema;
const models = Object.values(schema.models);
const codecOf = (model: ModelSpec): ModelCodec => (codecs as Record<string, ModelCodec>)[model.name]!;

/** The fields a record of the model may carry (the reader's `shape.known`): its own, less the parent key a nesting implies, and its link lists. */
function knownFields(model: ModelSpec): string[] {
  const implied = new Set(model.nest ? relationNamed(model, model.nest.relation).fields : []);
  return [...model.fields.map((field) => field.name).filter((name) => !implied.has(name)), ...model.links.map((name) => schema.links[name]!.field)];
}

/** What the reader keeps of a record the test accepts: its own members among the known fields. */
function picked(record: FileRecord, known: readonly string[]): FileRecord {
  return Object.fromEntries(known.filter((name) => Object.hasOwn(record, name)).map((name) => [name, record[name]]));
}

/** Tries records on one model's test; a record it accepts must come out of Zod as it is. */
class Trial {
  accepted = 0;
  refused = 0;
  private readonly known: string[];

  constructor(private readonly model: ModelSpec) {
    this.known = knownFields(model);
  }

  check(record: FileRecord): boolean {
    const codec = codecOf(this.model);
    if (!codec.isRecord(record)) {
      this.refused++;
      return false;
    }
    this.accepted++;
    const parsed = codec.record.safeParse(record);
    const shown = `${this.model.name} ${show(record)}`;
    expect(parsed.error?.issues, shown).toBeUndefined();
    // Not toStrictEqual, whose type check compares `constructor` members: Json may hold one.
    expect(isDeepStrictEqual(parsed.data, picked(record, this.known)), shown).toBe(true);
    return true;
  }
}

function show(value: unknown): string {
  const text = JSON.stringify(value, (_key, item: unknown) => (typeof item === "number" && !Number.isFinite(item) ? String(item) : typeof item === "bigint" ? `${item}n` : item));
  return text === undefined ? String(value) : text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** A seeded pseudo-random generator (mulberry32): the same records on every run. */
function randomOf(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INT32 = 2 ** 31;
const FIRST = Date.parse("0001-01-01T00:00:00.000Z");
const LAST = Date.parse("9999-12-31T23:59:59.999Z");

/** A value of the field's kind as exports write it (canonical: the tests must take it). */
function validValue(field: Pick<FieldSpec, "kind" | "enum">, random: () => number): unknown {
  const integer = (below: number) => Math.floor(random() * below);
  const digits = (count: number) => Array.from({ length: count }, () => integer(10)).join("");
  const sign = () => (random() < 0.3 ? "-" : "");
  switch (field.kind) {
    case "String":
      return ["", "Crème brûlée", "😀 émoji", "x".repeat(integer(300)), "\u0001\ud800", "line\nbreak"][integer(6)];
    case "Int":
      return [0, INT32 - 1, -INT32, integer(INT32) * (random() < 0.5 ? -1 : 1)][integer(4)];
    case "Float":
      return [0, -0, 1.5, -1e-300, 1.7976931348623157e308, random() * 1e6][integer(6)];
    case "Boolean":
      return random() < 0.5;
    case "DateTime":
      return new Date(FIRST + Math.floor(random() * (LAST - FIRST))).toISOString();
    case "Decimal":
      return [`${sign()}${digits(1 + integer(35))}`, `${sign()}${digits(1 + integer(35))}.${digits(1 + integer(30))}`, "0", `${"9".repeat(35)}.${"9".repeat(30)}`, "0.50"][integer(5)];
    case "BigInt":
      return [`${sign()}${digits(1 + integer(18))}`, "9223372036854775807", "-9223372036854775808", "0"][integer(4)];
    case "Bytes":
      return Buffer.from(Array.from({ length: integer(40) }, () => integer(256))).toString("base64");
    case "Json":
      return [null, 1, "text", [1, "a", null, true], { theme: "dark", pages: [1, 2], nested: { deep: [{ a: -1.5e-7 }] } }, {}][integer(6)];
    case "Enum":
      return schema.enums[field.enum!]![integer(schema.enums[field.enum!]!.length)];
  }
}

/** A record of the model made of valid values; optional fields now and then absent or null. */
function validRecord(model: ModelSpec, random: () => number): FileRecord {
  const record: FileRecord = {};
  const implied = new Set(model.nest ? relationNamed(model, model.nest.relation).fields : []);
  for (const field of model.fields) {
    if (implied.has(field.name)) continue;
    const optional = !field.required || ((field.hasDefault || field.updatedAt) && !model.id.includes(field.name));
    if (optional && random() < 0.15) continue;
    record[field.name] = !field.required && random() < 0.15 ? null : field.list ? [validValue(field, random), validValue(field, random)] : validValue(field, random);
  }
  for (const name of model.links) {
    if (random() < 0.2) continue;
    const link = schema.links[name]!;
    const target = schema.models[link.target]!;
    const id = target.fields.find((field) => field.name === target.id[0])!;
    record[link.field] = Array.from({ length: Math.floor(random() * 4) }, () => validValue(id, random));
  }
  return record;
}

/** Nested a given number of levels deep. */
function nested(depth: number, inner: unknown = 1, wrap = (value: unknown): unknown => [value]): unknown {
  let value = inner;
  for (let i = 0; i < depth; i++) value = wrap(value);
  return value;
}

const withNonEnumerable = Object.defineProperty({ a: 1 }, "hidden\u0000", { value: 2, enumerable: false });
const sparse = [1, , 3];

/** Values that no field, or only some, takes: every one is tried in every field. */
const HOSTILE: readonly unknown[] = [
  // Wrong types, and what JSON cannot hold.
  undefined, null, true, false, [], {}, [1], ["a"], { a: 1 }, Object.create(null), new Date(0), () => 1, Symbol("s"), 10n, new Map(), new Uint8Array([1]),
  // Numbers: bounds ±1, non-integers, non-finite.
  0, -0, 1, -1, 1.5, -1.5, NaN, Infinity, -Infinity, INT32 - 1, INT32, -INT32, -INT32 - 1, 2 ** 53, 2 ** 53 + 2, 1e21, 5e-324, Number.MAX_VALUE,
  // Text: NUL, huge, odd.
  "", "x", "a\u0000b", "\u0000", "x".repeat(100_000), `${"y".repeat(50_000)}\u0000`, "\ud800", " ", "null", "true",
  // Numbers as text: signs, zeros, exponents, 64-bit bounds ±1, digits beyond precision and scale.
  "0", "-0", "007", "+1", " 1", "1 ", "1.5", "-1.25", "1e3", "1E3", "1e-3", ".5", "1.", "-", "--1", "0x10", "Infinity", "NaN", "12,50", "١٢",
  "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "0009223372036854775807", "9".repeat(20), "9".repeat(1000),
  "2147483647", "2147483648",
  `1${"0".repeat(35)}`, `${"9".repeat(35)}.${"9".repeat(30)}`, `${"9".repeat(36)}`, `0.${"3".repeat(31)}`, `0.${"3".repeat(30)}`, `1.${"0".repeat(100)}`, `${"0".repeat(50)}1`, `-${"9".repeat(35)}`, "1".repeat(100_000),
  // Dates: canonical at the bounds, year 0 and 10000, no such day or hour, other forms Zod takes or refuses.
  "2026-03-15T10:07:00.000Z", "0001-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z", "0000-01-01T00:00:00.000Z", "0000-12-31T23:59:59.999Z", "10000-01-01T00:00:00.000Z",
  "+010000-01-01T00:00:00.000Z", "-000001-01-01T00:00:00.000Z", "+002026-03-15T10:07:00.000Z",
  "2024-02-29T00:00:00.000Z", "2023-02-29T00:00:00.000Z", "1900-02-29T00:00:00.000Z", "2000-02-29T00:00:00.000Z", "1600-02-29T12:00:00.000Z", "2100-02-29T00:00:00.000Z",
  "2023-04-31T00:00:00.000Z", "2023-06-30T00:00:00.000Z", "2023-01-31T00:00:00.000Z", "2023-13-01T00:00:00.000Z", "2023-00-10T00:00:00.000Z", "2023-01-00T00:00:00.000Z", "2023-01-32T00:00:00.000Z",
  "2023-01-01T24:00:00.000Z", "2023-01-01T23:60:00.000Z", "2023-01-01T23:59:60.000Z", "2023-01-01T23:59:59.999z", "2023-01-01t23:59:59.999Z",
  "2026-03-15T10:07:00Z", "2026-03-15T10:07:00.0Z", "2026-03-15T10:07:00.000000Z", "2026-03-15T10:07Z", "2026-03-15T10:07:00.000+02:00", "2026-03-15T10:07:00.000-00:00",
  "0001-01-01T00:30:00+01:00", "9999-12-31T23:00:00-02:00", "2026-03-15", "2026-03-15 10:07:00.000Z", "2026-03-15T10:07:00.000Z\n", "15/03/2026",
  // Base64: valid, padded wrong, other alphabets, spaces.
  "AAEC+g==", "AA==", "AAA=", "AAAA", "A===", "AB==", "AAA", "A", "AA=A", "====", "AA AA", "AA\nAA", "-_-_", "AAEC+g", "Zm9v\u0000", "A".repeat(40_000),
  // Json: NUL in keys and strings, "__proto__" keys (Zod leaves them out), non-plain objects, non-finite numbers, holes, depth.
  { colour: "bleu" }, { "key\u0000": 1 }, { a: "x\u0000" }, [[["\u0000"]]], JSON.parse('{"__proto__":{"x":1}}'), JSON.parse('{"a":[{"__proto__":1}]}'), { constructor: "x" }, { constructor: {} },
  { a: NaN }, [Infinity], [undefined], sparse, { a: undefined }, { d: new Date(0) }, { [Symbol("k")]: 1 }, withNonEnumerable, { f: () => 1 }, [1n],
  nested(63), nested(64), nested(65), nested(2000), nested(64, "ok", (value) => ({ a: value })), nested(66, "ok", (value) => ({ a: value })), nested(10, "\u0000"),
  Array.from({ length: 10_000 }, (_, i) => i),
  // Enum names: right and wrong.
  ...Object.values(schema.enums).flat(), "cash", "CASH ", "__proto__", "constructor", "toString", "hasOwnProperty", "valueOf",
  // Lists of ids: wrong items, holes, not lists.
  [1, 2], [1, "2"], ["a", "b"], [1.5], [INT32], [-INT32 - 1], [null], [undefined], new Array(2), "1,2", { 0: 1, length: 1 }, ["x\u0000"], [""],
];

/** Keys that are no field of any model: unknown, inherited names, children and implied parent keys. */
const EXTRA_KEYS = ["extra", "__proto__", "constructor", "toString", "sales", "lines", "customerId", "saleId", "quoteId", "passwordHash", "id\u0000", ""];

describe.each(models.map((model) => [model.name, model] as const))("%s's record test", (_name, model) => {
  const random = randomOf([...model.name].reduce((hash, character) => (hash * 31 + character.charCodeAt(0)) >>> 0, 7));
  const bases = Array.from({ length: 200 }, () => validRecord(model, random));

  it("takes records made of values as exports write them", () => {
    const trial = new Trial(model);
    for (const record of bases) expect(trial.check(record), show(record)).toBe(true);
  });

  it("takes no record that its Zod schema refuses or would give back changed: every field replaced, removed, or added", () => {
    const trial = new Trial(model);
    const fields = [...knownFields(model), ...EXTRA_KEYS];
    for (const base of bases.slice(0, 4)) {
      for (const field of fields) {
        for (const value of HOSTILE) trial.check({ ...base, [field]: value });
        const { [field]: _removed, ...without } = base;
        trial.check(without);
      }
    }
    // An own "__proto__" member, as JSON.parse makes it.
    trial.check({ ...JSON.parse('{"__proto__":{"id":1}}'), ...bases[0] });
    // Many fields wrong at once.
    for (let i = 0; i < 3000; i++) {
      let record = bases[i % bases.length]!;
      for (const field of fields) if (random() < 0.2) record = { ...record, [field]: HOSTILE[Math.floor(random() * HOSTILE.length)] }; // own members, even "__proto__"
      trial.check(record);
    }
    expect(trial.accepted).toBeGreaterThan(100);
    expect(trial.refused).toBeGreaterThan(1000);
  });
});

describe("each value's test, with the bounds a native type gives too", () => {
  const BOUNDS = [32767, 32768, -32768, -32769, 255, 256, "99999999.99", "100000000", "19.999", "19.990", "123456", "1234567", "😀😀😀", "abcd", "ab\u0000", "abc"];
  type Schema = { safeParse(value: unknown): { success: boolean; data?: unknown } };
  const CASES: [name: string, schema: Schema, test: (value: unknown) => boolean][] = [
    ["intNumber", scalars.intNumber, scalars.isIntNumber],
    ["wholeNumber(-32768, 32767)", scalars.wholeNumber(-32768, 32767), (value) => scalars.isWholeNumber(value, -32768, 32767)],
    ["wholeNumber(0, 255)", scalars.wholeNumber(0, 255), (value) => scalars.isWholeNumber(value, 0, 255)],
    ["bigIntString", scalars.bigIntString, scalars.isBigIntString],
    ["wholeNumberString(0, 2^63 − 1)", scalars.wholeNumberString("0", "9223372036854775807"), (value) => scalars.isWholeNumberString(value, "0", "9223372036854775807")],
    ["decimalString", scalars.decimalString, scalars.isDecimalString],
    ["decimalNumberString(8, 2)", scalars.decimalNumberString(8, 2), (value) => scalars.isDecimalNumberString(value, 8, 2)],
    ["decimalNumberString(6, 0)", scalars.decimalNumberString(6, 0), (value) => scalars.isDecimalNumberString(value, 6, 0)],
    ["textString", scalars.textString, scalars.isTextString],
    ["textOfAtMost(3)", scalars.textOfAtMost(3), (value) => scalars.isTextOfAtMost(value, 3)],
    ["dateTimeString", scalars.dateTimeString, scalars.isDateTimeString],
    ["bytesString", scalars.bytesString, scalars.isBytesString],
    ["jsonValue", scalars.jsonValue, scalars.isJsonValue],
    ["paymentMethodEnum", enums.paymentMethodEnum, enums.isPaymentMethodEnum],
    ["a list of textOfAtMost(3)", z.array(scalars.textOfAtMost(3)), (value) => scalars.isListOf(value, (item) => scalars.isTextOfAtMost(item, 3))],
    ["a list of intNumber", z.array(scalars.intNumber), (value) => scalars.isListOf(value, scalars.isIntNumber)],
  ];

  it.each(CASES)("%s: a value its test takes passes the schema, unchanged", (_name, valueSchema, test) => {
    let accepted = 0;
    for (const value of [...HOSTILE, ...BOUNDS, ...BOUNDS.map((bound) => [bound])]) {
      if (!test(value)) continue;
      accepted++;
      const parsed = valueSchema.safeParse(value);
      expect(parsed.success && isDeepStrictEqual(parsed.data, value), show(value)).toBe(true);
    }
    expect(accepted).toBeGreaterThan(0);
  });
});

/** Every record of a document with its model, children left in as the reader finds them. */
function recordsOf(document: Document): { model: ModelSpec; record: FileRecord }[] {
  const layout = layoutOf(schema);
  const found: { model: ModelSpec; record: FileRecord }[] = [];
  const visit = (model: ModelSpec, record: FileRecord) => {
    found.push({ model, record });
    for (const child of layout.childrenOf(model.name)) {
      for (const item of (record[child.key] as FileRecord[] | undefined) ?? []) visit(schema.models[child.model]!, item);
    }
  };
  for (const section of ["company", "data"] as const) {
    for (const entry of layout.sections[section]) {
      const value = document[section][entry.key];
      for (const record of Array.isArray(value) ? value : value ? [value] : []) visit(schema.models[entry.model]!, record as FileRecord);
    }
  }
  return found;
}

/** The generated definition with each codec's calls counted, or with its test answering false (every record through Zod). */
function countingDefinition(quick: boolean) {
  const calls = { isRecord: 0, safeParse: 0 };
  const counted = Object.fromEntries(
    models.map((model) => {
      const codec = codecOf(model);
      const zod = codec.record;
      const record = { safeParse: (value: unknown) => (calls.safeParse++, zod.safeParse(value)) } as unknown as ModelCodec["record"];
      return [model.name, { ...codec, record, isRecord: (value: FileRecord) => (calls.isRecord++, quick && codec.isRecord(value)) }];
    }),
  );
  return { calls, definition: { schema, codecs: counted } satisfies BackupDefinition };
}

describe.each(["sqlite", "postgresql"] as const)("a real export, on %s", (provider) => {
  let db: TestDatabase;
  let file: Uint8Array;

  beforeAll(async () => {
    db = await createDatabase(provider);
    await seedDatabase(db.prisma, { records: 400, seed: "record tests" });
    file = await backup.exportAll(db.prisma);
  });
  afterAll(() => db?.close());

  it("has every record taken by its test, and Zod agrees", () => {
    const found = recordsOf(readDocument(file));
    expect(new Set(found.map(({ model }) => model.name))).toEqual(new Set(models.map((model) => model.name)));
    for (const { model, record } of found) expect(new Trial(model).check(record), `${model.name} ${show(record)}`).toBe(true);
  });

  it("is read without Zod, on the server and in the browser", async () => {
    const { calls, definition } = countingDefinition(true);
    const read = await readBackup(definition, file, { mode: "replace", maxBytes: 1 << 30 });
    expect(read.ok).toBe(true);
    expect(calls).toEqual({ isRecord: readDocument(file).metadata.total_records, safeParse: 0 });
    // The browser's check reads with the same reader, given the same tests.
    for (const model of models) expect(browserDefinition.codecs[model.name as keyof typeof browserDefinition.codecs].isRecord).toBe(codecOf(model).isRecord);
    expect(await verifyInBrowser(browserDefinition, file)).toMatchObject({ ok: true });
  });

  it("gives the same records, problems and warnings with the test as through Zod alone, for files Zod refuses or rewrites", async () => {
    const edited = editFile(file, (document) => {
      const products = records(document, "data", "products");
      Object.assign(products[0]!, { createdAt: "2026-03-15T10:07:00+02:00", unknownField: 1 }); // valid, not canonical
      Object.assign(products[1]!, { price: "1e5" });
      products[2]!.attributes = JSON.parse('{"__proto__":{"x":1},"colour":"bleu"}'); // Zod takes it, without the key
      delete products[3]!.sku;
      products[4]!.attributes = nested(100, "deep", (value) => ({ a: value }));
      Object.assign(products[5]!, { stock: 2 ** 31, unitsSold: "9223372036854775808", weightKg: "1.5" });
      products[6]!.suppliers = [1, "2"];
      const customers = records(document, "data", "customers");
      const sale = (customers.find((customer, index) => index > 2 && Array.isArray(customer.sales) && customer.sales.length > 0)!.sales as FileRecord[])[0]!;
      Object.assign(sale, { payment: "cash", soldAt: "0000-06-01T00:00:00.000Z" });
      Object.assign(customers[1]!, { name: "Du\u0000pont", phone: null });
      delete customers[2]!.email;
      const invoices = records(document, "data", "invoices");
      Object.assign(invoices[0]!, { pdf: "AA=A", dueAt: "2026-02-29T00:00:00.000Z" });
      Object.assign(invoices[1]!, { paidAt: "2026-01-31T23:59:59.999-01:00" });
      const users = records(document, "company", "users");
      Object.assign(users[0]!, { role: "ROOT", lastLoginAt: "10000-01-01T00:00:00.000Z" });
    });
    const outcome = async (quick: boolean) => {
      const opened = await openBackup(edited, nodePrimitives);
      if (!opened.ok) throw new Error(opened.problems[0]!.message);
      const { calls, definition } = countingDefinition(quick);
      const collected = await collectRecords(definition, opened.document);
      const kept = [...collected.records].map(([name, list]) => [name, list.map(({ path, record, recordId }) => ({ path, record, recordId }))]);
      return { calls, errors: collected.errors, warnings: collected.warnings, kept };
    };
    const [quick, zod] = [await outcome(true), await outcome(false)];
    expect(quick.errors.length).toBeGreaterThan(10);
    // Only the twelve records edited in a way the tests doubt went through Zod (a missing optional email did not).
    expect(quick.calls.safeParse).toBe(12);
    expect({ ...quick, calls: undefined }).toStrictEqual({ ...zod, calls: undefined });
  });
});

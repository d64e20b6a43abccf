/**
 * SQL that makes the database write each record's JSON text itself, so that Prisma hands back
 * one text cell per page instead of converting every column of every row (most of an export's
 * time went there, and into building records in JS only to stringify them).
 *
 * The text must be byte for byte what the generated codec and `JSON.stringify` write, so each
 * value is rendered in SQL only in the forms where the database's text provably equals it
 * (checked by tests/runtime/export-fast-path.test.ts); any other value (a Json document, bytes on
 * SQLite, a float SQLite would print with 17 digits, a date not stored the way Prisma stores it)
 * is passed through raw between EXCEPTION marks, and the reader converts it in JS exactly as the
 * codec path would (record-exceptions.ts).
 *
 * Whole records, links and nested children included, are assembled by record-query.ts. JSON
 * text never holds a raw control character, so the marks cannot be ambiguous.
 */
import type { Dialect } from "../database.ts";
import type { FieldSpec, ModelSpec, ScalarKind } from "../schema.ts";

/**
 * Surrounds a value the database could not render exactly: mark, kind code, the raw value as
 * JSON (a Json document as its own text), mark.
 */
export const EXCEPTION = "\u0003";

/** One letter per kind in an exception. */
export const KIND_CODES: Readonly<Record<ScalarKind, string>> = {
  String: "S",
  Enum: "E",
  Int: "I",
  BigInt: "L",
  Float: "F",
  Decimal: "D",
  Boolean: "B",
  DateTime: "T",
  Json: "J",
  Bytes: "Y",
};

/** Kinds of primary and foreign keys that a line's key tuples carry (others: the codec path). */
const KEY_KINDS: ReadonlySet<ScalarKind> = new Set(["Int", "BigInt", "String", "Enum"]);

export interface TextDialect {
  readonly provider: "sqlite" | "postgresql";
  /** The JSON text of one column's value as the codec would write it, or an exception. */
  value(field: FieldSpec, column: string): string;
  /** A JSON array of key values (BigInt as strings, so no precision is lost). */
  keyTuple(fields: readonly FieldSpec[], quote: (name: string) => string): string;
  /** Aggregates the texts `expression` joined by `separator` (SQL text), in the order of `order`. */
  join(expression: string, separator: string, order: string): string;
  /** A newline, in SQL. */
  readonly newline: string;
  /**
   * The database works in another process: the next page is asked for before this one is
   * handed over, so that it is written meanwhile. (SQLite runs in ours, synchronously: asking
   * early only holds the compressor back.)
   */
  readonly readAhead: boolean;
  /** A SQL text literal. */
  literal(text: string): string;
}

/** The text dialect of a database, when it has one. */
export function textDialectOf(dialect: Dialect): TextDialect | undefined {
  if (dialect.provider === "sqlite") return SQLITE;
  if (dialect.provider === "postgresql") return POSTGRESQL;
  return undefined;
}

/** Whether the database can write this model's records: scalar fields, keys of simple kinds. */
export function canWriteText(model: ModelSpec, keyFields: readonly string[]): boolean {
  if (model.fields.some((field) => field.list)) return false;
  return keyFields.every((name) => KEY_KINDS.has(model.fields.find((field) => field.name === name)?.kind ?? "Json"));
}

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

function exception(kind: ScalarKind, rawJson: string, concat: (...parts: string[]) => string, control: string): string {
  return concat(control, literal(KIND_CODES[kind]), rawJson, control);
}

const sqliteConcat = (...parts: string[]) => parts.join(" || ");

/**
 * SQLite as Prisma stores values: integers, REAL floats and NUMERIC decimals, DateTime as
 * `2025-06-30T16:00:00.000+00:00` text, Boolean as 0/1, Json as text, bytes as BLOB.
 * It prints some doubles with 17 digits where JS prints the shortest form: only those of at
 * most 15 significant digits in plain notation are written as SQLite prints them.
 */
const SQLITE: TextDialect = {
  provider: "sqlite",
  literal,
  value(field, c) {
    const raw = (json: string) => exception(field.kind, json, sqliteConcat, "char(3)");
    const quoted = (text: string) => `'"' || ${text} || '"'`;
    // Cheapest tests first: they run for every value. Doubles print as JS prints them when
    // integral below 1e15, or in plain notation with at most 15 significant digits.
    const integral = `round(${c}) = ${c} AND abs(${c}) < 1e15`;
    const plain = `abs(${c}) >= 1e-4 AND abs(${c}) < 1e15 AND length(CAST(${c} AS TEXT)) <= 16`;
    switch (field.kind) {
      case "String":
      case "Enum":
        return `json_quote(${c})`;
      case "Int":
        return `CASE WHEN ${c} = CAST(${c} AS INTEGER) THEN CAST(${c} AS TEXT) WHEN ${c} IS NULL THEN 'null' ELSE ${raw(`json_quote(${c})`)} END`;
      case "BigInt":
        return `CASE WHEN ${c} = CAST(${c} AS INTEGER) THEN ${quoted(c)} WHEN ${c} IS NULL THEN 'null' ELSE ${raw(`json_quote(${c})`)} END`;
      case "Float":
        return `CASE WHEN ${integral} THEN CAST(CAST(${c} AS INTEGER) AS TEXT) WHEN ${plain} THEN CAST(${c} AS TEXT) WHEN ${c} IS NULL THEN 'null' ELSE ${raw(`json_quote(${c})`)} END`;
      case "Decimal":
        // Integers of any size are exact as text (Prisma reads those past 2^53 as strings).
        return `CASE WHEN ${integral} THEN ${quoted(`CAST(CAST(${c} AS INTEGER) AS TEXT)`)} WHEN ${plain} THEN ${quoted(`CAST(${c} AS TEXT)`)} WHEN ${c} IS NULL THEN 'null' WHEN typeof(${c}) = 'integer' THEN ${quoted(c)} ELSE ${raw(`json_quote(${c})`)} END`;
      case "Boolean":
        return `CASE ${c} WHEN 1 THEN 'true' WHEN 0 THEN 'false' ELSE CASE WHEN ${c} IS NULL THEN 'null' ELSE ${raw(`json_quote(${c})`)} END END`;
      case "DateTime":
        // What Prisma writes (its default `iso8601` format): UTC with milliseconds.
        return `CASE WHEN length(${c}) = 29 AND ${c} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]+00:00' THEN ${quoted(`substr(${c}, 1, 23) || 'Z'`)} WHEN ${c} IS NULL THEN 'null' ELSE ${raw(`json_quote(${c})`)} END`;
      case "Json":
        return `CASE WHEN ${c} IS NULL THEN 'null' ELSE ${raw(`CAST(${c} AS TEXT)`)} END`;
      case "Bytes":
        return `CASE WHEN ${c} IS NULL THEN 'null' ELSE ${raw(`json_quote(hex(${c}))`)} END`;
    }
  },
  keyTuple(fields, quote) {
    return `json_array(${fields.map((f) => (f.kind === "BigInt" ? `CAST(${quote(f.column)} AS TEXT)` : quote(f.column))).join(", ")})`;
  },
  join: (expression, separator, order) => `group_concat(${expression}, ${separator} ORDER BY ${order})`,
  newline: "char(10)",
  readAhead: false,
};

const postgresConcat = (...parts: string[]) => parts.join(" || ");

/**
 * PostgreSQL: `to_json` escapes text as JSON.stringify does; float8 prints the shortest form,
 * in plain notation between 1e-4 and 1e15 (as JS); numeric is trimmed of the trailing zeros
 * decimal.js drops; timestamps print in UTC, since the export sets its time zone to UTC.
 */
const POSTGRESQL: TextDialect = {
  provider: "postgresql",
  literal,
  value(field, c) {
    const raw = (json: string) => exception(field.kind, json, postgresConcat, "chr(3)");
    const orNull = (text: string) => `coalesce(${text}, 'null')`;
    const quoted = (text: string) => `'"' || ${text} || '"'`;
    switch (field.kind) {
      case "String":
      case "Enum":
        return orNull(`to_json(${c})::text`);
      case "Int":
      case "Boolean":
        return orNull(`${c}::text`);
      case "BigInt":
        return orNull(quoted(`${c}::text`));
      case "Float":
        return `CASE WHEN ${c} IS NULL THEN 'null' WHEN ${c} = 0 THEN '0' WHEN abs(${c}) >= 1e-4 AND abs(${c}) < 1e15 THEN ${c}::text ELSE ${raw(`to_json(${c}::text)::text`)} END`;
      case "Decimal":
        return `CASE WHEN ${c} IS NULL THEN 'null' WHEN ${c} = 'NaN' OR abs(${c}) = 'Infinity' THEN ${raw(`to_json(${c}::text)::text`)} ELSE ${quoted(`trim_scale(${c})::text`)} END`;
      case "DateTime":
        return `CASE WHEN ${c} IS NULL THEN 'null' WHEN isfinite(${c}) AND extract(year FROM ${c}) BETWEEN 1 AND 9999 THEN ${quoted(`to_char(${c}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`)} ELSE ${raw(`to_json(${c}::text)::text`)} END`;
      case "Json":
        return `CASE WHEN ${c} IS NULL THEN 'null' ELSE ${raw(`${c}::text`)} END`;
      case "Bytes":
        return orNull(quoted(`translate(encode(${c}, 'base64'), E'\\n', '')`));
    }
  },
  keyTuple(fields, quote) {
    return `json_build_array(${fields.map((f) => (f.kind === "BigInt" ? `${quote(f.column)}::text` : quote(f.column))).join(", ")})::text`;
  },
  join: (expression, separator, order) => `string_agg(${expression}, ${separator} ORDER BY ${order})`,
  newline: "E'\\n'",
  readAhead: true,
};

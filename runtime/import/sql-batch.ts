/**
 * A batch of rows as one JSON text, and the SQL that reads it back as typed columns.
 *
 * Prisma maps every bound parameter of a raw statement one by one (a multi-row INSERT of 2,000
 * rows binds some 20,000), which cost more than the database's own work. Here a whole batch is
 * one string (on SQLite a literal in the statement, on PostgreSQL its one parameter): SQLite
 * reads it with `jsonb_each` and `->>`, PostgreSQL with
 * `json_populate_recordset` over the table's own row type (which converts each value to its
 * column's type, enums, lists and numerics included).
 *
 * A row's values may be in the file's form (ISO text, base64, decimal and integer text, JSON
 * values: a create straight from its record) or in Prisma's (Date, Uint8Array, Decimal, bigint,
 * Json null markers: updates and keys read from the database); the encoders take both.
 * Values are stored exactly as Prisma's adapters store them (tests/runtime/write-values.test.ts
 * compares every kind with `createMany`): on SQLite a DateTime is ISO text ending in `+00:00`
 * (or milliseconds, when the adapter was set to `unixepoch-ms`: asked once), a Decimal is
 * bound as a float, a boolean as 1 or 0, a BigInt as an exact integer (sent as text and cast),
 * bytes as a blob (sent as hex, `unhex`); on PostgreSQL decimals and BigInts travel as text, so
 * they stay exact. SQLite 3.41 or later is needed (`->>` came in 3.38, `unhex` in 3.41; the
 * better-sqlite3 versions Prisma 7's adapter takes bundle 3.51 and later).
 */
import type { Dialect, Queries } from "../database.ts";
import type { Row } from "../codec.ts";
import type { ScalarKind } from "../schema.ts";

/** One column of a batch: its row key, database name and kind. */
export interface BatchColumn {
  readonly field: string;
  readonly column: string;
  readonly kind: ScalarKind;
  /** A scalar list (PostgreSQL): its items are converted one by one. */
  readonly list?: boolean;
  /** Json: a null value is JSON null in a required column (as the codecs write it), SQL NULL otherwise. */
  readonly required?: boolean;
  /** The value, in file form, of rows that leave the field unset (an omitted field's fallback). */
  readonly fallback?: unknown;
}

/** A batch ready to run: the rows' JSON text, and how each column reads back in SQL. */
export interface JsonBatch {
  /** The rows' JSON text. */
  readonly json: string;
  /** The statement's parameters: the JSON text, where it is not in the statement itself. */
  readonly parameters: readonly unknown[];
  /** `FROM …` clause that yields one row per element (alias `"__r"` on SQLite, `"__p"` on PostgreSQL). */
  readonly from: string;
  /** A column's value, read from the current element, typed for its column. */
  value(index: number): string;
}

export type DateForm = "iso8601" | "unixepoch-ms";

/** What the database at hand reads and stores, asked once per transaction client. */
export interface BatchForm {
  /** How the app's SQLite adapter stores a DateTime (its `timestampFormat` option). */
  readonly dates: DateForm;
  /**
   * SQLite's table function over the batch: `jsonb_each` (3.45 and later) hands each row to
   * `->>` already parsed, a third faster than `json_each`, whose rows are JSON text again.
   */
  readonly elements: "json_each" | "jsonb_each";
}

const POSTGRES_FORM: BatchForm = { dates: "iso8601", elements: "json_each" };
const forms = new WeakMap<Queries, Promise<BatchForm>>();

export function batchForm(dialect: Dialect, queries: Queries): Promise<BatchForm> {
  if (dialect.provider === "postgresql") return Promise.resolve(POSTGRES_FORM);
  let form = forms.get(queries);
  if (!form) {
    // A Date bound as a parameter arrives as the adapter stores it: text, or a number.
    form = queries.$queryRawUnsafe<{ kind: string; version: string }[]>("SELECT typeof(?) AS kind, sqlite_version() AS version", new Date(0)).then(([row]) => ({
      dates: row?.kind === "text" ? "iso8601" : "unixepoch-ms",
      elements: versionAtLeast(row?.version ?? "0", [3, 45]) ? "jsonb_each" : "json_each",
    }));
    forms.set(queries, form);
  }
  return form;
}

function versionAtLeast(version: string, wanted: readonly number[]): boolean {
  const parts = version.split(".").map(Number);
  for (const [i, part] of wanted.entries()) {
    if ((parts[i] ?? 0) !== part) return (parts[i] ?? 0) > part;
  }
  return true;
}

/** The batch of `rows` (Prisma write values) for the columns, in the dialect's form. */
export function jsonBatch(dialect: Dialect, table: string, columns: readonly BatchColumn[], rows: readonly Row[], form: BatchForm): JsonBatch {
  return dialect.provider === "postgresql" ? postgresBatch(dialect, table, columns, rows) : sqliteBatch(columns, rows, form);
}

function sqliteBatch(columns: readonly BatchColumn[], rows: readonly Row[], form: BatchForm): JsonBatch {
  const encoders = columns.map((column) => sqliteEncoder(column, form.dates));
  const json = JSON.stringify(tuplesOf(columns, rows, encoders));
  return {
    json,
    // The text as a string literal rather than a parameter, which Prisma would copy twice on its
    // way (JSON.stringify of the parameter list, then JSON.parse). Doubling quotes is all SQLite's
    // literals need (no backslash escapes; JSON has no raw NUL), so the text arrives as it is.
    parameters: [],
    from: `${form.elements}('${json.includes("'") ? json.replaceAll("'", "''") : json}') AS "__r"`,
    value(index) {
      const read = `"__r".value ->> ${index}`;
      const kind = columns[index]!.kind;
      if (kind === "BigInt") return `CAST(${read} AS INTEGER)`;
      if (kind === "Bytes") return `unhex(${read})`;
      return read;
    },
  };
}

/**
 * The rows as arrays of their columns' values. Hot (once per value): plain loops, and values
 * that JSON already holds as the database stores them (texts, numbers, null) go as they are.
 */
function tuplesOf(columns: readonly BatchColumn[], rows: readonly Row[], encoders: readonly (Encoder | undefined)[]): unknown[][] {
  const fields = columns.map((column) => column.field);
  const fallbacks = columns.map((column) => column.fallback);
  const tuples: unknown[][] = new Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const tuple: unknown[] = new Array(fields.length);
    for (let i = 0; i < fields.length; i++) {
      let value = row[fields[i]!];
      if (value === undefined) value = fallbacks[i];
      const encode = encoders[i];
      tuple[i] = encode ? encode(value) : value;
    }
    tuples[r] = tuple;
  }
  return tuples;
}

type Encoder = (value: unknown) => unknown;

/** `encode` for non-null values, applied to each item of a list column. */
function encoderOf(column: BatchColumn, encode: (value: unknown) => unknown): Encoder {
  if (column.list) return (value) => (value == null ? null : (value as unknown[]).map(encode));
  return (value) => (value == null ? null : encode(value));
}

function sqliteEncoder(column: BatchColumn, dateForm: DateForm): Encoder | undefined {
  switch (column.kind) {
    case "BigInt":
      return encoderOf(column, String);
    case "Decimal":
      return encoderOf(column, (value) => Number.parseFloat(String(value)));
    case "Boolean":
      return encoderOf(column, (value) => (value ? 1 : 0));
    case "DateTime":
      if (dateForm === "unixepoch-ms") return encoderOf(column, (value) => (typeof value === "string" ? Date.parse(value) : (value as Date).getTime()));
      return encoderOf(column, (value) => `${isoText(value).slice(0, -1)}+00:00`);
    case "Bytes":
      return encoderOf(column, hexOf);
    case "Json":
      return (value) => jsonText(value, column.required ?? false);
    default:
      return undefined;
  }
}

/** The text `toISOString()` gives a DateTime value: a file's own text when it is already that text. */
function isoText(value: unknown): string {
  if (typeof value === "string" && isCanonicalInstant(value)) return value;
  return (value instanceof Date ? value : new Date(value as string)).toISOString();
}

const CANONICAL_INSTANT = /^\d{4}-\d\d-\d\dT(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Whether a text is what `toISOString()` writes for the instant it names (most of a file's
 * dates), so that a Date would give it back unchanged: a Date rolls "02-30" over to March.
 * Hot (once per date): a test without captures, then digits read in place.
 */
function isCanonicalInstant(text: string): boolean {
  if (!CANONICAL_INSTANT.test(text)) return false;
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  if (month < 1 || month > 12 || day < 1) return false;
  if (day <= 28) return true;
  if (day > DAYS_IN_MONTH[month - 1]!) return false;
  return month !== 2 || isLeapYear(Number(text.slice(0, 4)));
}

function twoDigits(text: string, at: number): number {
  return (text.charCodeAt(at) - 48) * 10 + text.charCodeAt(at + 1) - 48;
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** Bytes as hex: from the file's base64 or Prisma's Uint8Array. */
function hexOf(value: unknown): string {
  return typeof value === "string" ? Buffer.from(value, "base64").toString("hex") : Buffer.from(value as Uint8Array).toString("hex");
}

/**
 * A Json value as the text a column stores: the file's JSON value, or Prisma's with its null
 * markers. A plain null is what the codecs make of it: JSON null in a required column, SQL NULL
 * in an optional one.
 */
export function jsonText(value: unknown, required: boolean): string | null {
  if (value === null || value === undefined) return required ? "null" : null;
  const marker = (value as { _getName?: () => string })._getName?.();
  if (marker === "DbNull" || marker === "AnyNull") return null;
  if (marker === "JsonNull") return "null";
  return JSON.stringify(value);
}

function postgresBatch(dialect: Dialect, table: string, columns: readonly BatchColumn[], rows: readonly Row[]): JsonBatch {
  const encoders = columns.map(postgresEncoder);
  const tuples = tuplesOf(columns, rows, encoders);
  const objects = tuples.map((tuple) => Object.fromEntries(columns.map((column, i) => [column.column, tuple[i] ?? null])));
  const json = JSON.stringify(objects);
  return {
    json,
    parameters: [json],
    from: `json_populate_recordset(NULL::${dialect.quote(table)}, $1::json) AS "__p"`,
    value(index) {
      const { column, kind } = columns[index]!;
      const read = `"__p".${dialect.quote(column)}`;
      // A Json value travels as its text (a JSON string), so that a JSON null stays one: the
      // record's field is then a JSON string, whose text is parsed again.
      return kind === "Json" && !columns[index]!.list ? `(${read} #>> '{}')::jsonb` : read;
    },
  };
}

function postgresEncoder(column: BatchColumn): Encoder | undefined {
  switch (column.kind) {
    case "BigInt":
    case "Decimal":
      return encoderOf(column, String);
    case "DateTime":
      return encoderOf(column, isoText);
    case "Bytes":
      return encoderOf(column, (value) => `\\x${hexOf(value)}`);
    case "Json":
      // A Json list's items go as JSON values (no null markers in a list).
      return column.list ? undefined : (value) => jsonText(value, column.required ?? false);
    default:
      return undefined;
  }
}

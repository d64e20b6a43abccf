/**
 * A batch of rows as one JSON text parameter, and the SQL that reads it back as typed columns.
 *
 * Prisma maps every bound parameter of a raw statement one by one (a multi-row INSERT of 2,000
 * rows binds some 20,000), which cost more than the database's own work. Here a whole batch is
 * one string: SQLite reads it with `jsonb_each` and `->>`, PostgreSQL with
 * `json_populate_recordset` over the table's own row type (which converts each value to its
 * column's type, enums, lists and numerics included).
 *
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
}

/** A batch ready to run: the rows' JSON text, and how each column reads back in SQL. */
export interface JsonBatch {
  /** The one parameter. */
  readonly json: string;
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
  const encoders = columns.map((column) => sqliteEncoder(column.kind, form.dates));
  const fields = columns.map((column) => column.field);
  // Hot (once per value): plain loops, and values JSON already holds as SQLite stores them
  // (texts, numbers, null; JSON writes undefined in an array as null) go as they are.
  const tuples: unknown[][] = new Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const tuple: unknown[] = new Array(fields.length);
    for (let i = 0; i < fields.length; i++) {
      const encode = encoders[i];
      tuple[i] = encode ? encode(row[fields[i]!]) : row[fields[i]!];
    }
    tuples[r] = tuple;
  }
  const json = JSON.stringify(tuples);
  return {
    json,
    from: `${form.elements}(?) AS "__r"`,
    value(index) {
      const read = `"__r".value ->> ${index}`;
      const kind = columns[index]!.kind;
      if (kind === "BigInt") return `CAST(${read} AS INTEGER)`;
      if (kind === "Bytes") return `unhex(${read})`;
      return read;
    },
  };
}

type Encoder = (value: unknown) => unknown;

function sqliteEncoder(kind: ScalarKind, dateForm: DateForm): Encoder | undefined {
  switch (kind) {
    case "BigInt":
      return (value) => (value == null ? null : String(value));
    case "Decimal":
      return (value) => (value == null ? null : Number.parseFloat(String(value)));
    case "Boolean":
      return (value) => (value == null ? null : value ? 1 : 0);
    case "DateTime":
      return (value) => {
        if (value == null) return null;
        const date = value instanceof Date ? value : new Date(value as string);
        return dateForm === "iso8601" ? date.toISOString().replace("Z", "+00:00") : date.getTime();
      };
    case "Bytes":
      return (value) => (value == null ? null : Buffer.from(value as Uint8Array).toString("hex"));
    case "Json":
      return jsonText;
    default:
      return undefined;
  }
}

/** Prisma's Json write value as the text a column stores; its null markers as SQL NULL or JSON null. */
export function jsonText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const marker = (value as { _getName?: () => string })._getName?.();
  if (marker === "DbNull" || marker === "AnyNull") return null;
  if (marker === "JsonNull") return "null";
  return JSON.stringify(value);
}

function postgresBatch(dialect: Dialect, table: string, columns: readonly BatchColumn[], rows: readonly Row[]): JsonBatch {
  const encoders = columns.map((column) => postgresEncoder(column.kind));
  const objects = rows.map((row) => {
    const object: Record<string, unknown> = {};
    columns.forEach((column, i) => {
      object[column.column] = encoders[i]!(row[column.field]);
    });
    return object;
  });
  return {
    json: JSON.stringify(objects),
    from: `json_populate_recordset(NULL::${dialect.quote(table)}, $1::json) AS "__p"`,
    value(index) {
      const { column, kind } = columns[index]!;
      const read = `"__p".${dialect.quote(column)}`;
      // A Json value travels as its text (a JSON string), so that a JSON null stays one: the
      // record's field is then a JSON string, whose text is parsed again.
      return kind === "Json" ? `(${read} #>> '{}')::jsonb` : read;
    },
  };
}

function postgresEncoder(kind: ScalarKind): Encoder {
  switch (kind) {
    case "BigInt":
    case "Decimal":
      return (value) => (value == null ? null : String(value));
    case "DateTime":
      return (value) => (value == null ? null : value instanceof Date ? value.toISOString() : value);
    case "Bytes":
      return (value) => (value == null ? null : `\\x${Buffer.from(value as Uint8Array).toString("hex")}`);
    case "Json":
      return jsonText;
    default:
      return (value) => value ?? null;
  }
}

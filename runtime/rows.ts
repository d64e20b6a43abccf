/**
 * Reading rows: pages in primary-key order, look-ups by many keys at once, counts. Omitted
 * fields are never selected, so they never leave the database (password hashes).
 *
 * On SQL databases with a known dialect the reads are raw SQL through the app's own client
 * (`$queryRawUnsafe` returns the same value types as the model API, a third of the cost);
 * elsewhere they go through Prisma's model API, the portable path.
 */
import type { Row } from "./codec.ts";
import { delegateOf, type Dialect, type Queries } from "./database.ts";
import type { ModelSpec } from "./schema.ts";

/** Rows matching a filter: only "these fields are unset" is needed (orphans). */
export interface RowFilter {
  readonly unset?: readonly string[];
}

export interface RowReader {
  /** Every row matching `filter`, page by page in primary-key order. */
  pages(model: ModelSpec, filter: RowFilter, pageSize: number): AsyncGenerator<Row[]>;
  /** Rows matching `filter` whose `fields` equal one of the tuples (database values), in primary-key order. */
  whereAny(model: ModelSpec, fields: readonly string[], tuples: readonly unknown[][], filter?: RowFilter): Promise<Row[]>;
  count(model: ModelSpec): Promise<number>;
}

export function rowReader(queries: Queries, dialect: Dialect): RowReader {
  return dialect.bulk ? sqlReader(queries, dialect) : modelApiReader(queries);
}

/** Bound parameters per statement: within every SQL dialect's limit. */
const PARAMS_PER_QUERY = 10_000;
/** Prisma's model API refuses `IN` lists of more than 999 values on SQLite. */
const KEYS_PER_API_QUERY = 900;

/** SQL conditions shared by the readers that page through a model or look rows up by keys. */
export interface SqlConditions {
  /** The primary key's columns, in order: the ORDER BY of every read. */
  orderBy(model: ModelSpec): string[];
  /** `field IS NULL` for each field of the filter. */
  unset(model: ModelSpec, filter: RowFilter): string[];
  /** Rows strictly after these primary-key values (bound from parameter 1 on). */
  after(model: ModelSpec, values: readonly unknown[]): string;
  /** Rows whose `fields` equal one of `count` tuples bound from parameter 1 on. */
  anyOf(model: ModelSpec, fields: readonly string[], count: number): string;
  /** How many tuples of `width` values one statement binds at most (a power of two). */
  tuplesPerQuery(width: number): number;
}

/**
 * A chunk of look-up keys padded to a power of two by repeating its last key (harmless in an
 * IN list), so that statements repeat: Prisma caches a plan per statement text (1,000 by
 * default), and one-off texts would fill the app's cache and hold tens of megabytes.
 */
export function paddedChunk<T>(chunk: readonly T[]): T[] {
  let size = 16;
  while (size < chunk.length) size *= 2;
  const padded = [...chunk];
  while (padded.length < size) padded.push(chunk[chunk.length - 1]!);
  return padded;
}

export function sqlConditions(dialect: Dialect): SqlConditions {
  const { quote, param } = dialect;
  const column = (model: ModelSpec, field: string) => quote(model.fields.find((f) => f.name === field)!.column);
  const orderBy = (model: ModelSpec) => model.id.map((field) => column(model, field));
  return {
    orderBy,
    unset: (model, filter) => (filter.unset ?? []).map((field) => `${column(model, field)} IS NULL`),
    after: (model, values) => `(${orderBy(model).join(", ")}) > (${values.map((_, i) => param(i + 1)).join(", ")})`,
    anyOf(model, fields, count) {
      let n = 0;
      // Row values rather than ORs, which SQLite caps at an expression depth of 1000. SQLite wants
      // them as a VALUES subquery; PostgreSQL infers the parameters' types only in a plain list.
      const placeholders = Array.from({ length: count }, () => `(${fields.map(() => param(++n)).join(", ")})`).join(", ");
      const list = fields.length > 1 && dialect.provider === "sqlite" ? `VALUES ${placeholders}` : placeholders;
      return `((${fields.map((field) => column(model, field)).join(", ")}) IN (${list}))`;
    },
    tuplesPerQuery: (width) => 2 ** Math.floor(Math.log2(Math.max(1, Math.floor(PARAMS_PER_QUERY / width)))),
  };
}

function sqlReader(queries: Queries, dialect: Dialect): RowReader {
  const { quote } = dialect;
  const conditions = sqlConditions(dialect);
  // Json columns are read as text and parsed here: Prisma's raw queries refuse a SQLite Json
  // column holding a bare number (stored as INTEGER), which its model API reads fine.
  const columns = (model: ModelSpec) =>
    model.fields.map((f) => `${f.kind === "Json" ? `CAST(${quote(f.column)} AS TEXT)` : quote(f.column)} AS ${quote(f.name)}`).join(", ");
  const parseJson = (model: ModelSpec, rows: Row[]) => {
    const json = model.fields.filter((f) => f.kind === "Json").map((f) => f.name);
    if (json.length > 0) {
      for (const row of rows) for (const field of json) if (typeof row[field] === "string") row[field] = JSON.parse(row[field] as string);
    }
    return rows;
  };
  const select = async (model: ModelSpec, where: string[], suffix: string, values: unknown[]) =>
    parseJson(
      model,
      await queries.$queryRawUnsafe<Row[]>(
        `SELECT ${columns(model)} FROM ${quote(model.table)}${where.length ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY ${conditions.orderBy(model).join(", ")}${suffix}`,
        ...values,
      ),
    );

  return {
    async *pages(model, filter, pageSize) {
      const unset = conditions.unset(model, filter);
      let last: Row | undefined;
      for (;;) {
        const values = last ? model.id.map((field) => last![field]) : [];
        const after = last ? [conditions.after(model, values)] : [];
        const page = await select(model, [...unset, ...after], ` LIMIT ${pageSize}`, values);
        if (page.length === 0) return;
        yield page;
        if (page.length < pageSize) return;
        last = page[page.length - 1];
      }
    },
    async whereAny(model, fields, tuples, filter = {}) {
      const rows: Row[] = [];
      const unset = conditions.unset(model, filter);
      const perQuery = conditions.tuplesPerQuery(fields.length);
      for (let start = 0; start < tuples.length; start += perQuery) {
        const chunk = paddedChunk(tuples.slice(start, start + perQuery));
        rows.push(...(await select(model, [...unset, conditions.anyOf(model, fields, chunk.length)], "", chunk.flat())));
      }
      return rows;
    },
    async count(model) {
      const [row] = await queries.$queryRawUnsafe<{ count: unknown }[]>(`SELECT COUNT(*) AS ${quote("count")} FROM ${quote(model.table)}`);
      return Number(row?.count ?? 0);
    },
  };
}

function modelApiReader(queries: Queries): RowReader {
  const select = (model: ModelSpec) => Object.fromEntries(model.fields.map((field) => [field.name, true]));
  const orderBy = (model: ModelSpec) => model.id.map((field) => ({ [field]: "asc" as const }));
  return {
    async *pages(model, filter, pageSize) {
      const delegate = delegateOf(queries, model.delegate);
      const unset = Object.fromEntries((filter.unset ?? []).map((field) => [field, null]));
      let last: Row | undefined;
      for (;;) {
        const where = last ? { AND: [unset, afterKey(model, last)] } : unset;
        const page = await delegate.findMany({ where, select: select(model), orderBy: orderBy(model), take: pageSize });
        if (page.length === 0) return;
        yield page;
        if (page.length < pageSize) return;
        last = page[page.length - 1];
      }
    },
    async whereAny(model, fields, tuples, filter = {}) {
      const delegate = delegateOf(queries, model.delegate);
      const unset = Object.fromEntries((filter.unset ?? []).map((field) => [field, null]));
      const rows: Row[] = [];
      const perQuery = fields.length === 1 ? KEYS_PER_API_QUERY : Math.max(1, Math.floor(KEYS_PER_API_QUERY / fields.length));
      for (let start = 0; start < tuples.length; start += perQuery) {
        const chunk = tuples.slice(start, start + perQuery);
        const where = fields.length === 1
          ? { ...unset, [fields[0]!]: { in: chunk.map((tuple) => tuple[0]) } }
          : { ...unset, OR: chunk.map((tuple) => Object.fromEntries(fields.map((field, i) => [field, tuple[i]]))) };
        rows.push(...(await delegate.findMany({ where, select: select(model), orderBy: orderBy(model) })));
      }
      return rows;
    },
    count: (model) => delegateOf(queries, model.delegate).count(),
  };
}

/** Rows strictly after `last` in primary-key order (works for composite keys). */
function afterKey(model: ModelSpec, last: Row): object {
  const alternatives = model.id.map((field, index) => ({
    ...Object.fromEntries(model.id.slice(0, index).map((earlier) => [earlier, last[earlier]])),
    [field]: { gt: last[field] },
  }));
  return alternatives.length === 1 ? alternatives[0]! : { OR: alternatives };
}

/** `where` matching one row by its primary key. */
export function whereId(model: ModelSpec, row: Row): object {
  return Object.fromEntries(model.id.map((field) => [field, row[field]]));
}

/** A tuple's key for maps: stable text for numbers, strings, bigints, dates and nulls. */
export function tupleKey(values: readonly unknown[]): string {
  return values.map(valueKey).join("\u0000");
}

function valueKey(value: unknown): string {
  if (value === null || value === undefined) return "\u0001null";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "object" && "toFixed" in value) return (value as { toFixed(): string }).toFixed();
  return String(value);
}

/**
 * Reading rows through Prisma's model API: scalar selections, pages in primary-key order, and
 * look-ups by many keys at once. Omitted fields are never selected, so they never leave the
 * database (password hashes).
 */
import { delegateOf, type Queries } from "./database.ts";
import type { Row } from "./codec.ts";
import type { ModelSpec } from "./schema.ts";

/** Parameters per `IN (...)` list: Prisma refuses more than 999 on SQLite. */
const KEYS_PER_QUERY = 900;

export function selectionOf(model: ModelSpec): Record<string, true> {
  return Object.fromEntries(model.fields.map((field) => [field.name, true]));
}

export function orderById(model: ModelSpec): Record<string, "asc">[] {
  return model.id.map((field) => ({ [field]: "asc" as const }));
}

/** Rows strictly after `last` in primary-key order (works for composite keys). */
function afterKey(model: ModelSpec, last: Row): object {
  const alternatives = model.id.map((field, index) => ({
    ...Object.fromEntries(model.id.slice(0, index).map((earlier) => [earlier, last[earlier]])),
    [field]: { gt: last[field] },
  }));
  return alternatives.length === 1 ? alternatives[0]! : { OR: alternatives };
}

/** Every row matching `where`, page by page in primary-key order. */
export async function* pagesOf(queries: Queries, model: ModelSpec, where: object, pageSize: number): AsyncGenerator<Row[]> {
  const delegate = delegateOf(queries, model.delegate);
  let last: Row | undefined;
  for (;;) {
    const conditions = last ? { AND: [where, afterKey(model, last)] } : where;
    const page = await delegate.findMany({ where: conditions, select: selectionOf(model), orderBy: orderById(model), take: pageSize });
    if (page.length === 0) return;
    yield page;
    if (page.length < pageSize) return;
    last = page[page.length - 1];
  }
}

/**
 * Rows whose `fields` equal one of the given tuples, in primary-key order. A single field
 * becomes `IN` lists; several become `OR` of equalities.
 */
export async function rowsWhereAny(queries: Queries, model: ModelSpec, fields: readonly string[], tuples: readonly unknown[][]): Promise<Row[]> {
  const delegate = delegateOf(queries, model.delegate);
  const rows: Row[] = [];
  const chunkSize = fields.length === 1 ? KEYS_PER_QUERY : Math.max(1, Math.floor(KEYS_PER_QUERY / 10));
  for (let start = 0; start < tuples.length; start += chunkSize) {
    const chunk = tuples.slice(start, start + chunkSize);
    const where = fields.length === 1
      ? { [fields[0]!]: { in: chunk.map((tuple) => tuple[0]) } }
      : { OR: chunk.map((tuple) => Object.fromEntries(fields.map((field, i) => [field, tuple[i]]))) };
    rows.push(...(await delegate.findMany({ where, select: selectionOf(model), orderBy: orderById(model) })));
  }
  return rows;
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

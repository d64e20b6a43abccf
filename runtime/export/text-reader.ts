/**
 * Reads records as JSON text written by the database (record-sql.ts): one query per page, one
 * text cell back, split into lines. The keys each line carries (its primary key first) page
 * through the model and match nested children with their parents, as text.
 */
import type { Dialect, Queries } from "../database.ts";
import { paddedChunk, sqlConditions, type RowFilter, type SqlConditions } from "../rows.ts";
import type { FieldSpec, ModelSpec } from "../schema.ts";
import { resolveExceptions } from "./record-exceptions.ts";
import { KEY_END, lineExpression, type TextDialect } from "./record-sql.ts";

/** One record: its key tuples as JSON text, and its text without the closing brace. */
export interface TextLine {
  readonly keys: readonly string[];
  readonly text: string;
}

/** How one model's lines are read: the key tuples they carry (the primary key first). */
export interface TextShape {
  readonly model: ModelSpec;
  /** Field lists of the key tuples; index 0 is the primary key. */
  readonly keys: readonly (readonly string[])[];
  /** The SQL expression of a line. */
  readonly line: string;
}

/** The fields a codec writes: all but a nested model's key to its parent, which its place implies. */
export function writtenFields(model: ModelSpec): FieldSpec[] {
  const implied = new Set(model.nest ? (model.relations.find((r) => r.name === model.nest!.relation)?.fields ?? []) : []);
  return model.fields.filter((field) => !implied.has(field.name));
}

export function textShape(dialect: Dialect, text: TextDialect, model: ModelSpec, extraKeys: readonly (readonly string[])[]): TextShape {
  const keys: (readonly string[])[] = [model.id];
  for (const tuple of extraKeys) if (!keys.some((known) => known.join() === tuple.join())) keys.push(tuple);
  return { model, keys, line: lineExpression(text, dialect.quote, model, keys, writtenFields(model)) };
}

export function keyIndex(shape: TextShape, fields: readonly string[]): number {
  const index = shape.keys.findIndex((tuple) => tuple.join() === fields.join());
  if (index === -1) throw new Error(`Export: ${shape.model.name} lines carry no key (${fields.join(", ")})`);
  return index;
}

export class TextReader {
  private readonly conditions: SqlConditions;

  constructor(
    private readonly queries: Queries,
    private readonly dialect: Dialect,
    private readonly text: TextDialect,
  ) {
    this.conditions = sqlConditions(dialect);
  }

  /** Every line of the rows matching `filter`, page by page in primary-key order. */
  async *pages(shape: TextShape, filter: RowFilter, pageSize: number): AsyncGenerator<TextLine[]> {
    const { model } = shape;
    const unset = this.conditions.unset(model, filter);
    let after: unknown[] | undefined;
    for (;;) {
      const where = after ? [...unset, this.conditions.after(model, after)] : unset;
      const lines = await this.select(shape, where, ` LIMIT ${pageSize}`, after ?? []);
      if (lines.length === 0) return;
      yield lines;
      if (lines.length < pageSize) return;
      after = this.keyValues(model, lines[lines.length - 1]!.keys[0]!);
    }
  }

  /**
   * Lines of the rows whose `fields` equal one of the key tuples (JSON text, as lines carry
   * them). `ordered`: the tuples are single values in the database's order of that column, so a
   * range test first turns most rows away cheaply (a foreign key without an index is scanned).
   */
  async whereAny(shape: TextShape, fields: readonly string[], tuples: readonly string[], ordered = false): Promise<TextLine[]> {
    const { model } = shape;
    const range = ordered && fields.length === 1 && tuples.length > 1 ? [tuples[0]!, tuples[tuples.length - 1]!] : undefined;
    // SQLite: the unary + keeps its planner from scanning the range where an index serves the IN list.
    const column = `${this.dialect.provider === "sqlite" ? "+" : ""}${this.conditions.column(model, fields[0]!)}`;
    const inRange = range ? [`${column} BETWEEN ${this.dialect.param(1)} AND ${this.dialect.param(2)}`] : [];
    const bound = range ? range.flatMap((tuple) => this.tupleValues(model, fields, tuple)) : [];
    const perQuery = this.conditions.tuplesPerQuery(fields.length);
    const lines: TextLine[] = [];
    const unique = [...new Set(tuples)];
    for (let start = 0; start < unique.length; start += perQuery) {
      const chunk = paddedChunk(unique.slice(start, start + perQuery));
      const values = chunk.flatMap((tuple) => this.tupleValues(model, fields, tuple));
      const anyOf = this.conditions.anyOf(model, fields, chunk.length, bound.length + 1);
      for (const line of await this.select(shape, [...inRange, anyOf], "", [...bound, ...values])) lines.push(line);
    }
    return lines;
  }

  private async select(shape: TextShape, where: string[], suffix: string, values: unknown[]): Promise<TextLine[]> {
    const { model } = shape;
    const { quote } = this.dialect;
    const order = this.conditions.orderBy(model);
    const sql =
      `SELECT ${this.text.aggregate(order.map((_, i) => `k${i}`))} AS ${quote("page")} FROM (` +
      `SELECT ${shape.line} AS line, ${order.map((column, i) => `${column} AS k${i}`).join(", ")} FROM ${quote(model.table)}` +
      `${where.length > 0 ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY ${order.join(", ")}${suffix}) s`;
    const [row] = await this.queries.$queryRawUnsafe<{ page: string | null }[]>(sql, ...values);
    const page = row?.page;
    if (!page) return [];
    return splitLines(resolveExceptions(page), shape.keys.length);
  }

  /** Primary-key values to bind, from a line's key text. */
  private keyValues(model: ModelSpec, keyText: string): unknown[] {
    return this.tupleValues(model, model.id, keyText);
  }

  private tupleValues(model: ModelSpec, fields: readonly string[], keyText: string): unknown[] {
    const values = JSON.parse(keyText) as unknown[];
    return fields.map((name, i) => (model.fields.find((field) => field.name === name)!.kind === "BigInt" ? BigInt(values[i] as string) : values[i]));
  }
}

function splitLines(page: string, keyCount: number): TextLine[] {
  const lines: TextLine[] = [];
  let start = 0;
  while (start < page.length) {
    let end = page.indexOf("\n", start);
    if (end === -1) end = page.length;
    const keys: string[] = [];
    let at = start;
    for (let k = 0; k < keyCount; k++) {
      const stop = page.indexOf(KEY_END, at);
      keys.push(page.slice(at, stop));
      at = stop + 1;
    }
    lines.push({ keys, text: page.slice(at, end) });
    start = end + 1;
  }
  return lines;
}

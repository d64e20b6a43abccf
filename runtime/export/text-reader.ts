/**
 * Reads pages of complete records as text written by the database (record-query.ts): a few
 * text cells per page, each holding up to RECORDS_PER_TEXT records, and the page's last
 * primary key to read the next page after.
 */
import type { Queries } from "../database.ts";
import { sqlConditions, type RowFilter, type SqlConditions } from "../rows.ts";
import type { ModelSpec } from "../schema.ts";
import { resolveExceptions } from "./record-exceptions.ts";
import { pageQuery, type RecordQueryContext } from "./record-query.ts";
import { canWriteText } from "./record-sql.ts";

/** Records joined by ",\n", and how many. */
export interface RecordTexts {
  readonly text: string;
  readonly count: number;
}

/** One text cell of a page, as the page query returns it. */
interface PageRow {
  readonly page: string;
  readonly count: unknown;
  readonly last: string;
}

export class TextReader {
  private readonly conditions: SqlConditions;

  constructor(
    private readonly queries: Queries,
    private readonly context: RecordQueryContext,
  ) {
    this.conditions = sqlConditions(context.dialect);
  }

  /** Whether the database can write this model's records and its nested children's. */
  supports(modelName: string): boolean {
    const model = this.context.schema.models[modelName]!;
    return canWriteText(model, model.id) && this.context.layout.childrenOf(modelName).every((child) => this.supports(child.model));
  }

  /** Every record matching `filter`, page by page in primary-key order. */
  async *pages(model: ModelSpec, filter: RowFilter, pageSize: number): AsyncGenerator<RecordTexts[]> {
    const unset = this.conditions.unset(model, filter);
    const read = async (after?: unknown[]): Promise<PageRow[]> => {
      const where = after ? [...unset, this.conditions.after(model, after)] : unset;
      return this.queries.$queryRawUnsafe<PageRow[]>(pageQuery(this.context, model, where, pageSize), ...(after ?? []));
    };
    const { readAhead } = this.context.text;
    for (let next: Promise<PageRow[]> | undefined = read(); next; ) {
      const rows: PageRow[] = await next;
      const count = rows.reduce((sum, row) => sum + Number(row.count), 0);
      const after = count === pageSize ? this.keyValues(model, rows[0]!.last) : undefined;
      next = after && readAhead ? read(after) : undefined;
      const texts = rows.map((row) => ({ text: resolveExceptions(row.page), count: Number(row.count) }));
      // Neither the rows nor the settled query keep this page's text once the caller has written it.
      rows.length = 0;
      if (count > 0) yield texts;
      if (after && !readAhead) next = read(after);
    }
  }

  /** Primary-key values to bind, from the JSON array the page query returns. */
  private keyValues(model: ModelSpec, keyText: string): unknown[] {
    const values = JSON.parse(keyText) as unknown[];
    return model.id.map((name, i) => (model.fields.find((field) => field.name === name)!.kind === "BigInt" ? BigInt(values[i] as string) : values[i]));
  }
}

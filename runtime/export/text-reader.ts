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
    let after: unknown[] | undefined;
    for (;;) {
      const where = after ? [...unset, this.conditions.after(model, after)] : unset;
      const rows = await this.queries.$queryRawUnsafe<{ page: string; count: unknown; last: string }[]>(pageQuery(this.context, model, where, pageSize), ...(after ?? []));
      const texts = rows.map((row) => ({ text: resolveExceptions(row.page), count: Number(row.count) }));
      const count = texts.reduce((sum, texts) => sum + texts.count, 0);
      if (count === 0) return;
      yield texts;
      if (count < pageSize) return;
      after = this.keyValues(model, rows[0]!.last);
    }
  }

  /** Primary-key values to bind, from the JSON array the page query returns. */
  private keyValues(model: ModelSpec, keyText: string): unknown[] {
    const values = JSON.parse(keyText) as unknown[];
    return model.id.map((name, i) => (model.fields.find((field) => field.name === name)!.kind === "BigInt" ? BigInt(values[i] as string) : values[i]));
  }
}

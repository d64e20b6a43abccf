/**
 * The query that makes the database write a page of complete records: each record's fields
 * (record-sql.ts), then its link lists, then its nested children, in the member order of the
 * codec path. JS then only passes the text on, so an export allocates little more than the
 * text itself (building records in JS kept whole pages alive across queries, and memory grew
 * with the database).
 *
 * Nested children are aggregated per parent: from a derived table grouped by the parent key and
 * limited to the page's key range when the children hang from a page record by its one-column
 * primary key (a foreign key without an index is then scanned once per page, not once per
 * parent), else by a subquery per parent. Link lists come from the join table, whose owner
 * column Prisma always indexes.
 */
import type { Dialect } from "../database.ts";
import type { Layout } from "../layout.ts";
import type { BackupSchema, FieldSpec, ModelSpec } from "../schema.ts";
import { idFieldOf, otherColumn } from "./links.ts";
import type { TextDialect } from "./record-sql.ts";

/** Records per text cell: each text stays small, well below what V8 keeps out of its young generation. */
export const RECORDS_PER_TEXT = 32;

export interface RecordQueryContext {
  readonly schema: BackupSchema;
  readonly dialect: Dialect;
  readonly text: TextDialect;
  readonly layout: Layout;
  readonly selected: ReadonlySet<string>;
}

/** The fields a codec writes: all but a nested model's key to its parent, which its place implies. */
export function writtenFields(model: ModelSpec): FieldSpec[] {
  const implied = new Set(model.nest ? (model.relations.find((r) => r.name === model.nest!.relation)?.fields ?? []) : []);
  return model.fields.filter((field) => !implied.has(field.name));
}

/**
 * A page of `model`'s records after `where` (conditions on the table, placeholders bound by the
 * caller), at most `limit`, in primary-key order. Rows: `page` (up to RECORDS_PER_TEXT records
 * joined by ",\n"), `count` (records in it), `last` (the page's last primary key, a JSON array).
 */
export function pageQuery(context: RecordQueryContext, model: ModelSpec, where: readonly string[], limit: number): string {
  const builder = new RecordBuilder(context);
  const { quote } = context.dialect;
  const { text } = context;
  const pageTable = quote("export_page");
  const key = (alias: string) => model.id.map((name) => `${alias}.${builder.column(model, name)}`).join(", ");
  const joins: string[] = [];
  const derived = new Map<string, string>();
  for (const child of context.layout.childrenOf(model.name)) {
    const target = context.schema.models[child.model]!;
    const [fk] = child.relation.fields;
    if (child.relation.fields.length !== 1 || child.relation.references.join() !== model.id.join() || model.id.length !== 1) continue;
    const alias = builder.alias();
    const joined = builder.alias();
    const parentKey = `${alias}.${builder.column(target, fk!)}`;
    const pk = `${builder.column(model, model.id[0]!)}`;
    joins.push(
      `LEFT JOIN (SELECT ${parentKey} AS parent_key, ${text.join(builder.record(target, alias), text.literal(","), builder.order(target, alias))} AS texts ` +
        `FROM ${quote(target.table)} ${alias} WHERE ${parentKey} BETWEEN (SELECT min(${pk}) FROM ${pageTable}) AND (SELECT max(${pk}) FROM ${pageTable}) GROUP BY ${parentKey}) ${joined} ` +
        `ON ${joined}.parent_key = p.${pk}`,
    );
    derived.set(child.key, `${joined}.texts`);
  }
  const bucket = `(r - 1) / ${RECORDS_PER_TEXT}`;
  const last = `(SELECT ${text.keyTuple(model.id.map((name) => builder.field(model, name)), (column) => quote(column))} FROM ${pageTable} ORDER BY ${model.id.map((name) => builder.column(model, name) + " DESC").join(", ")} LIMIT 1)`;
  return (
    `WITH ${pageTable} AS (SELECT * FROM ${quote(model.table)}${where.length > 0 ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY ${model.id.map((name) => builder.column(model, name)).join(", ")} LIMIT ${limit}) ` +
    `SELECT ${text.join("record", `${text.literal(",")} || ${text.newline}`, "r")} AS page, count(*) AS count, ${last} AS last FROM (` +
    `SELECT ${builder.record(model, "p", derived)} AS record, row_number() OVER (ORDER BY ${key("p")}) AS r FROM ${pageTable} p ${joins.join(" ")}` +
    `) t GROUP BY ${bucket} ORDER BY ${bucket}`
  );
}

class RecordBuilder {
  private aliases = 0;

  constructor(private readonly context: RecordQueryContext) {}

  alias(): string {
    return `x${++this.aliases}`;
  }

  field(model: ModelSpec, name: string): FieldSpec {
    return model.fields.find((field) => field.name === name)!;
  }

  column(model: ModelSpec, name: string): string {
    return this.context.dialect.quote(this.field(model, name).column);
  }

  /** The primary key of `alias`, for ORDER BY. */
  order(model: ModelSpec, alias: string): string {
    return model.id.map((name) => `${alias}.${this.column(model, name)}`).join(", ");
  }

  /** The text of one record of `model` (table alias `alias`); `derived`: child keys already joined. */
  record(model: ModelSpec, alias: string, derived: ReadonlyMap<string, string> = new Map()): string {
    const { text, dialect, schema } = this.context;
    const member = (name: string, value: string) => `${text.literal(`${JSON.stringify(name)}:`)} || ${value}`;
    const list = (name: string, items: string) => member(name, `${text.literal("[")} || coalesce(${items}, '') || ${text.literal("]")}`);
    const members = writtenFields(model).map((field) => member(field.name, text.value(field, `${alias}.${dialect.quote(field.column)}`)));
    for (const name of model.links) {
      const link = schema.links[name]!;
      if (!this.context.selected.has(link.target)) continue;
      const other = `${dialect.quote(otherColumn(link))}`;
      const targetId = idFieldOf(schema.models[link.target]!);
      const ownerId = `${alias}.${this.column(model, idFieldOf(model).name)}`;
      members.push(list(link.field, `(SELECT ${text.join(text.value(targetId, other), text.literal(","), other)} FROM ${dialect.quote(link.table)} WHERE ${dialect.quote(link.ownerColumn)} = ${ownerId})`));
    }
    for (const child of this.context.layout.childrenOf(model.name)) {
      const target = schema.models[child.model]!;
      const inner = this.alias();
      const matches = child.relation.fields.map((name, i) => `${inner}.${this.column(target, name)} = ${alias}.${this.column(model, child.relation.references[i]!)}`);
      const nested = `(SELECT ${text.join(this.record(target, inner), text.literal(","), this.order(target, inner))} FROM ${dialect.quote(target.table)} ${inner} WHERE ${matches.join(" AND ")})`;
      members.push(list(child.key, derived.get(child.key) ?? nested));
    }
    return `${text.literal("{")} || ${members.join(` || ${text.literal(",")} || `)} || ${text.literal("}")}`;
  }
}

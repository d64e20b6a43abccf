/**
 * The query that makes the database write a page of complete records: each record's fields
 * (record-sql.ts), then its link lists, then its nested children, in the member order of the
 * codec path. JS then only passes the text on, so an export allocates little more than the
 * text itself (building records in JS kept whole pages alive across queries, and memory grew
 * with the database).
 *
 * Nested children are aggregated per parent, either from a derived table grouped by the parent
 * key that reads every child of the page at once (PostgreSQL, at every depth; SQLite, for the
 * page's direct children by a one-column primary key, within the page's key range, so that a
 * foreign key without an index is scanned once per page rather than once per parent), or by a
 * subquery per parent row (SQLite's deeper children, found by index). Link lists come from the
 * join table, whose owner column Prisma always indexes.
 */
import type { Dialect } from "../database.ts";
import type { Layout } from "../layout.ts";
import type { BackupSchema, FieldSpec, ModelSpec } from "../schema.ts";
import { idFieldOf, otherColumn } from "./links.ts";
import type { TextDialect } from "./record-sql.ts";

/**
 * Records per text cell: each text stays small, well below the 128 KB past which V8 allocates a
 * string outside its young generation's pages (in the benchmark's data a customer with its
 * sales and their lines is 1.5 KB on average, 108 KB at most). 8 rather than 32: 12 MB less peak memory at a million records, no
 * slower (a page is still one query; Prisma converts 250 short rows instead of 63 long ones).
 */
export const RECORDS_PER_TEXT = 8;

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
  const record = builder.record(model, "p", { table: pageTable, page: true });
  const bucket = `(r - 1) / ${RECORDS_PER_TEXT}`;
  const last = `(SELECT ${text.keyTuple(model.id.map((name) => builder.field(model, name)), (column) => quote(column))} FROM ${pageTable} ORDER BY ${model.id.map((name) => builder.column(model, name) + " DESC").join(", ")} LIMIT 1)`;
  return (
    `WITH ${pageTable} AS (SELECT * FROM ${quote(model.table)}${where.length > 0 ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY ${model.id.map((name) => builder.column(model, name)).join(", ")} LIMIT ${limit}) ` +
    `SELECT ${text.join("record", `${text.literal(",")} || ${text.newline}`, "r")} AS page, count(*) AS count, ${last} AS last FROM (` +
    `SELECT ${record.expression} AS record, row_number() OVER (ORDER BY ${key("p")}) AS r FROM ${pageTable} p ${record.joins.join(" ")}` +
    `) t GROUP BY ${bucket} ORDER BY ${bucket}`
  );
}

/**
 * Where a model's rows come from, when they can be told without a parent row: the page itself,
 * or the rows whose parent key is among the rows of the parent's scope.
 */
interface Scope {
  readonly table: string;
  readonly page?: boolean;
  /** Restricts `alias` (a row of `table`) to the scope; none for the page. */
  readonly condition?: (alias: string) => string;
}

/** A record's text, and the derived tables it reads its nested children from. */
interface RecordSql {
  readonly expression: string;
  readonly joins: readonly string[];
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

  /** The text of one record of `model` (table alias `alias`, its rows within `scope` when known). */
  record(model: ModelSpec, alias: string, scope?: Scope): RecordSql {
    const { text, dialect, schema } = this.context;
    const member = (name: string, value: string) => `${text.literal(`${JSON.stringify(name)}:`)} || ${value}`;
    const list = (name: string, items: string) => member(name, `${text.literal("[")} || coalesce(${items}, '') || ${text.literal("]")}`);
    const members = writtenFields(model).map((field) => member(field.name, text.value(field, `${alias}.${dialect.quote(field.column)}`)));
    const joins: string[] = [];
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
      const childScope = scope ? this.childScope(model, child.relation.fields, child.relation.references, target, scope) : undefined;
      if (childScope) {
        // Every child of the scope's rows at once, grouped by parent: one pass over the table.
        const joined = this.alias();
        const nested = this.record(target, inner, childScope);
        const fks = child.relation.fields.map((name, i) => `${inner}.${this.column(target, name)} AS k${i}`);
        const on = child.relation.references.map((name, i) => `${joined}.k${i} = ${alias}.${this.column(model, name)}`);
        joins.push(
          `LEFT JOIN (SELECT ${fks.join(", ")}, ${text.join(nested.expression, text.literal(","), this.order(target, inner))} AS texts ` +
            `FROM ${dialect.quote(target.table)} ${inner} ${nested.joins.join(" ")} WHERE ${childScope.condition!(inner)} ` +
            `GROUP BY ${child.relation.fields.map((name) => `${inner}.${this.column(target, name)}`).join(", ")}) ${joined} ON ${on.join(" AND ")}`,
        );
        members.push(list(child.key, `${joined}.texts`));
        continue;
      }
      // The children of this one row (the foreign key's index, or SQLite's automatic one, finds them).
      const matches = child.relation.fields.map((name, i) => `${inner}.${this.column(target, name)} = ${alias}.${this.column(model, child.relation.references[i]!)}`);
      const nested = this.record(target, inner);
      members.push(list(child.key, `(SELECT ${text.join(nested.expression, text.literal(","), this.order(target, inner))} FROM ${dialect.quote(target.table)} ${inner} WHERE ${matches.join(" AND ")})`));
    }
    return { expression: `${text.literal("{")} || ${members.join(` || ${text.literal(",")} || `)} || ${text.literal("}")}`, joins };
  }

  /**
   * The scope of a child model under `scope`, when its rows are best read for the whole scope at
   * once. PostgreSQL: always (a hash join beats a subquery per parent). SQLite: for children of
   * the page by a one-column primary key, within the page's key range (a foreign key without an
   * index is then scanned once per page); deeper children are looked up per parent, by index.
   */
  private childScope(model: ModelSpec, fields: readonly string[], references: readonly string[], target: ModelSpec, scope: Scope): Scope | undefined {
    const { dialect } = this.context;
    const table = dialect.quote(target.table);
    const column = (alias: string, name: string) => `${alias}.${this.column(target, name)}`;
    if (dialect.provider === "postgresql") {
      return {
        table,
        condition: (alias) => {
          const parent = this.alias();
          const keys = references.map((name) => `${parent}.${this.column(model, name)}`).join(", ");
          return `(${fields.map((name) => column(alias, name)).join(", ")}) IN (SELECT ${keys} FROM ${scope.table} ${parent}${scope.condition ? ` WHERE ${scope.condition(parent)}` : ""})`;
        },
      };
    }
    if (!scope.page || fields.length !== 1 || model.id.length !== 1 || references[0] !== model.id[0]) return undefined;
    const pk = this.column(model, model.id[0]!);
    return { table, condition: (alias) => `${column(alias, fields[0]!)} BETWEEN (SELECT min(${pk}) FROM ${scope.table}) AND (SELECT max(${pk}) FROM ${scope.table})` };
  }
}

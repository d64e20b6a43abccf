/**
 * The raw-driver exporter: the physical limit the runtime's export is measured against.
 *
 * better-sqlite3 or node-pg (PGlite when there is no server), no Prisma: `SELECT` in pages of
 * 2,000 by primary key inside one read transaction, nested records and link lists fetched
 * per page with one `IN (…)` / `= ANY($1)` query per child model, rows converted column by
 * column, the same document text (byte for byte, bar `exported_at`), hashed as written and
 * gzip'd by node:zlib on its thread pool.
 */
import type Database from "better-sqlite3";
import type { LinkSpec, ModelSpec } from "../../runtime/schema.ts";
import { SECTIONS } from "../../runtime/layout.ts";
import type { BenchProvider, PgConnection, RawConnection } from "./databases.ts";
import { DocumentText, GzipFileSink, layout, metadataOf, modelOf, schema, selected, type FileRecord } from "./document.ts";
import { toFileConverter, type ToFile } from "./values.ts";

const PAGE_SIZE = 2_000;

type RawRow = unknown[];

/** What the exporter asks of a database: rows as arrays in the model's field order. */
interface RawSource {
  readonly provider: BenchProvider;
  begin(): Promise<void>;
  end(): Promise<void>;
  count(model: ModelSpec): Promise<number>;
  /** Rows whose `nullFields` are null, after `after` (primary-key values) in primary-key order. */
  page(model: ModelSpec, nullFields: readonly string[], after: unknown[] | undefined, limit: number): Promise<RawRow[]>;
  /** Rows whose `field` is one of `keys`, in primary-key order. */
  rowsWhereIn(model: ModelSpec, field: string, keys: unknown[]): Promise<RawRow[]>;
  /** [owner, target] pairs of a link for these owners, in owner then target order. */
  links(link: LinkSpec, owners: unknown[]): Promise<RawRow[]>;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

function columnOf(model: ModelSpec, field: string): string {
  const spec = model.fields.find((f) => f.name === field);
  if (!spec) throw new Error(`${model.name} has no field ${field}`);
  return quote(spec.column);
}

function selectList(model: ModelSpec): string {
  return model.fields.map((field) => quote(field.column)).join(", ");
}

function orderBy(model: ModelSpec): string {
  return model.id.map((field) => columnOf(model, field)).join(", ");
}

function pageSql(model: ModelSpec, nullFields: readonly string[], after: boolean, param: (n: number) => string, limit: number): string {
  const conditions = nullFields.map((field) => `${columnOf(model, field)} IS NULL`);
  if (after) conditions.push(`(${orderBy(model)}) > (${model.id.map((_, i) => param(i + 1)).join(", ")})`);
  const where = conditions.length > 0 ? ` WHERE ${conditions.join(" AND ")}` : "";
  return `SELECT ${selectList(model)} FROM ${quote(model.table)}${where} ORDER BY ${orderBy(model)} LIMIT ${limit}`;
}

function plainKey(value: unknown): unknown {
  return typeof value === "bigint" ? Number(value) : value;
}

class SqliteSource implements RawSource {
  readonly provider = "sqlite" as const;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  private statement(model: ModelSpec | undefined, sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql).raw(true);
      // Exact 64-bit integers where a BigInt column needs them; the converters turn the rest back into numbers.
      if (model?.fields.some((field) => field.kind === "BigInt")) statement.safeIntegers(true);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  async begin(): Promise<void> {
    this.db.exec("BEGIN");
  }

  async end(): Promise<void> {
    this.db.exec("COMMIT");
  }

  async count(model: ModelSpec): Promise<number> {
    return Number((this.statement(undefined, `SELECT COUNT(*) FROM ${quote(model.table)}`).get() as [number])[0]);
  }

  async page(model: ModelSpec, nullFields: readonly string[], after: unknown[] | undefined, limit: number): Promise<RawRow[]> {
    const statement = this.statement(model, pageSql(model, nullFields, after !== undefined, () => "?", limit));
    return (after ? statement.all(...after) : statement.all()) as RawRow[];
  }

  async rowsWhereIn(model: ModelSpec, field: string, keys: unknown[]): Promise<RawRow[]> {
    if (keys.length === 0) return [];
    const sql = `SELECT ${selectList(model)} FROM ${quote(model.table)} WHERE ${columnOf(model, field)} IN (SELECT value FROM json_each(?)) ORDER BY ${orderBy(model)}`;
    return this.statement(model, sql).all(JSON.stringify(keys.map(plainKey))) as RawRow[];
  }

  async links(link: LinkSpec, owners: unknown[]): Promise<RawRow[]> {
    if (owners.length === 0) return [];
    const owner = quote(link.ownerColumn);
    const other = quote(link.ownerColumn === "A" ? "B" : "A");
    const sql = `SELECT ${owner}, ${other} FROM ${quote(link.table)} WHERE ${owner} IN (SELECT value FROM json_each(?)) ORDER BY ${owner}, ${other}`;
    return this.statement(undefined, sql).all(JSON.stringify(owners.map(plainKey))) as RawRow[];
  }
}

class PostgresSource implements RawSource {
  readonly provider = "postgresql" as const;

  constructor(private readonly connection: PgConnection) {}

  async begin(): Promise<void> {
    await this.connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  }

  async end(): Promise<void> {
    await this.connection.query("COMMIT");
  }

  async count(model: ModelSpec): Promise<number> {
    const { rows } = await this.connection.query<{ n: unknown }>(`SELECT COUNT(*) AS n FROM ${quote(model.table)}`);
    return Number(rows[0]!.n);
  }

  page(model: ModelSpec, nullFields: readonly string[], after: unknown[] | undefined, limit: number): Promise<RawRow[]> {
    return this.connection.arrays(pageSql(model, nullFields, after !== undefined, (n) => `$${n}`, limit), after);
  }

  rowsWhereIn(model: ModelSpec, field: string, keys: unknown[]): Promise<RawRow[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return this.connection.arrays(`SELECT ${selectList(model)} FROM ${quote(model.table)} WHERE ${columnOf(model, field)} = ANY($1) ORDER BY ${orderBy(model)}`, [keys]);
  }

  links(link: LinkSpec, owners: unknown[]): Promise<RawRow[]> {
    if (owners.length === 0) return Promise.resolve([]);
    const owner = quote(link.ownerColumn);
    const other = quote(link.ownerColumn === "A" ? "B" : "A");
    return this.connection.arrays(`SELECT ${owner}, ${other} FROM ${quote(link.table)} WHERE ${owner} = ANY($1) ORDER BY ${owner}, ${other}`, [owners]);
  }
}

/** How one model's rows become records: converters and positions, computed once. */
interface ModelShape {
  readonly model: ModelSpec;
  readonly names: string[];
  readonly converters: ToFile[];
  /** Field positions written to the record (a nested model's parent key is left out). */
  readonly written: number[];
  readonly index: (field: string) => number;
}

function shapeOf(provider: BenchProvider, model: ModelSpec): ModelShape {
  const implied = new Set(model.nest ? (model.relations.find((r) => r.name === model.nest!.relation)?.fields ?? []) : []);
  const names = model.fields.map((field) => field.name);
  return {
    model,
    names,
    converters: model.fields.map((field) => toFileConverter(provider, field.kind)),
    written: names.flatMap((name, i) => (implied.has(name) ? [] : [i])),
    index: (field) => names.indexOf(field),
  };
}

class Exporter {
  private readonly shapes = new Map<string, ModelShape>();

  constructor(private readonly source: RawSource) {}

  private shape(name: string): ModelShape {
    let shape = this.shapes.get(name);
    if (!shape) {
      shape = shapeOf(this.source.provider, modelOf(name));
      this.shapes.set(name, shape);
    }
    return shape;
  }

  /** Rows → records, with their link lists and nested children. */
  async recordsOf(name: string, rows: RawRow[]): Promise<FileRecord[]> {
    const { model, names, converters, written, index } = this.shape(name);
    const records = rows.map((row) => {
      const record: FileRecord = {};
      for (const i of written) record[names[i]!] = converters[i]!(row[i]);
      return record;
    });
    const idAt = index(model.id[0]!);
    for (const linkName of model.links) {
      const link = schema.links[linkName]!;
      if (!selected.has(link.target)) continue;
      const target = this.shape(link.target);
      const toTargetId = target.converters[target.index(target.model.id[0]!)]!;
      const byOwner = new Map<unknown, unknown[]>();
      for (const [owner, other] of await this.source.links(link, rows.map((row) => row[idAt]))) {
        const key = plainKey(owner);
        const list = byOwner.get(key);
        if (list) list.push(toTargetId(other));
        else byOwner.set(key, [toTargetId(other)]);
      }
      rows.forEach((row, i) => {
        records[i]![link.field] = byOwner.get(plainKey(row[idAt])) ?? [];
      });
    }
    for (const child of layout.childrenOf(name)) {
      if (child.relation.fields.length !== 1) throw new Error(`${child.model}: the raw exporter handles single-column parent keys only`);
      const referenceAt = index(child.relation.references[0]!);
      const childShape = this.shape(child.model);
      const childRows = await this.source.rowsWhereIn(childShape.model, child.relation.fields[0]!, rows.map((row) => row[referenceAt]));
      const childRecords = await this.recordsOf(child.model, childRows);
      const parentAt = childShape.index(child.relation.fields[0]!);
      const byParent = new Map<unknown, FileRecord[]>();
      childRows.forEach((row, i) => {
        const key = plainKey(row[parentAt]);
        const list = byParent.get(key);
        if (list) list.push(childRecords[i]!);
        else byParent.set(key, [childRecords[i]!]);
      });
      rows.forEach((row, i) => {
        records[i]![child.key] = byParent.get(plainKey(row[referenceAt])) ?? [];
      });
    }
    return records;
  }

  async write(text: DocumentText, now: Date): Promise<number> {
    const counts: Record<string, number> = {};
    for (const name of schema.plan.order) if (selected.has(name)) counts[name] = await this.source.count(modelOf(name));
    const metadata = metadataOf(this.source.provider, counts, now);
    await text.begin(metadata);
    for (const section of SECTIONS) {
      await text.section(section);
      for (const [index, entry] of layout.sections[section].entries()) {
        await text.entry(index, entry.key);
        const { model } = this.shape(entry.model);
        const nullFields = entry.kind === "orphans" ? layout.parentRelationOf(model.name)!.fields : [];
        if (model.single) {
          const [record] = await this.recordsOf(model.name, await this.source.page(model, nullFields, undefined, 1));
          await text.single(record ?? null);
          continue;
        }
        await text.listStart();
        const idAt = model.id.map((field) => this.shape(model.name).index(field));
        for (let after: unknown[] | undefined; ; ) {
          const rows = await this.source.page(model, nullFields, after, PAGE_SIZE);
          if (rows.length === 0) break;
          await text.records(await this.recordsOf(model.name, rows));
          if (rows.length < PAGE_SIZE) break;
          const last = rows[rows.length - 1]!;
          after = idAt.map((i) => last[i]);
        }
        await text.listEnd();
      }
      await text.sectionEnd();
    }
    return metadata.total_records;
  }
}

export interface ExportResult {
  readonly records: number;
  readonly jsonBytes: number;
}

/** Exports the whole database behind `raw` to the gzip'd file `file`. */
export async function rawExport(raw: RawConnection, file: string, now = new Date()): Promise<ExportResult> {
  const source: RawSource = raw.kind === "sqlite" ? new SqliteSource(raw.db) : new PostgresSource(raw.connection);
  const sink = new GzipFileSink(file);
  await source.begin();
  const records = await new Exporter(source).write(new DocumentText((piece) => sink.write(piece)), now);
  await source.end();
  const { jsonBytes } = await sink.finish();
  return { records, jsonBytes };
}

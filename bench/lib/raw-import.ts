/**
 * The raw-driver importer: the limit the runtime's import is measured against. It does the
 * essential work of a replace import and nothing more:
 *
 * - reads the gzip'd file as a stream, line by line (one record a line), hashing the bytes the
 *   checksum covers, and refuses (rolls back) when the checksum or `metadata.counts` disagree;
 * - in one transaction: clears the tables the file covers, inserts every record (nested ones
 *   get their parent's key) and the omitted fields' fallbacks as the lines come, then the
 *   join tables' pairs and the cycle-closing keys (a second-phase UPDATE), and moves
 *   PostgreSQL's sequences past the ids;
 * - SQLite: one prepared INSERT per row (better-sqlite3); PostgreSQL: multi-row parameterised
 *   INSERTs, a few in flight while the next lines are parsed (node-pg, or PGlite).
 *
 * No validation beyond the database's own constraints: that is the runtime's added value.
 */
import type Database from "better-sqlite3";
import type { LinkSpec, ModelSpec, ScalarKind } from "../../runtime/schema.ts";
import type { BenchProvider, PgConnection, RawConnection } from "./databases.ts";
import { LineParser, layout, modelOf, readLines, schema, type FileRecord } from "./document.ts";
import { toDbConverter, type ToDb } from "./values.ts";

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

interface Column {
  readonly column: string;
  readonly kind: ScalarKind;
  readonly convert: ToDb;
  /** Where the value comes from: the record's field, the parent record's field, or a constant. */
  readonly from: { readonly field: string } | { readonly parent: string } | { readonly constant: unknown };
}

/** How one model's records become rows. */
interface TableSpec {
  readonly model: ModelSpec;
  readonly columns: Column[];
  /** Positions of cycle-closing keys, inserted as NULL and set in a second phase. */
  readonly deferred: number[];
  readonly idAt: number[];
  readonly links: LinkSpec[];
}

function tableSpec(provider: BenchProvider, model: ModelSpec): TableSpec {
  const parentRelation = layout.parentRelationOf(model.name);
  const fromParent = new Map(parentRelation ? parentRelation.fields.map((field, i) => [field, parentRelation.references[i]!]) : []);
  const columns: Column[] = model.fields.map((field) => {
    const parent = fromParent.get(field.name);
    return { column: field.column, kind: field.kind, convert: toDbConverter(provider, field.kind), from: parent ? { parent } : { field: field.name } };
  });
  for (const omitted of model.omitted) {
    if (omitted.fallback !== undefined && !omitted.hasDefault) {
      columns.push({ column: omitted.column, kind: omitted.kind, convert: toDbConverter(provider, omitted.kind), from: { constant: omitted.fallback } });
    }
  }
  const deferredFields = new Set(model.relations.filter((r) => r.deferred).flatMap((r) => r.fields));
  return {
    model,
    columns,
    deferred: model.fields.flatMap((field, i) => (deferredFields.has(field.name) ? [i] : [])),
    idAt: model.id.map((id) => model.fields.findIndex((field) => field.name === id)),
    links: model.links.map((name) => schema.links[name]!),
  };
}

/** What the importer asks of a database. */
interface RawTarget {
  begin(): Promise<void>;
  /** Replace: empties every table of the schema's backed-up models and their join tables. */
  clear(specs: readonly TableSpec[]): Promise<void>;
  insert(spec: TableSpec, values: unknown[]): void | Promise<void>;
  /** Writes whatever `insert` buffered. */
  flush(): Promise<void>;
  /** Second phase: join-table pairs (either side may come later in the file)… */
  insertLinks(link: LinkSpec, pairs: unknown[][]): Promise<void>;
  /** …and cycle-closing keys: [id, value] pairs. */
  setKeys(spec: TableSpec, at: number, pairs: unknown[][]): Promise<void>;
  /** After explicit ids, PostgreSQL's sequences must move past them. */
  moveSequences(specs: readonly TableSpec[]): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

const otherColumn = (link: LinkSpec) => (link.ownerColumn === "A" ? "B" : "A");

class SqliteTarget implements RawTarget {
  private readonly inserts = new Map<TableSpec, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  async begin(): Promise<void> {
    this.db.exec("BEGIN");
  }

  async clear(specs: readonly TableSpec[]): Promise<void> {
    this.db.pragma("defer_foreign_keys = ON"); // until COMMIT: the tables are emptied in any order
    for (const link of Object.values(schema.links)) this.db.exec(`DELETE FROM ${quote(link.table)}`);
    for (const spec of [...specs].reverse()) this.db.exec(`DELETE FROM ${quote(spec.model.table)}`);
  }

  insert(spec: TableSpec, values: unknown[]): void {
    let statement = this.inserts.get(spec);
    if (!statement) {
      const columns = spec.columns.map((c) => quote(c.column)).join(", ");
      statement = this.db.prepare(`INSERT INTO ${quote(spec.model.table)} (${columns}) VALUES (${spec.columns.map(() => "?").join(", ")})`);
      this.inserts.set(spec, statement);
    }
    statement.run(values);
  }

  async flush(): Promise<void> {}

  async insertLinks(link: LinkSpec, pairs: unknown[][]): Promise<void> {
    const statement = this.db.prepare(`INSERT INTO ${quote(link.table)} (${quote(link.ownerColumn)}, ${quote(otherColumn(link))}) VALUES (?, ?)`);
    for (const pair of pairs) statement.run(pair);
  }

  async setKeys(spec: TableSpec, at: number, pairs: unknown[][]): Promise<void> {
    const statement = this.db.prepare(`UPDATE ${quote(spec.model.table)} SET ${quote(spec.columns[at]!.column)} = ? WHERE ${quote(spec.columns[spec.idAt[0]!]!.column)} = ?`);
    for (const [id, value] of pairs) statement.run(value, id);
  }

  async moveSequences(): Promise<void> {}

  async commit(): Promise<void> {
    this.db.exec("COMMIT");
  }

  async rollback(): Promise<void> {
    if (this.db.inTransaction) this.db.exec("ROLLBACK");
  }
}

/** Rows buffered before a flush; statements queued at once. */
const FLUSH_ROWS = 2_000;
const IN_FLIGHT = 4;
const MAX_PARAMETERS = 65_535;

const postgresTypes: Partial<Record<ScalarKind, string>> = { Int: "integer", BigInt: "bigint", String: "text" };

class PostgresTarget implements RawTarget {
  private readonly buffers = new Map<TableSpec, unknown[][]>();
  private buffered = 0;
  private readonly inFlight: Promise<void>[] = [];
  private tail: Promise<void> = Promise.resolve();
  private failure: unknown;
  private readonly placeholders = new Map<string, string>();

  constructor(
    private readonly connection: PgConnection,
    specs: readonly TableSpec[],
  ) {
    for (const spec of specs) this.buffers.set(spec, []); // flushed in the plan's order: parents first
  }

  async begin(): Promise<void> {
    await this.connection.query("BEGIN");
  }

  async clear(specs: readonly TableSpec[]): Promise<void> {
    for (const spec of specs) {
      for (const i of spec.deferred) {
        const column = quote(spec.columns[i]!.column);
        await this.connection.query(`UPDATE ${quote(spec.model.table)} SET ${column} = NULL WHERE ${column} IS NOT NULL`);
      }
    }
    for (const link of Object.values(schema.links)) await this.connection.query(`DELETE FROM ${quote(link.table)}`);
    for (const spec of [...specs].reverse()) await this.connection.query(`DELETE FROM ${quote(spec.model.table)}`);
  }

  /** `($1, $2), ($3, $4)…` for `rows` rows of `width` values. */
  private values(rows: number, width: number): string {
    const key = `${rows}:${width}`;
    let text = this.placeholders.get(key);
    if (!text) {
      const tuples: string[] = [];
      for (let row = 0, n = 1; row < rows; row++) {
        const params: string[] = [];
        for (let column = 0; column < width; column++) params.push(`$${n++}`);
        tuples.push(`(${params.join(", ")})`);
      }
      text = tuples.join(", ");
      this.placeholders.set(key, text);
    }
    return text;
  }

  /**
   * Queues a statement behind the previous ones (node-pg runs one at a time) and returns the
   * oldest one to wait for when too many are queued: the server inserts while the next lines
   * are parsed.
   */
  private send(sql: string, values: unknown[]): Promise<void> | undefined {
    const run = () => (this.failure ? undefined : this.connection.query(sql, values).then(() => undefined, (error: unknown) => void (this.failure ??= error)));
    this.tail = this.tail.then(run);
    this.inFlight.push(this.tail);
    return this.inFlight.length >= IN_FLIGHT ? this.inFlight.shift() : undefined;
  }

  private async insertRows(table: string, columns: string[], rows: unknown[][]): Promise<void> {
    const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
    const head = `INSERT INTO ${quote(table)} (${columns.map(quote).join(", ")}) VALUES `;
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement);
      const waiting = this.send(head + this.values(chunk.length, columns.length), chunk.flat());
      if (waiting) await waiting;
    }
  }

  insert(spec: TableSpec, values: unknown[]): Promise<void> | undefined {
    this.buffers.get(spec)!.push(values);
    return ++this.buffered >= FLUSH_ROWS ? this.flush() : undefined;
  }

  /** Every table's buffer, parents' tables first (the plan's order). */
  async flush(): Promise<void> {
    for (const [spec, rows] of this.buffers) {
      if (rows.length === 0) continue;
      this.buffers.set(spec, []);
      await this.insertRows(spec.model.table, spec.columns.map((c) => c.column), rows);
    }
    this.buffered = 0;
  }

  insertLinks(link: LinkSpec, pairs: unknown[][]): Promise<void> {
    return this.insertRows(link.table, [link.ownerColumn, otherColumn(link)], pairs);
  }

  async setKeys(spec: TableSpec, at: number, pairs: unknown[][]): Promise<void> {
    const id = spec.columns[spec.idAt[0]!]!;
    const key = spec.columns[at]!;
    const types = [id, key].map((c) => {
      const type = postgresTypes[c.kind];
      if (!type) throw new Error(`No PostgreSQL type for ${c.kind}`);
      return type;
    });
    for (let start = 0; start < pairs.length; start += 10_000) {
      const chunk = pairs.slice(start, start + 10_000);
      const waiting = this.send(
        `UPDATE ${quote(spec.model.table)} AS t SET ${quote(key.column)} = v.k FROM unnest($1::${types[0]}[], $2::${types[1]}[]) AS v(id, k) WHERE t.${quote(id.column)} = v.id`,
        [chunk.map((pair) => pair[0]), chunk.map((pair) => pair[1])],
      );
      if (waiting) await waiting;
    }
  }

  async moveSequences(specs: readonly TableSpec[]): Promise<void> {
    for (const spec of specs) {
      for (const field of spec.model.fields.filter((f) => f.autoincrement)) {
        const table = quote(spec.model.table);
        this.send(`SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT MAX(${quote(field.column)}) FROM ${table}), 0) + 1, false)`, [table, field.column]);
      }
    }
  }

  async commit(): Promise<void> {
    this.inFlight.length = 0;
    await this.tail;
    if (this.failure) throw this.failure;
    await this.connection.query("COMMIT");
  }

  async rollback(): Promise<void> {
    await this.tail;
    await this.connection.query("ROLLBACK");
  }
}

export interface ImportResult {
  readonly records: number;
  readonly links: number;
  readonly jsonBytes: number;
}

/** Imports the gzip'd file `file` into the database behind `raw`, replacing what the tables held. */
export async function rawImport(raw: RawConnection, file: string): Promise<ImportResult> {
  const provider: BenchProvider = raw.kind === "sqlite" ? "sqlite" : "postgresql";
  const specs = schema.plan.order.map((name) => tableSpec(provider, modelOf(name)));
  const byModel = new Map(specs.map((spec) => [spec.model.name, spec]));
  const target: RawTarget = raw.kind === "sqlite" ? new SqliteTarget(raw.db) : new PostgresTarget(raw.connection, specs);
  const counts = new Map<string, number>();
  const links = new Map<LinkSpec, unknown[][]>();
  const keys = new Map<TableSpec, Map<number, unknown[][]>>();

  /** One record and everything nested in it; `parent`: null for orphans, undefined at top level. */
  const visit = (spec: TableSpec, record: FileRecord, parent: FileRecord | null | undefined): Promise<void> | undefined => {
    const { columns } = spec;
    const values = new Array<unknown>(columns.length);
    for (let i = 0; i < columns.length; i++) {
      const { from, convert } = columns[i]!;
      values[i] = convert("field" in from ? (record[from.field] ?? null) : "parent" in from ? (parent ? parent[from.parent] : null) : from.constant);
    }
    for (const at of spec.deferred) {
      if (values[at] === null) continue;
      const byColumn = keys.get(spec) ?? new Map<number, unknown[][]>();
      keys.set(spec, byColumn);
      const pairs = byColumn.get(at) ?? [];
      byColumn.set(at, pairs);
      pairs.push([values[spec.idAt[0]!], values[at]]);
      values[at] = null;
    }
    const waits: Promise<void>[] = [];
    const wait = (pending: void | Promise<void> | undefined) => pending && waits.push(pending);
    wait(target.insert(spec, values));
    counts.set(spec.model.name, (counts.get(spec.model.name) ?? 0) + 1);
    for (const link of spec.links) {
      const owner = values[spec.idAt[0]!];
      const pairs = links.get(link) ?? [];
      links.set(link, pairs);
      for (const other of (record[link.field] as unknown[] | undefined) ?? []) pairs.push([owner, other]);
    }
    for (const child of layout.childrenOf(spec.model.name)) {
      const childSpec = byModel.get(child.model)!;
      for (const childRecord of (record[child.key] as FileRecord[] | undefined) ?? []) wait(visit(childSpec, childRecord, record));
    }
    return waits.length === 0 ? undefined : Promise.all(waits).then(() => undefined);
  };

  try {
    await target.begin();
    await target.clear(specs);
    const parser = new LineParser((entry, record) => visit(byModel.get(entry.model)!, record, entry.kind === "orphans" ? null : undefined));
    const read = await readLines(file, parser.line);
    if (!parser.ended || !read.checksumOk) throw new Error(`Checksum mismatch: the file says ${read.expected ?? "nothing"}, its content gives ${read.actual}`);
    const expected = parser.metadata?.counts ?? {};
    for (const [name, count] of Object.entries(expected)) {
      if ((counts.get(name) ?? 0) !== count) throw new Error(`metadata.counts says ${count} ${name} records, the file holds ${counts.get(name) ?? 0}`);
    }
    await target.flush();
    for (const [link, pairs] of links) await target.insertLinks(link, pairs);
    for (const [spec, byColumn] of keys) for (const [at, pairs] of byColumn) await target.setKeys(spec, at, pairs);
    await target.moveSequences(specs);
    await target.commit();
    return { records: [...counts.values()].reduce((sum, n) => sum + n, 0), links: [...links.values()].reduce((sum, pairs) => sum + pairs.length, 0), jsonBytes: read.jsonBytes };
  } catch (error) {
    await target.rollback().catch(() => {});
    throw error;
  }
}

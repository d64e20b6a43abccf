/**
 * The raw-driver importer: the limit the runtime's import is measured against. It does the
 * essential work of a replace import and nothing more:
 *
 * - reads the gzip'd file as a stream, line by line (one record a line), hashing the bytes the
 *   checksum covers, and refuses (rolls back) when the checksum or `metadata.counts` disagree;
 * - in one transaction: clears the tables the file covers, inserts every record (nested ones
 *   get their parent's key), the join table's pairs, the omitted fields' fallbacks, the
 *   cycle-closing keys (SQLite: deferred foreign-key checks; PostgreSQL: a second-phase
 *   UPDATE), and moves PostgreSQL's sequences past the ids;
 * - SQLite: one prepared INSERT per row (better-sqlite3); PostgreSQL: multi-row parameterised
 *   INSERTs, a few in flight while the next lines are parsed (node-pg, or PGlite).
 *
 * No validation beyond the database's own constraints: that is the runtime's added value.
 */
import type Database from "better-sqlite3";
import type { LinkSpec, ModelSpec, ScalarKind } from "../../runtime/schema.ts";
import { openPgConnection, openSqlite, type BenchProvider, type DbHandle, type PgConnection } from "./databases.ts";
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
  /** PostgreSQL: positions of cycle-closing keys, inserted as NULL and set in a second phase. */
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
    deferred: provider === "postgresql" ? model.fields.flatMap((field, i) => (deferredFields.has(field.name) ? [i] : [])) : [],
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
  link(link: LinkSpec, owner: unknown, target: unknown): void | Promise<void>;
  /** Flushes, closes cycles, moves sequences. */
  finish(specs: readonly TableSpec[]): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  close(): Promise<void>;
}

class SqliteTarget implements RawTarget {
  private readonly inserts = new Map<TableSpec, Database.Statement>();
  private readonly linkInserts = new Map<LinkSpec, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  async begin(): Promise<void> {
    this.db.exec("BEGIN");
    // Foreign keys are checked at COMMIT: parents and cycles need no ordering.
    this.db.pragma("defer_foreign_keys = ON");
  }

  async clear(specs: readonly TableSpec[]): Promise<void> {
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

  link(link: LinkSpec, owner: unknown, target: unknown): void {
    let statement = this.linkInserts.get(link);
    if (!statement) {
      const other = link.ownerColumn === "A" ? "B" : "A";
      statement = this.db.prepare(`INSERT INTO ${quote(link.table)} (${quote(link.ownerColumn)}, ${quote(other)}) VALUES (?, ?)`);
      this.linkInserts.set(link, statement);
    }
    statement.run(owner, target);
  }

  async finish(): Promise<void> {}

  async commit(): Promise<void> {
    this.db.exec("COMMIT");
  }

  async rollback(): Promise<void> {
    if (this.db.inTransaction) this.db.exec("ROLLBACK");
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

/** Rows buffered before a flush; statements in flight at once. */
const FLUSH_ROWS = 2_000;
const IN_FLIGHT = 4;
const MAX_PARAMETERS = 65_535;

const postgresTypes: Partial<Record<ScalarKind, string>> = { Int: "integer", BigInt: "bigint", String: "text" };

class PostgresTarget implements RawTarget {
  private readonly buffers = new Map<TableSpec, unknown[][]>();
  private readonly linkBuffers = new Map<LinkSpec, unknown[][]>();
  private readonly updates = new Map<TableSpec, unknown[][]>();
  private buffered = 0;
  private readonly inFlight: Promise<void>[] = [];
  private tail: Promise<void> = Promise.resolve();
  private failure: unknown;
  private readonly placeholders = new Map<string, string>();

  constructor(private readonly connection: PgConnection) {}

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

  /** Every table's buffer, parents' tables first (the plan's order). */
  private async flush(): Promise<void> {
    for (const [spec, rows] of this.buffers) {
      if (rows.length === 0) continue;
      this.buffers.set(spec, []);
      await this.insertRows(spec.model.table, spec.columns.map((c) => c.column), rows);
    }
    this.buffered = 0;
  }

  /** Join-table pairs wait for the end: either side may come later in the file. */
  private async flushLinks(): Promise<void> {
    for (const [link, rows] of this.linkBuffers) {
      this.linkBuffers.delete(link);
      await this.insertRows(link.table, [link.ownerColumn, link.ownerColumn === "A" ? "B" : "A"], rows);
    }
  }

  order(specs: readonly TableSpec[]): void {
    for (const spec of specs) this.buffers.set(spec, []);
  }

  insert(spec: TableSpec, values: unknown[]): Promise<void> | undefined {
    for (const i of spec.deferred) {
      if (values[i] === null) continue;
      const update = [...spec.idAt.map((at) => values[at]), values[i]];
      const list = this.updates.get(spec);
      if (list) list.push(update);
      else this.updates.set(spec, [update]);
      values[i] = null;
    }
    this.buffers.get(spec)!.push(values);
    return ++this.buffered >= FLUSH_ROWS ? this.flush() : undefined;
  }

  link(link: LinkSpec, owner: unknown, target: unknown): undefined {
    const rows = this.linkBuffers.get(link);
    if (rows) rows.push([owner, target]);
    else this.linkBuffers.set(link, [[owner, target]]);
    return undefined;
  }

  async finish(specs: readonly TableSpec[]): Promise<void> {
    await this.flush();
    await this.flushLinks();
    for (const [spec, rows] of this.updates) {
      const [deferred] = spec.deferred;
      if (spec.deferred.length !== 1 || spec.idAt.length !== 1 || deferred === undefined) throw new Error(`${spec.model.name}: one id and one deferred key expected`);
      const id = spec.columns[spec.idAt[0]!]!;
      const key = spec.columns[deferred]!;
      const types = [id, key].map((c) => postgresTypes[c.kind] ?? (() => { throw new Error(`No PostgreSQL type for ${c.kind}`); })());
      for (let start = 0; start < rows.length; start += 10_000) {
        const chunk = rows.slice(start, start + 10_000);
        const waiting = this.send(
          `UPDATE ${quote(spec.model.table)} AS t SET ${quote(key.column)} = v.k FROM unnest($1::${types[0]}[], $2::${types[1]}[]) AS v(id, k) WHERE t.${quote(id.column)} = v.id`,
          [chunk.map((row) => row[0]), chunk.map((row) => row[1])],
        );
        if (waiting) await waiting;
      }
    }
    for (const spec of specs) {
      for (const field of spec.model.fields.filter((f) => f.autoincrement)) {
        const table = quote(spec.model.table);
        const column = quote(field.column);
        this.send(`SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT MAX(${column}) FROM ${table}), 0) + 1, false)`, [table, field.column]);
      }
    }
    this.inFlight.length = 0;
    await this.tail;
    if (this.failure) throw this.failure;
  }

  async commit(): Promise<void> {
    await this.connection.query("COMMIT");
  }

  async rollback(): Promise<void> {
    await this.tail;
    await this.connection.query("ROLLBACK");
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}

export interface ImportResult {
  readonly records: number;
  readonly links: number;
  readonly jsonBytes: number;
}

/** Imports the gzip'd file `file` into the database at `handle`, replacing what the tables held. */
export async function rawImport(handle: DbHandle, file: string): Promise<ImportResult> {
  const provider = handle.provider;
  const specs = schema.plan.order.map((name) => tableSpec(provider, modelOf(name)));
  const byModel = new Map(specs.map((spec) => [spec.model.name, spec]));
  const postgres = handle.kind === "sqlite" ? undefined : new PostgresTarget(await openPgConnection(handle));
  const target: RawTarget = postgres ?? new SqliteTarget(openSqlite(handle));
  postgres?.order(specs);
  const counts = new Map<string, number>();
  let links = 0;

  /** One record and everything nested in it; `parent`: null for orphans, undefined at top level. */
  const visit = (spec: TableSpec, record: FileRecord, parent: FileRecord | null | undefined): Promise<void> | undefined => {
    const { columns } = spec;
    const values = new Array<unknown>(columns.length);
    for (let i = 0; i < columns.length; i++) {
      const { from, convert } = columns[i]!;
      values[i] = convert("field" in from ? (record[from.field] ?? null) : "parent" in from ? (parent ? parent[from.parent] : null) : from.constant);
    }
    const waits: Promise<void>[] = [];
    const wait = (pending: void | Promise<void> | undefined) => pending && waits.push(pending);
    wait(target.insert(spec, values));
    counts.set(spec.model.name, (counts.get(spec.model.name) ?? 0) + 1);
    for (const link of spec.links) {
      const owner = values[spec.idAt[0]!];
      for (const other of (record[link.field] as unknown[] | undefined) ?? []) {
        wait(target.link(link, owner, other));
        links++;
      }
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
    await target.finish(specs);
    await target.commit();
    return { records: [...counts.values()].reduce((sum, n) => sum + n, 0), links, jsonBytes: read.jsonBytes };
  } catch (error) {
    await target.rollback().catch(() => {});
    throw error;
  } finally {
    await target.close();
  }
}

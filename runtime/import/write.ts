/**
 * The write side of an import: small per-batch functions that the import pipeline
 * (`runImport` in import.ts) calls inside its one transaction, in this order.
 *
 * The order keeps every constraint satisfied without deferring any (PostgreSQL's foreign keys
 * made by Prisma are not DEFERRABLE, and SQLite's RESTRICT acts at once even when deferred):
 *
 * 1. (replace) early deletions, children first: the rows to delete that no row references
 *    any more, once the covered rows that point at them through optional relations are
 *    detached (see `deleteUnreferencedRows`). This frees their unique values (an email, a
 *    number) for the creates;
 * 2. creates, then updates, batch by batch, each batch model by model in plan order (parents
 *    first): kept rows are repointed at their new parents, which exist by then. An update refused for a unique value
 *    that another kept row gives up later (a kept invoice moving to the sale of another) is
 *    tried again after the others, pass after pass (sql-chunks.ts);
 * 3. (replace) late deletions, children first: rows that a kept row referenced until step 2
 *    (a kept quote's old customer), or that a model the file does not cover still references
 *    (then the database refuses, as it should: a selective replace never breaks other data);
 * 4. the deferred foreign keys that close cycles (and references to records later in the file);
 * 5. many-to-many links, then PostgreSQL sequences.
 *
 * What no order can do, and the database then refuses (the import is rolled back): kept rows
 * that swap unique values in a cycle (A takes B's, B takes A's); a create or update needing a
 * unique value that a late-deleted row still holds (a kept row pointed at that row through a
 * required relation until step 2). On the portable path (Prisma's model API) updates are not
 * retried either.
 *
 * Any error aborts the caller's transaction, so the database is left exactly as it was; a
 * `WriteStepError` says which model, record and file path the write stopped at.
 */
import { delegateOf, type Dialect, type Queries } from "../database.ts";
import { otherColumn } from "../export/links.ts";
import { idText } from "../layout.ts";
import type { Codecs, FileRecord, Row } from "../codec.ts";
import type { BackupSchema, ModelSpec, RelationSpec } from "../schema.ts";
import { toDbValue, toFileValue } from "../values.ts";
import type { Create, LinkWrites, Update } from "./analyse.ts";
import { batchForm, jsonBatch, type BatchColumn, type BatchForm, type JsonBatch } from "./sql-batch.ts";
import { step, writeChunks, WriteStepError, type Refusal } from "./sql-chunks.ts";
import { deleteSql, insertSql, updateSql, valuesInsertSql } from "./sql-statements.ts";

export { WriteStepError, type Create };

/** Rows per bulk statement: one JSON text of a few hundred kilobytes… */
const ROWS_PER_STATEMENT = 5_000;
/** …and at most this many characters, whatever the rows hold. */
const MAX_BATCH_CHARS = 16 * 1024 * 1024;
/** Rows per `createMany` on the portable path. */
const API_ROWS_PER_INSERT = 500;
/** Bound parameters per query through Prisma's model API (it refuses more than 999 on SQLite). */
const API_PARAMS_PER_QUERY = 900;
/** Link pairs per multi-row INSERT … VALUES where no bulk dialect is known. */
const PAIRS_PER_VALUES_INSERT = 1_000;

/** What every write needs: the schema and codecs, the transaction's client, its SQL dialect. */
export interface WriteContext {
  readonly schema: BackupSchema;
  /** Convert records for Prisma's model API (the portable path). */
  readonly codecs: Codecs;
  /** The caller's transaction client: every write goes through it. */
  readonly queries: Queries;
  readonly dialect: Dialect;
  /** Called after each statement with the rows it wrote (creates, updates, deletions). */
  readonly onWritten?: (model: string, rows: number) => void;
}

/** `Updating` for merged fields, `Linking` for the deferred keys that close cycles. */
export type UpdateAction = "Updating" | "Linking";


/**
 * Deletes rows by primary key (`where` objects of field values); a failure names the record.
 * On SQL databases one DELETE per chunk; elsewhere `deleteMany`, within Prisma's bound on
 * parameters per query.
 */
export async function deleteRows(context: WriteContext, model: ModelSpec, deletes: readonly object[]): Promise<void> {
  const { dialect, queries } = context;
  const kinds = model.id.map((name) => model.fields.find((field) => field.name === name)!.kind);
  const items = deletes.map((where) => ({ where, recordId: model.id.map((name, i) => idText(toFileValue(kinds[i]!, (where as Row)[name]))).join(",") }));
  if (!dialect.bulk) {
    const delegate = delegateOf(queries, model.delegate);
    await writeChunks(context, model, "Deleting", items, keysPerApiQuery(model), { exact: false }, (chunk) => delegate.deleteMany({ where: { OR: chunk.map((item) => item.where) } }).then(({ count }) => count));
    return;
  }
  const form = await batchForm(dialect, queries);
  const fields = fieldColumns(model);
  const keys = model.id.map((name) => fields.get(name)!);
  await writeChunks(context, model, "Deleting", items, ROWS_PER_STATEMENT, { exact: false }, (chunk) =>
    runBatch(context, model.table, keys, chunk.map((item) => item.where as Row), form, (batch) => deleteSql(dialect, model.table, keys, batch)),
  );
}

/** Keys of `model` per query through Prisma's model API, which binds each key field as a parameter (at most 999 on SQLite). */
function keysPerApiQuery(model: ModelSpec): number {
  return Math.floor(API_PARAMS_PER_QUERY / model.id.length);
}

/**
 * Deletes the rows to delete that nothing references any more and returns the others, to
 * delete once kept rows point elsewhere (`deleteRows`, after the creates and updates).
 *
 * First, rows of the models the file covers (`covered`) that point at them through an optional
 * relation are detached (the key set to null): each such row is either deleted too or kept, and
 * then its update sets the key from the file (it differs, so the update holds it). This frees the
 * rows to delete early, and with them their unique values, for the creates. Required relations
 * and models the file does not cover are left alone: rows they reference are held back. Rounds
 * repeat while they make progress, so a tree of rows to delete goes leaves first.
 */
export async function deleteUnreferencedRows(context: WriteContext, model: ModelSpec, deletes: readonly object[], covered: ReadonlySet<string>): Promise<object[]> {
  const incoming = Object.values(context.schema.models).flatMap((child) =>
    child.relations.filter((relation) => relation.target === model.name).map((relation) => ({ child, relation, detach: covered.has(child.name) && isOptional(child, relation) })),
  );
  let left = [...deletes];
  for (;;) {
    const held: object[] = [];
    for (let start = 0; start < left.length; start += keysPerApiQuery(model)) {
      const chunk = left.slice(start, start + keysPerApiQuery(model));
      const stillReferenced = await step({ model: model.name, action: "Deleting" }, async () => {
        const found = new Set<string>();
        for (const { child, relation, detach } of incoming) {
          const where = referencingWhere(model, relation, chunk);
          const delegate = delegateOf(context.queries, child.delegate);
          if (!where) return new Set(chunk.map((key) => keyOf(model, key)));
          if (detach) {
            await detachRows(context, child, relation, chunk, where);
            continue;
          }
          const rows = await delegate.findMany({ where, select: Object.fromEntries(relation.fields.map((field) => [field, true])) });
          for (const row of rows) found.add(keyOf(model, Object.fromEntries(relation.references.map((reference, i) => [reference, row[relation.fields[i]!]]))));
        }
        return found;
      });
      held.push(...chunk.filter((where) => stillReferenced.has(keyOf(model, where))));
      await deleteRows(context, model, chunk.filter((where) => !stillReferenced.has(keyOf(model, where))));
    }
    if (held.length === 0 || held.length === left.length) return held;
    left = held;
  }
}

/**
 * Sets to null the keys of `child`'s rows that point at `targets` (primary keys) through
 * `relation`. In SQL where a dialect is known, so that `@updatedAt` is not stamped: a kept row
 * whose key the file leaves unset gets no update that would set it back to the file's value.
 */
async function detachRows(context: WriteContext, child: ModelSpec, relation: RelationSpec, targets: readonly object[], where: object): Promise<void> {
  if (!context.dialect.bulk) {
    await delegateOf(context.queries, child.delegate).updateMany({ where, data: Object.fromEntries(relation.fields.map((field) => [field, null])) });
    return;
  }
  const fields = fieldColumns(child);
  const keys = relation.fields.map((name, i) => ({ ...fields.get(name)!, field: `key${i}` }));
  const sets = relation.fields.map((name, i) => ({ ...fields.get(name)!, field: `null${i}` }));
  const rows = targets.map((target) => Object.fromEntries(relation.references.map((reference, i) => [`key${i}`, (target as Row)[reference]])));
  const form = await batchForm(context.dialect, context.queries);
  await runBatch(context, child.table, [...keys, ...sets], rows, form, (batch) => updateSql(context.dialect, child.table, keys, sets, batch));
}

/** Every foreign-key field of the relation may be null. */
function isOptional(child: ModelSpec, relation: RelationSpec): boolean {
  return relation.fields.every((name) => child.fields.find((field) => field.name === name)?.required === false);
}

/**
 * The rows that point at any of `wheres` (primary keys of `model`) through `relation`, as a
 * filter on the referencing model; undefined when the relation references other fields than
 * the id (then any row may be referenced).
 */
function referencingWhere(model: ModelSpec, relation: RelationSpec, wheres: readonly object[]): object | undefined {
  if (relation.references.length !== model.id.length || !relation.references.every((field) => model.id.includes(field))) return undefined;
  return { OR: wheres.map((where) => Object.fromEntries(relation.fields.map((field, i) => [field, (where as Row)[relation.references[i]!]]))) };
}

/** A primary key as text, from a `where` object of id field values. */
function keyOf(model: ModelSpec, where: object): string {
  return JSON.stringify(model.id.map((field) => String((where as Row)[field])));
}

/** The names of the fields `data` sets, each followed by a NUL: a cheap grouping key (hot: once per row). */
function definedKeys(data: Row): string {
  let key = "";
  for (const name in data) if (data[name] !== undefined) key += `${name}\0`;
  return key;
}

const NOTHING_LATER: ReadonlySet<string> = new Set();

/**
 * Creates rows from records in file form, leaving unset the fields set `later` (deferred keys).
 * On SQL databases one INSERT per chunk of records that set the same fields, each value
 * converted as the batch is built; elsewhere `createMany`, through the model's codec.
 */
export async function insertRows(context: WriteContext, model: ModelSpec, creates: readonly Create[], later = NOTHING_LATER): Promise<void> {
  const { dialect, queries } = context;
  if (!dialect.bulk) {
    const delegate = delegateOf(queries, model.delegate);
    await writeChunks(context, model, "Creating", creates, API_ROWS_PER_INSERT, { exact: false }, (chunk) =>
      delegate.createMany({ data: chunk.map((create) => createData(context, model, create.record, later)) }).then(({ count }) => count),
    );
    return;
  }
  const form = await batchForm(context.dialect, context.queries);
  const fields = fieldColumns(model);
  const fallbacks = model.omitted.filter((omitted) => omitted.fallback !== undefined && !omitted.hasDefault).map((omitted) => fields.get(omitted.name)!);
  const settable = model.fields.map((field) => field.name).filter((name) => !later.has(name));
  const presence = presenceOf(settable);
  // Consecutive groups keep the order whole: a parent before its children.
  for (const group of groupBy(creates, (create) => presence(create.record), true)) {
    const columns = [...settable.filter((_, i) => isSet(group.key, i)).map((name) => fields.get(name)!), ...fallbacks];
    await writeChunks(context, model, "Creating", group.items, ROWS_PER_STATEMENT, { exact: false }, (chunk) =>
      runBatch(context, model.table, columns, chunk.map((create) => create.record), form, (batch) => insertSql(dialect, model.table, columns, batch)),
    );
  }
}

/** A new record's data for Prisma's `createMany`: the codec's conversion, its parent key, fallbacks; fields set later left out. */
function createData(context: WriteContext, model: ModelSpec, record: FileRecord, later: ReadonlySet<string>): Row {
  const data: Row = { ...context.codecs[model.name]!.fromRecord(record) };
  for (const field of model.fields) {
    if (!(field.name in data) && field.name in record) data[field.name] = toDbValue(field.kind, record[field.name]);
  }
  for (const omitted of model.omitted) {
    if (omitted.fallback !== undefined && !omitted.hasDefault) data[omitted.name] = toDbValue(omitted.kind, omitted.fallback);
  }
  for (const field of later) delete data[field];
  return data;
}

/**
 * Which of `names` a record sets (a field left out gets its database default), as a key to group
 * records by: bits of a number for up to 30 fields (hot: once per record), else text.
 */
function presenceOf(names: readonly string[]): (record: FileRecord) => number | string {
  if (names.length <= 30) {
    return (record) => {
      let bits = 0;
      for (let i = 0; i < names.length; i++) if (record[names[i]!] !== undefined) bits |= 1 << i;
      return bits;
    };
  }
  return (record) => names.map((name) => (record[name] === undefined ? "0" : "1")).join("");
}

function isSet(key: number | string, index: number): boolean {
  return typeof key === "number" ? (key & (1 << index)) !== 0 : key[index] === "1";
}

/**
 * Items grouped by `keyOf`. `consecutive` keeps the order whole (a new group whenever the key
 * changes); otherwise all items with the same key form one group.
 */
function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K, consecutive: boolean): { key: K; items: T[] }[] {
  const groups: { key: K; items: T[] }[] = [];
  const byKey = new Map<K, { key: K; items: T[] }>();
  let last: { key: K; items: T[] } | undefined;
  for (const item of items) {
    const key = keyOf(item);
    let group = consecutive ? (last?.key === key ? last : undefined) : byKey.get(key);
    if (!group) {
      group = { key, items: [] };
      byKey.set(key, group);
      groups.push(group);
    }
    group.items.push(item);
    last = group;
  }
  return groups;
}

/**
 * Runs one bulk statement over `rows` (their values as one JSON text); returns the rows
 * affected. A batch larger than `MAX_BATCH_CHARS` (rows holding big texts or files) is halved
 * until it fits, so that no statement grows without bound.
 */
async function runBatch(context: WriteContext, table: string, columns: readonly BatchColumn[], rows: readonly Row[], form: BatchForm, sqlOf: (batch: JsonBatch) => string): Promise<number> {
  const batch = jsonBatch(context.dialect, table, columns, rows, form);
  if (batch.json.length <= MAX_BATCH_CHARS || rows.length === 1) return context.queries.$executeRawUnsafe(sqlOf(batch), ...batch.parameters);
  const half = Math.ceil(rows.length / 2);
  const first = await runBatch(context, table, columns, rows.slice(0, half), form, sqlOf);
  return first + (await runBatch(context, table, columns, rows.slice(half), form, sqlOf));
}

/** Every field a write may set (omitted ones get their fallbacks), by name, as batch columns. */
function fieldColumns(model: ModelSpec): Map<string, BatchColumn> {
  const columns = new Map<string, BatchColumn>();
  for (const field of model.fields) columns.set(field.name, { field: field.name, column: field.column, kind: field.kind, list: field.list, required: field.required });
  for (const field of model.omitted) columns.set(field.name, { field: field.name, column: field.column, kind: field.kind, required: field.required, fallback: field.fallback });
  return columns;
}

export interface UpdateOptions {
  /**
   * Updates still refused for a unique value that another row holds are returned, not thrown:
   * the row giving it up may come in a later batch. Try them again after it.
   */
  readonly deferConflicts?: boolean;
}

/**
 * Updates rows by primary key; exactly one row must match each. On SQL databases one UPDATE
 * per chunk of updates that set the same fields; elsewhere `updateMany` per record (it takes the
 * primary key as plain equalities, composite keys included, where `update` would want Prisma's
 * compound-key name). Returns the updates left for later (`options.deferConflicts`), else none.
 */
export async function updateRows(context: WriteContext, model: ModelSpec, updates: readonly Update[], action: UpdateAction, options: UpdateOptions = {}): Promise<Update[]> {
  const { dialect, queries } = context;
  if (!dialect.bulk) {
    const delegate = delegateOf(queries, model.delegate);
    await writeChunks(context, model, action, updates, 1, { exact: true }, ([update]) => delegate.updateMany({ where: update!.where, data: update!.data }).then(({ count }) => count));
    return [];
  }
  const form = await batchForm(context.dialect, context.queries);
  const fields = fieldColumns(model);
  const keys = model.id.map((name) => fields.get(name)!);
  // Prisma stamps `@updatedAt` on every update whose data does not set it; so do we.
  const now = new Date();
  const stamped = model.updatedAt ? updates.map((update) => (model.updatedAt! in update.data ? update : { ...update, data: { ...update.data, [model.updatedAt!]: now } })) : updates;
  // A record refused for a unique value that another update gives up is tried again after the
  // others, pass after pass while some go through (chains of moves, in any order).
  let pending = stamped;
  while (pending.length > 0) {
    const refused: Refusal<Update>[] = [];
    for (const group of groupBy(pending, (update) => definedKeys(update.data), false)) {
      const sets = group.key.split("\0").slice(0, -1).map((name) => fields.get(name)!);
      const columns = [...keys, ...sets];
      refused.push(
        ...(await writeChunks(context, model, action, group.items, ROWS_PER_STATEMENT, { exact: true, retryConflicts: true }, (chunk) => {
          const rows = chunk.map((update) => ({ ...(update.where as Row), ...update.data }));
          return runBatch(context, model.table, columns, rows, form, (batch) => updateSql(dialect, model.table, keys, sets, batch));
        })),
      );
    }
    if (refused.length === pending.length) {
      if (options.deferConflicts) return refused.map(({ item }) => item);
      throw refused[0]!.error;
    }
    pending = refused.map(({ item }) => item);
  }
  return [];
}

/** Replace mode: removes every pair of a many-to-many link. */
export async function clearLinks(context: WriteContext, linkName: string): Promise<void> {
  const spec = context.schema.links[linkName]!;
  await step({ model: spec.owner, action: `Clearing ${spec.field} of` }, () => context.queries.$executeRawUnsafe(`DELETE FROM ${context.dialect.quote(spec.table)}`));
}

/** Inserts (owner id, target id) pairs of a many-to-many link, database values. */
export async function insertLinks(context: WriteContext, linkName: string, pairs: LinkWrites["insert"]): Promise<void> {
  const spec = context.schema.links[linkName]!;
  const { dialect, queries } = context;
  const idKind = (model: string) => {
    const owner = context.schema.models[model]!;
    return owner.fields.find((field) => field.name === owner.id[0])!.kind;
  };
  const columns: BatchColumn[] = [
    { field: "0", column: spec.ownerColumn, kind: idKind(spec.owner) },
    { field: "1", column: otherColumn(spec), kind: idKind(spec.target) },
  ];
  const form = await batchForm(context.dialect, context.queries);
  const perStatement = dialect.bulk ? ROWS_PER_STATEMENT : PAIRS_PER_VALUES_INSERT;
  for (let start = 0; start < pairs.length; start += perStatement) {
    const chunk = pairs.slice(start, start + perStatement);
    await step({ model: spec.owner, action: `Linking ${spec.field} of` }, () => {
      if (!dialect.bulk) return queries.$executeRawUnsafe(valuesInsertSql(dialect, spec.table, columns, chunk.length), ...chunk.flat());
      return runBatch(context, spec.table, columns, chunk as unknown as Row[], form, (batch) => insertSql(dialect, spec.table, columns, batch));
    });
  }
}

/** After explicit ids, PostgreSQL's sequences must move past them or the next `create` collides (elsewhere: nothing to do). */
export async function moveSequences(context: WriteContext, model: ModelSpec): Promise<void> {
  if (context.dialect.provider !== "postgresql") return;
  const { quote } = context.dialect;
  for (const field of model.fields.filter((f) => f.autoincrement)) {
    const table = quote(model.table);
    const column = quote(field.column);
    await step({ model: model.name, action: "Moving the id sequence of" }, () =>
      context.queries.$queryRawUnsafe(
        `SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT MAX(${column}) FROM ${table}), 0) + 1, false)`,
        table,
        field.column,
      ),
    );
  }
}

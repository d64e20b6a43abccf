/**
 * The write side of an import: small per-batch functions that the import pipeline calls inside
 * its one transaction, and `applyAnalysis`, which applies a whole analysis with them in the
 * order that keeps every constraint satisfied:
 *
 * 1. (replace) cycle-closing keys are cleared, so rows on either side of a cycle can go;
 * 2. (replace) deletions, children first;
 * 3. creates and updates in plan order (parents first);
 * 4. the deferred foreign keys that close cycles;
 * 5. many-to-many links, then PostgreSQL sequences.
 *
 * Any error aborts the caller's transaction, so the database is left exactly as it was; a
 * `WriteStepError` says which model, record and file path the write stopped at.
 */
import { delegateOf, type Dialect, type Queries } from "../database.ts";
import { otherColumn } from "../export/links.ts";
import type { ImportOptions } from "../options.ts";
import type { Row } from "../codec.ts";
import type { BackupSchema, ModelSpec, ScalarKind } from "../schema.ts";
import type { Analysis, LinkWrites, ModelWrites, Update } from "./analyse.ts";

/** Rows per multi-row INSERT, and bound parameters per statement (within every dialect's limit). */
const ROWS_PER_INSERT = 2_000;
const PARAMS_PER_INSERT = 30_000;
/** Rows per `createMany` on the portable path. */
const API_ROWS_PER_INSERT = 500;
const KEYS_PER_DELETE = 1_000;
const PAIRS_PER_INSERT = 1_000;

/** Where a write failed, so the error can name it. */
export class WriteStepError extends Error {
  constructor(
    readonly step: { model: string; recordId?: string; path?: string; action: string },
    override readonly cause: unknown,
  ) {
    super(`${step.action} ${step.model}${step.recordId ? ` ${step.recordId}` : ""}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = "WriteStepError";
  }
}

/** What every write needs: the schema, the transaction's client, its SQL dialect. */
export interface WriteContext {
  readonly schema: BackupSchema;
  /** The caller's transaction client: every write goes through it. */
  readonly queries: Queries;
  readonly dialect: Dialect;
  /** Called after each statement with the rows it wrote (creates, updates, deletions). */
  readonly onWritten?: (model: string, rows: number) => void;
}

export type Create = ModelWrites["creates"][number];
/** `Updating` for merged fields, `Linking` for the deferred keys that close cycles. */
export type UpdateAction = "Updating" | "Linking";

/** A whole analysis at once (the non-streaming import, tests). */
export interface AnalysisWrite {
  readonly schema: BackupSchema;
  readonly queries: Queries;
  readonly dialect: Dialect;
  readonly analysis: Analysis;
  readonly replace: boolean;
  readonly onProgress?: ImportOptions["onProgress"];
}

export async function applyAnalysis(write: AnalysisWrite): Promise<void> {
  const { analysis, onProgress } = write;
  const total = analysis.models.reduce((sum, w) => sum + w.creates.length + w.updates.length + w.deletes.length + w.deferred.length, 0);
  let done = 0;
  const context: WriteContext = {
    schema: write.schema,
    queries: write.queries,
    dialect: write.dialect,
    onWritten: (model, rows) => {
      done += rows;
      onProgress?.({ phase: "write", model, done, total });
    },
  };
  if (write.replace) {
    for (const writes of analysis.models) await clearDeferredKeys(context, writes.model);
    for (const writes of [...analysis.models].reverse()) await deleteRows(context, writes.model, writes.deletes);
  }
  for (const writes of analysis.models) {
    await insertRows(context, writes.model, writes.creates);
    await updateRows(context, writes.model, writes.updates, "Updating");
  }
  for (const writes of analysis.models) await updateRows(context, writes.model, writes.deferred, "Linking");
  for (const link of analysis.links) {
    if (link.clear) await clearLinks(context, link.name);
    await insertLinks(context, link.name, link.insert);
  }
  for (const writes of analysis.models) await moveSequences(context, writes.model);
}

async function step<T>(where: ConstructorParameters<typeof WriteStepError>[0], run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw error instanceof WriteStepError ? error : new WriteStepError(where, error);
  }
}

/** Replace mode: cycle-closing keys are cleared first, so rows on either side can be deleted. */
export async function clearDeferredKeys(context: WriteContext, model: ModelSpec): Promise<void> {
  for (const relation of model.relations.filter((r) => r.deferred)) {
    const data = Object.fromEntries(relation.fields.map((field) => [field, null]));
    const where = { OR: relation.fields.map((field) => ({ [field]: { not: null } })) };
    await step({ model: model.name, action: "Clearing links of" }, () => delegateOf(context.queries, model.delegate).updateMany({ where, data }));
  }
}

/** Deletes rows by primary key (`where` objects of field values). */
export async function deleteRows(context: WriteContext, model: ModelSpec, deletes: readonly object[]): Promise<void> {
  const delegate = delegateOf(context.queries, model.delegate);
  for (let start = 0; start < deletes.length; start += KEYS_PER_DELETE) {
    const chunk = deletes.slice(start, start + KEYS_PER_DELETE);
    await step({ model: model.name, action: "Deleting" }, () => delegate.deleteMany({ where: { OR: chunk } }));
    context.onWritten?.(model.name, chunk.length);
  }
}

/** Creates rows; a failure names the chunk's first and last record. */
export async function insertRows(context: WriteContext, model: ModelSpec, creates: readonly Create[]): Promise<void> {
  const insert = context.dialect.bulk ? sqlInsert(context, model) : apiInsert(context, model);
  for (const group of groupByColumns(creates)) {
    const perStatement = context.dialect.bulk ? Math.max(1, Math.min(ROWS_PER_INSERT, Math.floor(PARAMS_PER_INSERT / group.columns.length))) : API_ROWS_PER_INSERT;
    for (let start = 0; start < group.creates.length; start += perStatement) {
      const chunk = group.creates.slice(start, start + perStatement);
      const first = chunk[0]!;
      const recordId = chunk.length === 1 ? first.recordId : `${first.recordId} … ${chunk[chunk.length - 1]!.recordId}`;
      await step({ model: model.name, recordId, path: first.path, action: "Creating" }, () => insert(group.columns, chunk.map((create) => create.data)));
      context.onWritten?.(model.name, chunk.length);
    }
  }
}

type Insert = (columns: readonly string[], rows: Row[]) => Promise<unknown>;

/** One multi-row INSERT per chunk, through the app's client (so inside its transaction). */
function sqlInsert(context: WriteContext, model: ModelSpec): Insert {
  const { quote, param } = context.dialect;
  const fields = new Map([...model.fields, ...model.omitted].map((field) => [field.name, field]));
  return (columns, rows) => {
    const specs = columns.map((name) => fields.get(name)!);
    const names = specs.map((field) => quote(field.column)).join(", ");
    let n = 0;
    const tuples = rows.map(() => `(${specs.map(() => param(++n)).join(", ")})`).join(", ");
    const values = rows.flatMap((row) => specs.map((field) => sqlValue(field.kind, row[field.name])));
    return context.queries.$executeRawUnsafe(`INSERT INTO ${quote(model.table)} (${names}) VALUES ${tuples}`, ...values);
  };
}

function apiInsert(context: WriteContext, model: ModelSpec): Insert {
  const delegate = delegateOf(context.queries, model.delegate);
  return (_columns, rows) => delegate.createMany({ data: rows });
}

/** Prisma's write value → a raw SQL parameter. Json goes as text; Prisma's null markers as SQL NULL or JSON null. */
function sqlValue(kind: ScalarKind, value: unknown): unknown {
  if (kind !== "Json" || value === null || value === undefined) return value ?? null;
  const marker = (value as { _getName?: () => string })._getName?.();
  if (marker === "DbNull" || marker === "AnyNull") return null;
  if (marker === "JsonNull") return "null";
  return JSON.stringify(value);
}

/** Consecutive creates that set the same columns (a column left out gets its database default). */
function groupByColumns(creates: readonly Create[]): { columns: string[]; creates: Create[] }[] {
  const groups: { columns: string[]; key: string; creates: Create[] }[] = [];
  for (const create of creates) {
    const columns = Object.keys(create.data).filter((key) => create.data[key] !== undefined);
    const key = columns.join(",");
    const last = groups[groups.length - 1];
    if (last && last.key === key) last.creates.push(create);
    else groups.push({ columns, key, creates: [create] });
  }
  return groups;
}

/** Updates rows by primary key; exactly one row must match each. */
export async function updateRows(context: WriteContext, model: ModelSpec, updates: readonly Update[], action: UpdateAction): Promise<void> {
  const delegate = delegateOf(context.queries, model.delegate);
  for (const update of updates) {
    // updateMany takes the primary key as plain equalities, composite keys included (update
    // would want Prisma's compound-key name); exactly one row must match.
    await step({ model: model.name, recordId: update.recordId, path: update.path, action }, async () => {
      const { count } = await delegate.updateMany({ where: update.where, data: update.data });
      if (count !== 1) throw Object.assign(new Error("the record to update no longer exists"), { code: "P2025" });
    });
  }
  if (updates.length > 0) context.onWritten?.(model.name, updates.length);
}

/** Replace mode: removes every pair of a many-to-many link. */
export async function clearLinks(context: WriteContext, linkName: string): Promise<void> {
  const spec = context.schema.links[linkName]!;
  await step({ model: spec.owner, action: `Clearing ${spec.field} of` }, () => context.queries.$executeRawUnsafe(`DELETE FROM ${context.dialect.quote(spec.table)}`));
}

/** Inserts (owner id, target id) pairs of a many-to-many link, database values. */
export async function insertLinks(context: WriteContext, linkName: string, pairs: LinkWrites["insert"]): Promise<void> {
  const spec = context.schema.links[linkName]!;
  const { quote, param } = context.dialect;
  const table = quote(spec.table);
  const columns = `${quote(spec.ownerColumn)}, ${quote(otherColumn(spec))}`;
  for (let start = 0; start < pairs.length; start += PAIRS_PER_INSERT) {
    const chunk = pairs.slice(start, start + PAIRS_PER_INSERT);
    const values = chunk.map((_, i) => `(${param(2 * i + 1)}, ${param(2 * i + 2)})`).join(", ");
    await step({ model: spec.owner, action: `Linking ${spec.field} of` }, () =>
      context.queries.$executeRawUnsafe(`INSERT INTO ${table} (${columns}) VALUES ${values}`, ...chunk.flat()),
    );
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

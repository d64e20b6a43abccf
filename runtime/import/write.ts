/**
 * Applies an analysis inside one transaction: deletions (replace mode, children first), then
 * creates and updates in plan order, then the deferred foreign keys that close cycles, then
 * many-to-many links, then PostgreSQL sequences. Any error aborts the transaction, so the
 * database is left exactly as it was; the error says which model and record it stopped at.
 */
import { delegateOf, type Dialect, type Queries } from "../database.ts";
import { otherColumn } from "../export/links.ts";
import type { ImportOptions } from "../options.ts";
import type { BackupSchema, ModelSpec } from "../schema.ts";
import type { Analysis, LinkWrites, ModelWrites } from "./analyse.ts";

/** Rows per `createMany`, below SQLite's bound-parameter limit for wide tables. */
const ROWS_PER_INSERT = 500;
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

export interface WriteContext {
  readonly schema: BackupSchema;
  readonly queries: Queries;
  readonly dialect: Dialect;
  readonly analysis: Analysis;
  readonly replace: boolean;
  readonly onProgress?: ImportOptions["onProgress"];
}

export async function applyAnalysis(context: WriteContext): Promise<void> {
  const { analysis } = context;
  const total = analysis.models.reduce((sum, w) => sum + w.creates.length + w.updates.length + w.deletes.length + w.deferred.length, 0);
  const progress = { done: 0, total };
  const advance = (model: string, count: number) => {
    progress.done += count;
    context.onProgress?.({ phase: "write", model, done: progress.done, total });
  };

  if (context.replace) {
    for (const writes of analysis.models) await unsetDeferredKeys(context, writes.model);
    for (const writes of [...analysis.models].reverse()) await deleteRows(context, writes, advance);
  }
  for (const writes of analysis.models) {
    await createRows(context, writes, advance);
    await updateRows(context, writes.model, writes.updates, "Updating", advance);
  }
  for (const writes of analysis.models) await updateRows(context, writes.model, writes.deferred, "Linking", advance);
  for (const link of analysis.links) await writeLinks(context, link);
  if (context.dialect.provider === "postgresql") {
    for (const writes of analysis.models) await moveSequences(context, writes.model);
  }
}

async function step<T>(where: ConstructorParameters<typeof WriteStepError>[0], run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw error instanceof WriteStepError ? error : new WriteStepError(where, error);
  }
}

/** Replace mode: cycle-closing keys are cleared first, so rows on either side can be deleted. */
async function unsetDeferredKeys(context: WriteContext, model: ModelSpec): Promise<void> {
  for (const relation of model.relations.filter((r) => r.deferred)) {
    const data = Object.fromEntries(relation.fields.map((field) => [field, null]));
    const where = { OR: relation.fields.map((field) => ({ [field]: { not: null } })) };
    await step({ model: model.name, action: "Clearing links of" }, () => delegateOf(context.queries, model.delegate).updateMany({ where, data }));
  }
}

async function deleteRows(context: WriteContext, writes: ModelWrites, advance: (model: string, count: number) => void): Promise<void> {
  const { model } = writes;
  const delegate = delegateOf(context.queries, model.delegate);
  for (let start = 0; start < writes.deletes.length; start += KEYS_PER_DELETE) {
    const chunk = writes.deletes.slice(start, start + KEYS_PER_DELETE);
    await step({ model: model.name, action: "Deleting" }, () => delegate.deleteMany({ where: { OR: chunk } }));
    advance(model.name, chunk.length);
  }
}

async function createRows(context: WriteContext, writes: ModelWrites, advance: (model: string, count: number) => void): Promise<void> {
  const { model } = writes;
  const delegate = delegateOf(context.queries, model.delegate);
  for (let start = 0; start < writes.creates.length; start += ROWS_PER_INSERT) {
    const chunk = writes.creates.slice(start, start + ROWS_PER_INSERT);
    const first = chunk[0]!;
    const where = chunk.length === 1
      ? { model: model.name, recordId: first.recordId, path: first.path, action: "Creating" }
      : { model: model.name, recordId: `${first.recordId} … ${chunk[chunk.length - 1]!.recordId}`, path: first.path, action: "Creating" };
    await step(where, () => delegate.createMany({ data: chunk.map((create) => create.data) }));
    advance(model.name, chunk.length);
  }
}

async function updateRows(context: WriteContext, model: ModelSpec, updates: ModelWrites["updates"], action: string, advance: (model: string, count: number) => void): Promise<void> {
  const delegate = delegateOf(context.queries, model.delegate);
  for (const update of updates) {
    await step({ model: model.name, recordId: update.recordId, path: update.path, action }, () => delegate.update({ where: update.where, data: update.data }));
  }
  if (updates.length > 0) advance(model.name, updates.length);
}

async function writeLinks(context: WriteContext, link: LinkWrites): Promise<void> {
  const spec = context.schema.links[link.name]!;
  const { quote, param } = context.dialect;
  const table = quote(spec.table);
  const columns = `${quote(spec.ownerColumn)}, ${quote(otherColumn(spec))}`;
  if (link.clear) await step({ model: spec.owner, action: `Clearing ${spec.field} of` }, () => context.queries.$executeRawUnsafe(`DELETE FROM ${table}`));
  for (let start = 0; start < link.insert.length; start += PAIRS_PER_INSERT) {
    const chunk = link.insert.slice(start, start + PAIRS_PER_INSERT);
    const values = chunk.map((_, i) => `(${param(2 * i + 1)}, ${param(2 * i + 2)})`).join(", ");
    await step({ model: spec.owner, action: `Linking ${spec.field} of` }, () =>
      context.queries.$executeRawUnsafe(`INSERT INTO ${table} (${columns}) VALUES ${values}`, ...chunk.flat()),
    );
  }
}

/** After explicit ids, PostgreSQL's sequences must move past them or the next `create` collides. */
async function moveSequences(context: WriteContext, model: ModelSpec): Promise<void> {
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

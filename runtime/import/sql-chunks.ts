/**
 * Writes in chunks that still name the record at fault. A bulk statement writes thousands of
 * records at once, and the database's error does not say which one broke it; so on SQL
 * databases a chunk that fails is undone and its records are written again one by one, until
 * the one at fault fails alone and the error names it. On SQLite a failed statement undoes
 * itself and the transaction goes on; on PostgreSQL each chunk runs under a savepoint, which a
 * failure rolls back to (two more round trips per chunk, the price of naming the record).
 *
 * Updates may also conflict among themselves: record A takes the unique value that record B
 * gives up (a kept invoice moving to another sale). With `retryConflicts`, a record refused for
 * a unique value is handed back to the caller, to try again once the others are written.
 */
import type { Dialect, Queries } from "../database.ts";
import { isUniqueViolation } from "./sql-errors.ts";

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

export type Step = WriteStepError["step"];

/** Runs one write; its error, if any, says where. */
export async function step<T>(where: Step, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw error instanceof WriteStepError ? error : new WriteStepError(where, error);
  }
}

/** A record to write: what a failure names. */
export interface ChunkItem {
  readonly path?: string;
  readonly recordId: string;
}

export interface ChunkContext {
  readonly queries: Queries;
  readonly dialect: Dialect;
  readonly onWritten?: (model: string, rows: number) => void;
}

export interface ChunkRules {
  /** Each record must affect exactly one row (an update whose record is gone fails). */
  readonly exact: boolean;
  /** Records refused for a unique value are returned rather than thrown (updates). */
  readonly retryConflicts?: boolean;
}

const CHUNK_SAVEPOINT = "prisma_backup_chunk";
const RECORD_SAVEPOINT = "prisma_backup_record";

/** A record refused for a unique value, with the error that names it. */
export interface Refusal<T> {
  readonly item: T;
  readonly error: WriteStepError;
}

/**
 * Runs `run` over the items, `perStatement` at a time, and reports progress after each;
 * returns the records refused for a unique value when `rules.retryConflicts` is set.
 */
export async function writeChunks<T extends ChunkItem>(
  context: ChunkContext,
  model: { readonly name: string },
  action: string,
  items: readonly T[],
  perStatement: number,
  rules: ChunkRules,
  run: (chunk: readonly T[]) => Promise<number>,
): Promise<Refusal<T>[]> {
  const at = (chunk: readonly T[]): Step => ({
    model: model.name,
    action,
    ...(chunk[0]!.path === undefined ? {} : { path: chunk[0]!.path }),
    recordId: chunk.length === 1 ? chunk[0]!.recordId : `${chunk[0]!.recordId} … ${chunk[chunk.length - 1]!.recordId}`,
  });
  const checked = async (chunk: readonly T[]) => {
    const count = await run(chunk);
    if (rules.exact && count !== chunk.length) throw Object.assign(new Error("the record to update no longer exists"), { code: "P2025" });
  };
  const guard = undoable(context);
  const refusals: Refusal<T>[] = [];
  for (let start = 0; start < items.length; start += perStatement) {
    const chunk = items.slice(start, start + perStatement);
    const before = refusals.length;
    if (!guard || (chunk.length === 1 && !rules.retryConflicts)) await step(at(chunk), () => checked(chunk));
    else await guard(CHUNK_SAVEPOINT, at(chunk), () => checked(chunk), (error) => oneByOne(guard, chunk, at, checked, rules, error, refusals));
    context.onWritten?.(model.name, chunk.length - (refusals.length - before));
  }
  return refusals;
}

/**
 * Runs `write`; when it fails, its changes are undone and `recover` decides: it writes again
 * another way, or throws. Savepoints are named, since they may nest (a chunk, then a record).
 */
type Undoable = (name: string, where: Step, write: () => Promise<void>, recover: (error: unknown) => Promise<void>) => Promise<void>;

/** How a failed write is undone in this database; undefined on the portable path (not at all). */
function undoable(context: ChunkContext): Undoable | undefined {
  const { dialect, queries } = context;
  if (!dialect.bulk) return undefined;
  if (dialect.statementRollback) {
    return async (_name, _where, write, recover) => {
      try {
        await write();
      } catch (error) {
        await recover(error);
      }
    };
  }
  return async (name, where, write, recover) => {
    const exec = (sql: string) => step(where, () => queries.$executeRawUnsafe(sql));
    await exec(`SAVEPOINT ${name}`);
    try {
      await write();
    } catch (error) {
      // A closed or timed-out transaction cannot roll back: the error is reported as it came.
      await exec(`ROLLBACK TO SAVEPOINT ${name}`).catch(() => Promise.reject(error instanceof WriteStepError ? error : new WriteStepError(where, error)));
      await recover(error);
    }
    await exec(`RELEASE SAVEPOINT ${name}`);
  };
}

/**
 * The chunk's records one by one, after the chunk failed with `chunkError`: the first to fail
 * alone is the one named, unless it was refused for a unique value and `rules.retryConflicts`
 * asks for such records back (in `refusals`).
 */
async function oneByOne<T extends ChunkItem>(
  guard: Undoable,
  chunk: readonly T[],
  at: (chunk: readonly T[]) => Step,
  write: (chunk: readonly T[]) => Promise<void>,
  rules: ChunkRules,
  chunkError: unknown,
  refusals: Refusal<T>[],
): Promise<void> {
  const before = refusals.length;
  for (const item of chunk) {
    if (!rules.retryConflicts) {
      await step(at([item]), () => write([item]));
      continue;
    }
    await guard(RECORD_SAVEPOINT, at([item]), () => write([item]), async (error) => {
      if (!isUniqueViolation(error)) throw new WriteStepError(at([item]), error);
      refusals.push({ item, error: new WriteStepError(at([item]), error) });
    });
  }
  // Every record went through alone: the chunk's failure was not one record's.
  if (refusals.length === before) throw new WriteStepError(at(chunk), chunkError);
}

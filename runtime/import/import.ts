/**
 * `importAll`: the whole import, in the order that makes it safe.
 *
 * 1. Read the file (`read.ts`): inflate, hash, parse and validate every record and check every
 *    reference as the bytes stream, keeping only keys. Any problem stops here.
 * 2. Analyse against the database: creates, merges, conflicts. Conflicts without a resolution,
 *    or a dry run, stop here with the report: nothing is written.
 * 3. Back up the current data (when `backupBefore` is set); if that fails, stop.
 * 4. In one transaction, read the records again batch by batch, analyse each batch (the
 *    database may have changed meanwhile) and write it. Any error rolls everything back.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { BackupDefinition, BackupInput } from "../backup.ts";
import { dialectOf, type Database, type Dialect, type Queries } from "../database.ts";
import { exportBytes } from "../export/export.ts";
import { DEFAULT_MAX_BYTES } from "../format/open.ts";
import { readAll } from "../format/read-all.ts";
import type { BackupMetadata, ImportOptions, ImportReport, Problem } from "../options.ts";
import { BackupError, problem } from "../problems.ts";
import type { ModelSpec } from "../schema.ts";
import { Analyser, type Findings, type Update } from "./analyse.ts";
import { Batcher, planBatches } from "./batches.ts";
import { idKey, RecordReader } from "./collect.ts";
import { databaseProblem } from "./database-errors.ts";
import { readBackup, type ReadFile } from "./read.ts";
import { deleteRows, deleteUnreferencedRows, insertLinks, clearLinks, insertRows, moveSequences, updateRows, type WriteContext } from "./write.ts";

const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * An import validated and analysed, not yet written. `report` is what a dry run returns; when
 * it is `ok`, `commit` writes (routes use the pause to choose a status code before streaming
 * the write's progress).
 */
export interface PreparedImport {
  readonly report: ImportReport;
  commit(options?: Pick<ImportOptions, "onProgress">): Promise<ImportReport>;
}

export async function importBackup(definition: BackupDefinition, db: Database, input: BackupInput, options: ImportOptions = {}): Promise<ImportReport> {
  // Without a pre-import backup nothing happens before the transaction, so the analysis can run
  // once, inside it (conflicts then abort it before any write). A backup should not be taken for
  // an import that conflicts, so with one the analysis runs first, outside, as for a preview.
  const analyseFirst = (options.dryRun ?? false) || options.backupBefore !== undefined;
  const prepared = await prepareImport(definition, db, input, options, analyseFirst);
  if (!prepared.report.ok || prepared.report.dryRun) return prepared.report;
  return prepared.commit();
}

/** A transaction aborted because its analysis found conflicts: nothing was written. */
class ConflictsFound extends Error {
  constructor(readonly findings: Findings) {
    super("The import has conflicts to decide.");
  }
}

export async function prepareImport(
  definition: BackupDefinition,
  db: Database,
  input: BackupInput,
  options: ImportOptions = {},
  analyseFirst = true,
): Promise<PreparedImport> {
  const started = performance.now();
  const mode = options.mode ?? "merge";
  const dryRun = options.dryRun ?? false;
  let warnings: Problem[] = [];
  let metadata: BackupMetadata | undefined;
  let findings: Findings | undefined;
  let backupPath: string | undefined;
  let committed = false;

  const report = (fields: { ok: boolean; written: boolean; errors?: Problem[] }): ImportReport =>
    buildReport({ ...fields, mode, dryRun, warnings, metadata, findings, backupPath, durationMs: performance.now() - started });
  const refused = (result: ImportReport): PreparedImport => ({
    report: result,
    commit: async () => result,
  });

  try {
    options.onProgress?.({ phase: "read", done: 0, total: 0 });
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    const bytes = await readAll(input, maxBytes);
    const dialect = dialectOf(db, definition.schema.provider);
    options.onProgress?.({ phase: "validate", done: 0, total: 0 });
    const read = await readBackup(definition, bytes, { mode, maxBytes, database: { queries: db, dialect }, onProgress: options.onProgress });
    warnings = read.warnings;
    if (!read.ok) {
      metadata = read.metadata;
      return refused(report({ ok: false, written: false, errors: read.problems }));
    }
    const { file } = read;
    metadata = file.metadata;
    const total = metadata.total_records;

    if (analyseFirst) {
      options.onProgress?.({ phase: "analyse", done: 0, total });
      findings = await runImport({ definition, queries: db, dialect, file, options });
    }
    const ready = report({ ok: (findings?.conflicts.length ?? 0) === 0, written: false });
    if (!ready.ok || dryRun) return refused(ready);

    const commit = async (commitOptions: Pick<ImportOptions, "onProgress"> = {}): Promise<ImportReport> => {
      if (committed) throw new Error("This import was already committed.");
      committed = true;
      const onProgress = commitOptions.onProgress ?? options.onProgress;
      try {
        if (options.backupBefore) {
          onProgress?.({ phase: "backup", done: 0, total: 0 });
          backupPath = await backUpFirst(definition, db, options.backupBefore);
        }
        await db.$transaction(
          async (queries) => {
            onProgress?.({ phase: "analyse", done: 0, total });
            findings = await runImport({ definition, queries, dialect, file, options, onProgress, write: { analysedFirst: analyseFirst } });
          },
          { timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, maxWait: 60_000 },
        );
        onProgress?.({ phase: "done", done: total, total });
        return report({ ok: true, written: true });
      } catch (error) {
        if (error instanceof ConflictsFound) {
          findings = error.findings;
          return report({ ok: false, written: false });
        }
        return report({ ok: false, written: false, errors: problemsOf(error, definition.schema) });
      }
    };
    return { report: ready, commit };
  } catch (error) {
    return refused(report({ ok: false, written: false, errors: problemsOf(error, definition.schema) }));
  }
}

interface Run {
  readonly definition: BackupDefinition;
  readonly queries: Queries;
  readonly dialect: Dialect;
  readonly file: ReadFile;
  readonly options: ImportOptions;
  readonly onProgress?: ImportOptions["onProgress"];
  /** Absent: analyse only (a preview). */
  readonly write?: { readonly analysedFirst: boolean };
}

/**
 * Reads the file's records again, analyses them batch by batch and, when writing, writes each
 * batch, in the order `write.ts` explains: replace's clearing and early deletions first, the
 * batches, then late deletions, cycle-closing keys, links and sequences.
 */
async function runImport(run: Run): Promise<Findings> {
  const { definition, queries, dialect, file, options, write } = run;
  const { schema } = definition;
  const models = schema.plan.order.filter((name) => file.covered.has(name)).map((name) => schema.models[name]!);
  const plan = planBatches(definition, file.forward);
  const analyser = new Analyser(definition, queries, dialect, options, plan.late);
  await analyser.start(file.covered, file.counts);

  const total = file.metadata.total_records;
  let done = 0;
  const context: WriteContext = {
    schema,
    codecs: definition.codecs,
    queries,
    dialect,
    onWritten: (model, rows) => {
      done += rows;
      run.onProgress?.({ phase: "write", model, done: Math.min(done, total), total });
    },
  };

  const childrenFirst = [...models].reverse();
  const deletes = new Map<ModelSpec, object[]>();
  if (options.mode === "replace") {
    for (const model of models) {
      const ids = file.ids.get(model.name);
      deletes.set(model, await analyser.deletions(model, ids && ((record) => ids.has(idKey(model, record)))));
    }
    if (write) {
      // Rows that point at rows to delete are detached first (cycle-closing keys among them).
      for (const model of childrenFirst) deletes.set(model, await deleteUnreferencedRows(context, model, deletes.get(model)!, file.covered));
    }
  }

  // An update refused for a unique value that a row of a later batch gives up is tried again at the end.
  const refused: [ModelSpec, Update[]][] = [];
  const batcher = new Batcher(definition, analyser, plan, write && (async (writes) => {
    await insertRows(context, writes.model, writes.creates, writes.later);
    const left = await updateRows(context, writes.model, writes.updates, "Updating", { deferConflicts: true });
    if (left.length > 0) refused.push([writes.model, left]);
  }));
  const reader = new RecordReader(definition, file.layout, file.covered, file.metadata.counts, [], batcher, { trusted: true });
  await file.source.walk(reader);
  await batcher.flush();

  const { findings } = analyser;
  if (write && findings.conflicts.length > 0) {
    // Without a preview the conflicts are found here: the transaction is abandoned, nothing written.
    if (!write.analysedFirst) throw new ConflictsFound(findings);
    throw new BackupError([problem("database_error", "The database changed during the import and new conflicts appeared; nothing was written. Run the import again.")]);
  }
  const links = [];
  for (const [name, pairs] of batcher.links) links.push(await analyser.links(name, pairs));
  if (!write) return findings;

  for (const [model, updates] of refused) await updateRows(context, model, updates, "Updating");
  for (const model of childrenFirst) await deleteRows(context, model, deletes.get(model) ?? []);
  for (const writes of batcher.deferred) await updateRows(context, writes.model, writes.deferred, "Linking");
  for (const link of links) {
    if (link.clear) await clearLinks(context, link.name);
    await insertLinks(context, link.name, link.insert);
  }
  for (const model of models) await moveSequences(context, model);
  return findings;
}

function problemsOf(error: unknown, schema: BackupDefinition["schema"]): Problem[] {
  return error instanceof BackupError ? error.problems : [databaseProblem(error, schema)];
}

async function backUpFirst(definition: BackupDefinition, db: Database, target: NonNullable<ImportOptions["backupBefore"]>): Promise<string> {
  const fileName = `pre-import-${new Date().toISOString().replace(/[:.]/g, "-")}.json.gz`;
  try {
    const bytes = await exportBytes(definition, db, { compress: true });
    if (typeof target === "function") return await target(bytes, fileName);
    const path = join(target, fileName);
    await writeFile(path, bytes, { flag: "wx" });
    return path;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new BackupError([
      problem("pre_import_backup_failed", `The current data could not be backed up before the import (${reason}), so the import did not start. Check that the backup directory exists, is writable and has free space.`),
    ]);
  }
}

interface ReportFields {
  ok: boolean;
  written: boolean;
  errors?: Problem[];
  mode: "merge" | "replace";
  dryRun: boolean;
  warnings: Problem[];
  metadata: BackupMetadata | undefined;
  findings: Findings | undefined;
  backupPath: string | undefined;
  durationMs: number;
}

function buildReport(fields: ReportFields): ImportReport {
  const { findings } = fields;
  const models = findings?.counts ?? {};
  const totals = { inFile: 0, created: 0, updated: 0, skipped: 0, deleted: 0, conflicts: 0 };
  for (const counts of Object.values(models)) {
    for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += counts[key];
  }
  return {
    ok: fields.ok,
    mode: fields.mode,
    dryRun: fields.dryRun,
    written: fields.written,
    models,
    totals,
    links: findings?.links ?? {},
    conflicts: findings?.conflicts ?? [],
    resolved: findings?.resolved ?? 0,
    idMappings: findings?.idMappings ?? [],
    errors: fields.errors ?? [],
    warnings: fields.warnings,
    ...(fields.backupPath ? { backupPath: fields.backupPath } : {}),
    ...(fields.metadata ? { metadata: fields.metadata } : {}),
    durationMs: Math.round(fields.durationMs),
  };
}



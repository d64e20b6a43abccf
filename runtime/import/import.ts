/**
 * `importAll`: the whole import, in the order that makes it safe.
 *
 * 1. Open the file: detect gzip, decompress, verify the checksum, check format and version.
 * 2. Read every record: validate with the generated Zod schemas, check every reference.
 * 3. Analyse against the database: creates, merges, conflicts. Conflicts without a resolution,
 *    or a dry run, stop here with the report: nothing is written.
 * 4. Back up the current data (when `backupBefore` is set); if that fails, stop.
 * 5. In one transaction, analyse again (the database may have changed meanwhile) and write.
 *    Any error rolls everything back.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { BackupDefinition, BackupInput } from "../backup.ts";
import { dialectOf, type Database } from "../database.ts";
import { exportBytes } from "../export/export.ts";
import { nodePrimitives } from "../format/node-primitives.ts";
import { openBackup, DEFAULT_MAX_BYTES } from "../format/open.ts";
import { readAll } from "../format/read-all.ts";
import type { BackupMetadata, ImportOptions, ImportReport, Problem } from "../options.ts";
import { BackupError, problem } from "../problems.ts";
import { analyseImport, type Analysis } from "./analyse.ts";
import { collectRecords } from "./collect.ts";
import { databaseProblem } from "./database-errors.ts";
import { checkReferences } from "./references.ts";
import { applyAnalysis } from "./write.ts";

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
class ConflictsFound extends Error {}

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
  const warnings: Problem[] = [];
  let metadata: BackupMetadata | undefined;
  let analysis: Analysis | undefined;
  let backupPath: string | undefined;
  let committed = false;

  const report = (fields: { ok: boolean; written: boolean; errors?: Problem[] }): ImportReport =>
    buildReport({ ...fields, mode, dryRun, warnings, metadata, analysis, backupPath, durationMs: performance.now() - started });
  const refused = (result: ImportReport): PreparedImport => ({
    report: result,
    commit: async () => result,
  });

  try {
    options.onProgress?.({ phase: "read", done: 0, total: 0 });
    const bytes = await readAll(input, DEFAULT_MAX_BYTES);
    const opened = await openBackup(bytes, nodePrimitives);
    if (!opened.ok) return refused(report({ ok: false, written: false, errors: opened.problems }));
    metadata = opened.document.metadata;
    const total = metadata.total_records;

    options.onProgress?.({ phase: "validate", done: 0, total });
    const collected = collectRecords(definition, opened.document);
    warnings.push(...collected.warnings);
    if (collected.errors.length > 0) return refused(report({ ok: false, written: false, errors: collected.errors }));
    const dialect = dialectOf(db, definition.schema.provider);
    const dangling = await checkReferences(definition, db, dialect, collected, mode);
    if (dangling.length > 0) return refused(report({ ok: false, written: false, errors: dangling }));

    if (analyseFirst) {
      options.onProgress?.({ phase: "analyse", done: 0, total });
      analysis = await analyseImport(definition, db, dialect, collected, options);
    }
    const ready = report({ ok: (analysis?.conflicts.length ?? 0) === 0, written: false });
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
            analysis = await analyseImport(definition, queries, dialect, collected, options);
            if (analysis.conflicts.length > 0 && !analyseFirst) throw new ConflictsFound();
            if (analysis.conflicts.length > 0) {
              throw new BackupError([problem("database_error", "The database changed during the import and new conflicts appeared; nothing was written. Run the import again.")]);
            }
            await applyAnalysis({ schema: definition.schema, queries, dialect, analysis, replace: mode === "replace", onProgress });
          },
          { timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, maxWait: 60_000 },
        );
        onProgress?.({ phase: "done", done: total, total });
        return report({ ok: true, written: true });
      } catch (error) {
        if (error instanceof ConflictsFound) return report({ ok: false, written: false });
        return report({ ok: false, written: false, errors: problemsOf(error, definition.schema) });
      }
    };
    return { report: ready, commit };
  } catch (error) {
    return refused(report({ ok: false, written: false, errors: problemsOf(error, definition.schema) }));
  }
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
  analysis: Analysis | undefined;
  backupPath: string | undefined;
  durationMs: number;
}

function buildReport(fields: ReportFields): ImportReport {
  const { analysis } = fields;
  const models = analysis?.counts ?? {};
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
    links: Object.fromEntries((analysis?.links ?? []).map((link) => [link.name, link.counts])),
    conflicts: analysis?.conflicts ?? [],
    resolved: analysis?.resolved ?? 0,
    idMappings: analysis?.idMappings ?? [],
    errors: fields.errors ?? [],
    warnings: fields.warnings,
    ...(fields.backupPath ? { backupPath: fields.backupPath } : {}),
    ...(fields.metadata ? { metadata: fields.metadata } : {}),
    durationMs: Math.round(fields.durationMs),
  };
}



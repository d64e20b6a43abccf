/**
 * `prisma-backup import FILE`: the same import as the route (lock, decryption, validation,
 * analysis, pre-import backup into the backup directory, one transaction, audit entry), with
 * the outcome as the exit code: 0 done, 3 invalid file, 4 conflicts, 5 busy, 6 failed.
 */
import { readFile } from "node:fs/promises";
import type { Backup } from "../../backup.ts";
import { startImport, type ImportState } from "../../history/import-job.ts";
import type { ImportOptions, ImportReport, Resolution } from "../../options.ts";
import { formatProblem } from "../../problems.ts";
import { readInput, readPasswordFile, type CommandContext } from "../context.ts";
import { CliError, EXIT, type ExitCode } from "../exit-codes.ts";
import { formatSize, table } from "../output.ts";
import { parseSize } from "../size.ts";

export interface ImportCommandOptions {
  readonly dryRun?: boolean;
  readonly mode: string;
  readonly resolve?: string;
  readonly resolutions?: string;
  readonly passwordFile?: string;
  /** Commander's `--no-backup`. */
  readonly backup: boolean;
  /** `--max-bytes`: the largest decompressed document accepted (default the runtime's, 1 GB). */
  readonly maxBytes?: string;
  readonly json?: boolean;
}

const EXIT_OF: Record<ImportState, ExitCode> = { invalid: EXIT.invalid, conflicts: EXIT.conflicts, busy: EXIT.busy, failed: EXIT.failed, preview: EXIT.ok, ready: EXIT.ok };
const SHOWN_CONFLICTS = 20;

export async function importCommand(context: CommandContext, file: string, options: ImportCommandOptions): Promise<number> {
  if (options.mode !== "merge" && options.mode !== "replace") throw new CliError(EXIT.usage, `--mode must be merge or replace (got "${options.mode}").`);
  const maxBytes = options.maxBytes !== undefined ? parseSize("--max-bytes", options.maxBytes) : undefined;
  const resolutions = await resolutionsOf(options);
  const password = await readPasswordFile(options.passwordFile);
  const bytes = await readInput(file);
  const { out } = context;
  const job = await startImport({
    backup: context.config.backup as Backup<unknown>,
    prisma: await context.prisma(),
    store: context.store,
    audit: context.audit,
    actor: context.actor,
    bytes,
    fileName: file,
    ...(password ? { password } : {}),
    mode: options.mode,
    dryRun: options.dryRun ?? false,
    ...(resolutions ? { resolutions } : {}),
    skipBackup: !options.backup,
    ...(maxBytes !== undefined ? { maxBytes } : {}),
  });
  let report = job.report;
  let state = job.state;
  if (state === "ready") {
    const bar = out.progress("Importing");
    try {
      report = await job.commit(bar ? (p) => bar.update(p) : undefined);
    } finally {
      bar?.stop();
    }
    if (!report.ok) state = "failed";
  }
  if (options.json) out.result(JSON.stringify(report, null, 2));
  else out.result(describe(report, state, file, bytes.length));
  return EXIT_OF[state];
}

async function resolutionsOf(options: ImportCommandOptions): Promise<ImportOptions["resolutions"]> {
  const answers: Record<string, Resolution> = {};
  if (options.resolutions) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(options.resolutions, "utf8"));
    } catch (error) {
      throw new CliError(EXIT.usage, `--resolutions ${options.resolutions}: not a readable JSON file (${(error as Error).message}).`);
    }
    for (const [id, answer] of Object.entries(parsed as Record<string, unknown>)) {
      if (answer !== "existing" && answer !== "incoming") throw new CliError(EXIT.usage, `--resolutions: "${id}" must be "existing" or "incoming" (got ${JSON.stringify(answer)}).`);
      answers[id] = answer;
    }
  }
  if (options.resolve !== undefined) {
    if (options.resolve !== "existing" && options.resolve !== "incoming") throw new CliError(EXIT.usage, `--resolve must be existing or incoming (got "${options.resolve}").`);
    answers.default = options.resolve;
  }
  return Object.keys(answers).length > 0 ? answers : undefined;
}

function describe(report: ImportReport, state: ImportState, file: string, size: number): string {
  const lines: string[] = [];
  const headline: Record<ImportState, string> = {
    ready: `Imported ${file} (${report.mode}).`,
    preview: `Dry run of ${file} (${report.mode}): nothing was written.`,
    invalid: `${file} cannot be imported: nothing was written.`,
    conflicts: `${report.conflicts.length} conflict${report.conflicts.length > 1 ? "s" : ""} await a decision: nothing was written. Answer with --resolve existing|incoming, or --resolutions FILE.json.`,
    busy: "Another import is running: nothing was done.",
    failed: "The import failed and was rolled back: nothing was written.",
  };
  lines.push(headline[state]);
  const models = Object.entries(report.models);
  if (models.length > 0) {
    const rows = [["model", "in file", "created", "updated", "unchanged", "deleted", "conflicts"]];
    for (const [name, c] of models) rows.push([name, ...[c.inFile, c.created, c.updated, c.skipped, c.deleted, c.conflicts].map(String)]);
    const t = report.totals;
    rows.push(["total", ...[t.inFile, t.created, t.updated, t.skipped, t.deleted, t.conflicts].map(String)]);
    lines.push("", table(rows));
  }
  for (const conflict of report.conflicts.slice(0, SHOWN_CONFLICTS)) {
    lines.push(`  conflict ${conflict.id}: database ${JSON.stringify(conflict.existing)} ≠ file ${JSON.stringify(conflict.incoming)}`);
  }
  if (report.conflicts.length > SHOWN_CONFLICTS) lines.push(`  …and ${report.conflicts.length - SHOWN_CONFLICTS} more (--json lists them all).`);
  for (const problem of report.errors) lines.push(`✖ ${formatProblem(problem)}`);
  for (const warning of report.warnings) lines.push(`! ${formatProblem(warning)}`);
  if (report.backupPath) lines.push(`Pre-import backup: ${report.backupPath}`);
  lines.push(`(${formatSize(size)} read in ${(report.durationMs / 1000).toFixed(1)} s)`);
  return lines.join("\n");
}

/**
 * One step of the benchmark, in its own process (started by bench/run.ts): the peak memory it
 * reports, `process.resourceUsage().maxRSS`, is then this operation's alone. The task comes
 * as JSON in argv[2]; the result goes to stdout as one line after RESULT_PREFIX.
 *
 * Modules are loaded by the task that needs them (the seed, the contenders, the merge-file
 * maker, the test support's dump), each contender's before its measurement starts, so that
 * a measured process holds what its operation uses and nothing the other tasks do.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { readFile, stat, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { isDeepStrictEqual } from "node:util";
import { gunzipSync } from "node:zlib";
import type { ImportReport } from "../runtime/options.ts";
import type { AnyPrismaClient } from "../scripts/lib/database-url.ts";
import type { DbHandle, RawConnection } from "./lib/databases.ts";
import type { MergeExpectation } from "./lib/merge-file.ts";
import { RESULT_PREFIX, type Measured, type Task } from "./lib/protocol.ts";

const databases = () => import("./lib/databases.ts");
const documents = () => import("./lib/document.ts");
const ourBackup = async () => (await import("../generated/backup/index.ts")).backup;

const LONG = 24 * 3_600_000;
const MB = 1024 * 1024;

/** With BENCH_PROFILE set: a CPU profile of the measured operation alone, written there. */
async function startProfile(): Promise<(() => Promise<void>) | undefined> {
  const target = process.env.BENCH_PROFILE;
  if (!target) return undefined;
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  return async () => {
    const { profile } = await session.post("Profiler.stop");
    session.disconnect();
    await writeFile(target, JSON.stringify(profile));
  };
}

async function measured(file: string, run: () => Promise<{ records: number; jsonBytes?: number; detail?: Record<string, unknown> }>): Promise<Measured> {
  const baseMB = process.memoryUsage().rss / MB;
  const stopProfile = await startProfile();
  const started = performance.now();
  const outcome = await run();
  const seconds = (performance.now() - started) / 1000;
  const peakMB = process.resourceUsage().maxRSS / 1024;
  await stopProfile?.();
  return {
    seconds,
    records: outcome.records,
    jsonBytes: outcome.jsonBytes ?? (await (await documents()).gzipContentSize(file)),
    fileBytes: (await stat(file)).size,
    baseMB: Math.round(baseMB),
    peakMB: Math.round(peakMB),
    ...(outcome.detail ? { detail: outcome.detail } : {}),
  };
}

async function withPrisma<T>(db: DbHandle, run: (prisma: AnyPrismaClient) => Promise<T>): Promise<T> {
  const { prisma, close } = await (await databases()).openPrisma(db);
  try {
    await prisma.$queryRawUnsafe("SELECT 1"); // connected before the clock starts
    return await run(prisma);
  } finally {
    await close();
  }
}

async function withRaw<T>(db: DbHandle, run: (raw: RawConnection) => Promise<T>): Promise<T> {
  const raw = await (await databases()).openRaw(db); // connected before the clock starts
  try {
    return await run(raw);
  } finally {
    await raw.close();
  }
}

/** After an import: every table holds what the file says (join tables: the pairs). */
async function checkCounts(db: DbHandle, file: string): Promise<Record<string, unknown>> {
  const { modelOf, readMetadata, schema } = await documents();
  const metadata = await readMetadata(file);
  const tables = [...Object.values(schema.models).map((model) => model.table), ...Object.values(schema.links).map((link) => link.table)];
  const counts = await (await databases()).tableCounts(db, tables);
  const wrong = Object.entries(metadata.counts).filter(([name, n]) => counts[modelOf(name).table] !== n);
  if (wrong.length > 0) throw new Error(`After the import: ${wrong.map(([name, n]) => `${name} ${counts[modelOf(name).table]} rows, file ${n}`).join("; ")}`);
  return { rows: counts };
}

function summary(report: ImportReport): Record<string, unknown> {
  return { totals: report.totals, resolved: report.resolved, links: report.links, durationMs: report.durationMs };
}

async function exportWith(task: Extract<Task, { kind: "export" }>): Promise<Measured> {
  const { db, file } = task;
  switch (task.contender) {
    case "raw": {
      const { rawExport } = await import("./lib/raw-export.ts");
      return withRaw(db, (raw) => measured(file, () => rawExport(raw, file)));
    }
    case "naive": {
      const { naiveExport } = await import("./lib/naive.ts");
      return withPrisma(db, (prisma) => measured(file, () => naiveExport(prisma, db.provider, file)));
    }
    case "ours": {
      const backup = await ourBackup();
      return withPrisma(db, async (prisma) => {
        const result = await measured(file, async () => {
          await pipeline(Readable.fromWeb(backup.exportStream(prisma as never) as never), createWriteStream(file));
          return { records: 0 };
        });
        return { ...result, records: (await (await documents()).readMetadata(file)).total_records };
      });
    }
  }
}

async function importWith(task: Extract<Task, { kind: "import" }>): Promise<Measured> {
  const { db, file } = task;
  switch (task.contender) {
    case "raw": {
      const { rawImport } = await import("./lib/raw-import.ts");
      const result = await withRaw(db, (raw) => measured(file, () => rawImport(raw, file)));
      return { ...result, detail: await checkCounts(db, file) };
    }
    case "naive": {
      const { naiveImport } = await import("./lib/naive.ts");
      const result = await withPrisma(db, (prisma) => measured(file, () => naiveImport(prisma, db.provider, file)));
      return { ...result, detail: await checkCounts(db, file) };
    }
    case "ours": {
      const backup = await ourBackup();
      const expected = task.merge;
      let report: ImportReport | undefined;
      const result = await withPrisma(db, (prisma) =>
        measured(file, async () => {
          const input = Readable.toWeb(createReadStream(file)) as unknown as ReadableStream<Uint8Array>;
          report = await backup.importAll(prisma as never, input, {
            mode: expected ? "merge" : "replace",
            timeoutMs: LONG,
            ...(expected ? { resolutions: { default: "incoming" } } : {}),
          });
          if (!report.ok) {
            const [first] = report.errors;
            throw new Error(`${first?.code ?? "refused"}: ${first?.message ?? JSON.stringify(report.conflicts.slice(0, 1))}`);
          }
          return { records: report.totals.inFile };
        }),
      );
      if (!report) throw new Error("No import report");
      if (!expected) {
        if (report.totals.created !== result.records || report.totals.deleted !== 0) throw new Error(`Replace into an empty database: ${JSON.stringify(report.totals)}`);
        return { ...result, detail: { ...summary(report), ...(await checkCounts(db, file)) } };
      }
      const countsExact = isDeepStrictEqual(report.models, expected.models) && isDeepStrictEqual(report.links, expected.links);
      const mismatches = Object.keys(expected.models)
        .filter((name) => !isDeepStrictEqual(report!.models[name], expected.models[name]))
        .map((name) => ({ model: name, report: report!.models[name], expected: expected.models[name] }));
      return { ...result, detail: { ...summary(report), countsExact, expected: { totals: totalsOf(expected) }, ...(mismatches.length > 0 ? { mismatches } : {}) } };
    }
  }
}

function totalsOf(expected: MergeExpectation): Record<string, number> {
  const totals: Record<string, number> = { inFile: 0, created: 0, updated: 0, skipped: 0, deleted: 0, conflicts: 0 };
  for (const counts of Object.values(expected.models)) for (const key of Object.keys(totals)) totals[key]! += counts[key as keyof typeof counts];
  return totals;
}

/** Uncompressed documents equal once `exported_at` and the checksum are set aside. */
async function compareFiles(reference: string, others: Record<string, string>): Promise<Record<string, unknown>> {
  const normalise = async (file: string) =>
    gunzipSync(await readFile(file))
      .toString("utf8")
      .replace(/"exported_at":"[^"]*"/, '"exported_at":""')
      .replace(/,\s*"checksum"\s*:\s*"[0-9a-f]{64}"\s*\}\s*$/, "");
  const expected = await normalise(reference);
  const results: Record<string, unknown> = {};
  for (const [name, file] of Object.entries(others)) {
    const actual = await normalise(file);
    if (actual === expected) {
      results[name] = { equal: true, bytes: Buffer.byteLength(actual) };
      continue;
    }
    let at = 0;
    while (at < actual.length && actual[at] === expected[at]) at++;
    results[name] = { equal: false, at, reference: expected.slice(Math.max(0, at - 80), at + 80), actual: actual.slice(Math.max(0, at - 80), at + 80) };
  }
  return results;
}

/** Whole databases equal (sessions and the omitted password hashes aside: backups leave them out). */
async function compareDatabases(reference: DbHandle, others: Record<string, DbHandle>): Promise<Record<string, unknown>> {
  const options = { excludeTables: ["sessions"], excludeColumns: { users: ["password_hash"] } };
  const { dumpDatabase } = await import("../tests/support/databases.ts");
  const dump = (db: DbHandle) => withPrisma(db, (prisma) => dumpDatabase(prisma, options));
  const expected = await dump(reference);
  const results: Record<string, unknown> = {};
  for (const [name, db] of Object.entries(others)) {
    const actual = await dump(db);
    const differing = Object.keys(expected).filter((table) => !isDeepStrictEqual(expected[table], actual[table]));
    results[name] = { equal: differing.length === 0, ...(differing.length > 0 ? { tables: differing } : {}) };
  }
  return results;
}

async function run(task: Task): Promise<unknown> {
  switch (task.kind) {
    case "seed": {
      const { seedDatabase } = await import("../prisma/seed.ts");
      return withPrisma(task.db, async (prisma) => {
        const report = await seedDatabase(prisma, { records: task.records });
        return { seconds: report.durationMs / 1000, total: report.total, counts: report.counts, links: report.links };
      });
    }
    case "export":
      return exportWith(task);
    case "import":
      return importWith(task);
    case "make-merge":
      return (await import("./lib/merge-file.ts")).makeMergeFile(task.input, task.output, task.unchanged);
    case "compare-files":
      return compareFiles(task.reference, task.others);
    case "compare-databases":
      return compareDatabases(task.reference, task.others);
  }
}

const task = JSON.parse(process.argv[2] ?? "null") as Task | null;
if (!task) throw new Error("bench/child.ts: pass the task as JSON");
let output: unknown;
try {
  output = { ok: true, value: await run(task) };
} catch (error) {
  output = { ok: false, error: error instanceof Error ? error.message : String(error) };
}
process.stdout.write(`\n${RESULT_PREFIX}${JSON.stringify(output)}\n`);

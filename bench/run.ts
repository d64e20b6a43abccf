/**
 * `npm run bench`: the performance benchmark of issue 7 (a benchmark, not a timed test).
 *
 *   --records N        records to seed (default 100000; 5000 with --quick)
 *   --providers LIST   sqlite,postgresql (default both; PostgreSQL is the server at
 *                      127.0.0.1:5432 when it answers, else PGlite, and the report says which)
 *   --only LIST        export,import,merge,naive,raw (default all): export/import/merge are
 *                      ours (import = replace into an empty database, merge = into the full
 *                      one), naive and raw are the baselines' export and import
 *   --quick            a small run for CI (5,000 records)
 *   --out FILE         results file (default bench/results/latest.json)
 *   --profile          CPU profiles of our operations (the measured window only) in
 *                      bench/results/profiles/ (read them with bench/profile.ts)
 *   --verify / --no-verify  compare the imported databases with the source row by row
 *                      (default: on up to 200,000 records)
 *   --repeat N         run each measurement N times and keep the fastest (default 1): other
 *                      work on the machine only ever slows a run down
 *   --keep             keep the temporary databases and files (their paths are printed)
 *   --merge-unchanged LIST  models whose records the merge workload leaves unchanged (default
 *                      none; copies still include them), to see what one model's updates cost
 *   --heap MB          run every export and import (ours and the baselines') with
 *                      --max-old-space-size=MB: what each operation needs, rather than what
 *                      V8 lets its heap grow to when it may
 *
 * It seeds a database, then measures every operation in its own child process (bench/child.ts),
 * one after the other, and prints a table, then the same figures as one JSON object on the
 * last line, which it also writes to the results file. Ratios to raw are rows/s over the raw
 * driver's rows/s measured in the same run. See docs/BENCHMARKS.md.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { copyDatabase, createEmptyDatabase, describePostgres, dropDatabase, openPgConnection, runTag, type BenchProvider, type DbHandle } from "./lib/databases.ts";
import type { MergeExpectation } from "./lib/merge-file.ts";
import { RESULT_PREFIX, type Contender, type Measured, type Task } from "./lib/protocol.ts";

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.dirname(benchDir);
const GROUPS = ["export", "import", "merge", "naive", "raw"] as const;
type Group = (typeof GROUPS)[number];
type Operation = "export" | "import" | "merge";

interface Options {
  readonly records: number;
  readonly providers: BenchProvider[];
  readonly only: Set<Group>;
  readonly quick: boolean;
  readonly out: string;
  readonly profile: boolean;
  readonly verify: boolean;
  readonly keep: boolean;
  readonly repeat: number;
  readonly mergeUnchanged: string[];
  readonly skipped: string[];
  /** --max-old-space-size of the measured processes, if capped. */
  readonly heap?: number;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      records: { type: "string" },
      providers: { type: "string", default: "sqlite,postgresql" },
      only: { type: "string" },
      quick: { type: "boolean", default: false },
      out: { type: "string", default: path.join(benchDir, "results/latest.json") },
      profile: { type: "boolean", default: false },
      verify: { type: "boolean" },
      "no-verify": { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
      repeat: { type: "string", default: "1" },
      "merge-unchanged": { type: "string", default: "" },
      heap: { type: "string" },
    },
  });
  const heap = values.heap === undefined ? undefined : Number(values.heap);
  if (heap !== undefined && (!Number.isSafeInteger(heap) || heap < 64)) throw new Error(`--heap wants a number of megabytes of at least 64, not "${values.heap}"`);
  const records = Number(values.records ?? (values.quick ? 5_000 : 100_000));
  if (!Number.isSafeInteger(records) || records < 100) throw new Error(`--records wants a whole number of at least 100, not "${values.records}"`);
  const repeat = Number(values.repeat);
  if (!Number.isSafeInteger(repeat) || repeat < 1) throw new Error(`--repeat wants a whole number of at least 1, not "${values.repeat}"`);
  const providers = values.providers.split(",").map((p) => p.trim()).filter(Boolean);
  for (const provider of providers) if (provider !== "sqlite" && provider !== "postgresql") throw new Error(`--providers: "${provider}" is neither sqlite nor postgresql`);
  const only = new Set((values.only ?? GROUPS.join(",")).split(",").map((g) => g.trim()).filter(Boolean) as Group[]);
  for (const group of only) if (!GROUPS.includes(group)) throw new Error(`--only: "${group}" is not one of ${GROUPS.join(", ")}`);
  const skipped: string[] = [];
  // The naive import needs gigabytes and minutes past a few hundred thousand records: ask for it by name.
  if (!values.only && records > 200_000) {
    only.delete("naive");
    skipped.push("naive (above 200,000 records; pass --only …,naive to run it)");
  }
  return {
    records,
    providers: providers as BenchProvider[],
    only,
    quick: values.quick,
    out: path.resolve(values.out),
    profile: values.profile,
    verify: values["no-verify"] ? false : (values.verify ?? records <= 200_000),
    keep: values.keep,
    repeat,
    mergeUnchanged: values["merge-unchanged"].split(",").map((m) => m.trim()).filter(Boolean),
    skipped,
    ...(heap !== undefined ? { heap } : {}),
  };
}

// ── Child processes ─────────────────────────────────────────────────────────────────────

type ChildOutcome<T> = { ok: true; value: T } | { ok: false; error: string };

function runChild<T>(task: Task, profileName?: string, heapMb?: number): Promise<ChildOutcome<T>> {
  const heap = heapMb === undefined ? [] : [`--max-old-space-size=${heapMb}`];
  const args = [...heap, "--conditions=source", "--import", "tsx", path.join(benchDir, "child.ts"), JSON.stringify(task)];
  const env = profileName ? { ...process.env, BENCH_PROFILE: path.join(benchDir, "results/profiles", `${profileName}.cpuprofile`) } : process.env;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => {
      stdout += text;
    });
    child.on("close", (code, signal) => {
      const line = stdout.split("\n").findLast((l) => l.startsWith(RESULT_PREFIX));
      const other = stdout.split("\n").filter((l) => l.trim() && !l.startsWith(RESULT_PREFIX)).join("\n");
      if (other) process.stderr.write(`${other}\n`);
      if (!line) {
        resolve({ ok: false, error: `the child process ended (${signal ?? `exit code ${code}`}) without a result` });
        return;
      }
      resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as ChildOutcome<T>);
    });
  });
}

const clock = performance.now();

function say(text: string): void {
  process.stderr.write(`[${((performance.now() - clock) / 1000).toFixed(0).padStart(4)} s] ${text}\n`);
}

// ── Results ─────────────────────────────────────────────────────────────────────────────

interface Row {
  readonly provider: BenchProvider;
  readonly operation: Operation;
  readonly contender: Contender;
  readonly records?: number;
  readonly seconds?: number;
  readonly rowsPerSec?: number;
  /** Uncompressed JSON megabytes (2^20 bytes) per second. */
  readonly mbPerSec?: number;
  readonly peakMB?: number;
  readonly baseMB?: number;
  readonly fileMB?: number;
  readonly jsonMB?: number;
  /** Uncompressed size over gzip'd size. */
  readonly compression?: number;
  /** rows/s over the raw driver's rows/s for the same operation (merge: over raw import). */
  vsRaw?: number | null;
  readonly error?: string;
  readonly detail?: Record<string, unknown>;
  /** 1-minute load average when it started. */
  readonly loadAtStart?: number;
  /** With --repeat: every attempt's seconds (the row shows the fastest). */
  readonly attempts?: number[];
}

const MB = 1024 * 1024;
const round = (value: number, digits: number) => Number(value.toFixed(digits));

function rowOf(provider: BenchProvider, operation: Operation, contender: Contender, outcome: ChildOutcome<Measured>): Row {
  if (!outcome.ok) return { provider, operation, contender, error: outcome.error };
  const m = outcome.value;
  return {
    provider,
    operation,
    contender,
    records: m.records,
    seconds: round(m.seconds, 3),
    rowsPerSec: Math.round(m.records / m.seconds),
    mbPerSec: round(m.jsonBytes / MB / m.seconds, 2),
    peakMB: m.peakMB,
    baseMB: m.baseMB,
    fileMB: round(m.fileBytes / MB, 2),
    jsonMB: round(m.jsonBytes / MB, 2),
    compression: round(m.jsonBytes / m.fileBytes, 2),
    ...(m.detail ? { detail: m.detail } : {}),
  };
}

function fillRatios(rows: Row[]): void {
  for (const row of rows) {
    const base = rows.find((r) => r.provider === row.provider && r.contender === "raw" && r.operation === (row.operation === "export" ? "export" : "import"));
    row.vsRaw = row.rowsPerSec && base?.rowsPerSec ? round(row.rowsPerSec / base.rowsPerSec, 3) : null;
  }
}

interface Target {
  readonly what: string;
  readonly provider: BenchProvider;
  readonly measure: (rows: Row[]) => number | null | undefined;
  readonly goal: string;
  readonly met: (value: number) => boolean;
  readonly at: string;
}

const find = (rows: Row[], provider: BenchProvider, operation: Operation, contender: Contender) =>
  rows.find((r) => r.provider === provider && r.operation === operation && r.contender === contender);

const TARGETS: Target[] = [
  ...(["sqlite", "postgresql"] as const).flatMap((provider): Target[] => {
    const at = provider === "sqlite" ? "1M records" : "100k records";
    return [
      { what: "export ours/raw rows/s", provider, measure: (rows) => find(rows, provider, "export", "ours")?.vsRaw, goal: "≥ 0.8", met: (v) => v >= 0.8, at },
      { what: "import ours/raw rows/s", provider, measure: (rows) => find(rows, provider, "import", "ours")?.vsRaw, goal: "≥ 0.6", met: (v) => v >= 0.6, at },
      { what: "merge ours/raw import rows/s", provider, measure: (rows) => find(rows, provider, "merge", "ours")?.vsRaw, goal: "≥ 0.3", met: (v) => v >= 0.3, at },
    ];
  }),
  { what: "export peak memory (MB)", provider: "sqlite", measure: (rows) => find(rows, "sqlite", "export", "ours")?.peakMB, goal: "≤ 300", met: (v) => v <= 300, at: "1M records" },
  { what: "import peak memory (MB)", provider: "sqlite", measure: (rows) => find(rows, "sqlite", "import", "ours")?.peakMB, goal: "≤ 500", met: (v) => v <= 500, at: "1M records" },
];

function table(rows: Row[]): string {
  const headers = ["provider", "operation", "contender", "records", "time s", "rows/s", "MB/s", "peak MB", "base MB", "file MB", "gz ratio", "vs raw"];
  const number = (value: number | undefined, digits = 0) => (value === undefined ? "" : value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }));
  const lines = rows.map((r) =>
    r.error
      ? [r.provider, r.operation, r.contender, `FAILED: ${r.error.slice(0, 160)}`]
      : [
          r.provider,
          r.operation,
          r.contender,
          number(r.records),
          number(r.seconds, 2),
          number(r.rowsPerSec),
          number(r.mbPerSec, 1),
          number(r.peakMB),
          number(r.baseMB),
          number(r.fileMB, 1),
          r.compression === undefined ? "" : `${r.compression.toFixed(1)}×`,
          r.vsRaw === null || r.vsRaw === undefined ? "" : r.vsRaw.toFixed(2),
        ],
  );
  const widths = headers.map((h, i) => Math.max(h.length, ...lines.filter((l) => l.length === headers.length).map((l) => l[i]!.length)));
  const format = (cells: string[]) =>
    cells.length < headers.length ? `| ${cells.slice(0, 3).map((c, i) => c.padEnd(widths[i]!)).join(" | ")} | ${cells[3]} |` : `| ${cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`;
  return [format(headers), `|${widths.map((w, i) => (i < 3 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`, ...lines.map(format)].join("\n");
}

// ── Machine ─────────────────────────────────────────────────────────────────────────────

async function machine(loadBefore: number[], postgres: string): Promise<Record<string, unknown>> {
  const memory = new Database(":memory:");
  const sqlite = (memory.prepare("SELECT sqlite_version() AS v").get() as { v: string }).v;
  memory.close();
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGB: round(os.totalmem() / 1024 ** 3, 1),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    sqlite,
    postgres,
    /** 1-minute load average before and after the run: other work on the machine skews absolute figures (less so the ratios). */
    loadAverage: { before: loadBefore.map((l) => round(l, 2)), after: os.loadavg().map((l) => round(l, 2)) },
  };
}

async function postgresVersion(db: DbHandle): Promise<string> {
  const connection = await openPgConnection(db);
  try {
    const { rows } = await connection.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    return rows[0]?.v ?? "unknown";
  } finally {
    await connection.close();
  }
}

/** Which code was measured: the runtime moves fast, and uncommitted changes count. */
function sourceState(): { commit: string; runtimeChanged: string[] } {
  try {
    const git = (...args: string[]) => execFileSync("git", args, { cwd: repoRoot, encoding: "utf8" }).trimEnd();
    return { commit: git("rev-parse", "--short", "HEAD"), runtimeChanged: git("status", "--porcelain", "--", "runtime", "generated/backup").split("\n").filter(Boolean).map((l) => l.slice(3)) };
  } catch {
    return { commit: "unknown", runtimeChanged: [] };
  }
}

// ── One provider ────────────────────────────────────────────────────────────────────────

interface ProviderRun {
  seed?: unknown;
  postgres?: string;
  checks: Record<string, unknown>;
}

async function benchProvider(provider: BenchProvider, options: Options, dir: string, rows: Row[], cleanup: DbHandle[]): Promise<ProviderRun> {
  const run: ProviderRun = { checks: {} };
  const tag = provider === "sqlite" ? "sqlite" : runTag();
  const name = (suffix: string) => `${tag}_${suffix}`;
  const keep = (db: DbHandle) => (cleanup.push(db), db);
  const drop = async (db: DbHandle) => {
    if (options.keep) return;
    await dropDatabase(db);
    const at = cleanup.indexOf(db);
    if (at !== -1) cleanup.splice(at, 1);
  };
  const label = (text: string) => `${provider}: ${text}`;
  const timed = <T>(text: string, task: Task, profile?: string) => {
    say(label(`${text}…`));
    // The cap is for the operations measured; seeding and the checks around them hold more on purpose.
    const heap = task.kind === "export" || task.kind === "import" ? options.heap : undefined;
    return runChild<T>(task, options.profile && profile ? `${provider}-${profile}` : undefined, heap);
  };
  /**
   * Runs an operation `--repeat` times (each attempt on a fresh target, when it writes one) and
   * keeps the fastest; a failure ends the attempts. Returns the row and the kept target.
   */
  const measure = async (operation: Operation, contender: Contender, attempt: () => Promise<{ task: Task; target?: DbHandle }>) => {
    let best: { row: Row; target?: DbHandle } | undefined;
    const seconds: number[] = [];
    for (let i = 0; i < options.repeat; i++) {
      const { task, target } = await attempt();
      const load = round(os.loadavg()[0]!, 2);
      const row: Row = { ...rowOf(provider, operation, contender, await timed<Measured>(`${operation} ${contender}${options.repeat > 1 ? ` (${i + 1}/${options.repeat})` : ""}`, task, contender === "ours" ? operation : undefined)), loadAtStart: load };
      say(label(row.error ? `${operation} ${contender} FAILED: ${row.error}` : `${operation} ${contender}: ${row.seconds} s, ${row.rowsPerSec?.toLocaleString("en-US")} rows/s, peak ${row.peakMB} MB`));
      if (row.error) {
        if (target) await drop(target);
        if (best?.target) await drop(best.target);
        best = { row };
        break;
      }
      seconds.push(row.seconds!);
      if (!best || row.seconds! < best.row.seconds!) {
        if (best?.target) await drop(best.target);
        best = { row, ...(target ? { target } : {}) };
      } else if (target) await drop(target);
    }
    const row = !best!.row.error && seconds.length > 1 ? { ...best!.row, attempts: seconds } : best!.row;
    rows.push(row);
    return { row, target: best!.target };
  };

  const empty = keep(await createEmptyDatabase(provider, dir, name("empty")));
  if (empty.kind !== "sqlite") run.postgres = await postgresVersion(empty);
  const source = keep(await copyDatabase(empty, dir, name("source")));
  const seeded = await timed<{ seconds: number; total: number }>(`seeding ${options.records.toLocaleString("en-US")} records`, { kind: "seed", db: source, records: options.records });
  if (!seeded.ok) throw new Error(`Seeding failed: ${seeded.error}`);
  run.seed = seeded.value;
  say(label(`seeded ${seeded.value.total.toLocaleString("en-US")} records in ${seeded.value.seconds} s`));

  // Exports, from the seeded database.
  const files: Record<Contender, string> = {
    ours: path.join(dir, `${provider}-ours.json.gz`),
    raw: path.join(dir, `${provider}-raw.json.gz`),
    naive: path.join(dir, `${provider}-naive.json.gz`),
  };
  const exporters: [Group, Contender][] = [["export", "ours"], ["raw", "raw"], ["naive", "naive"]];
  const exported: Contender[] = [];
  for (const [group, contender] of exporters) {
    if (!options.only.has(group)) continue;
    const { row } = await measure("export", contender, async () => ({ task: { kind: "export", contender, db: source, file: files[contender] } }));
    if (!row.error) exported.push(contender);
  }
  if (exported.length >= 2) {
    const [reference, ...others] = exported;
    const compared = await timed<Record<string, { equal: boolean }>>("comparing the exported files", { kind: "compare-files", reference: files[reference!], others: Object.fromEntries(others.map((c) => [c, files[c]])) });
    run.checks.sameBytes = compared.ok ? { reference, ...compared.value } : { error: compared.error };
    if (compared.ok) for (const [other, result] of Object.entries(compared.value)) say(label(`${other} export ${result.equal ? "byte-identical to" : "DIFFERS from"} ${reference}'s (exported_at and checksum aside)`));
  }

  // The file every importer reads: ours when there is one.
  let input = exported.length > 0 ? files[exported[0]!] : undefined;
  const importers: [Group, Contender][] = [["import", "ours"], ["raw", "raw"], ["naive", "naive"]];
  if (!input && (importers.some(([group]) => options.only.has(group)) || options.only.has("merge"))) {
    const prepared = await timed<Measured>("writing the file to import (raw exporter, not measured)", { kind: "export", contender: "raw", db: source, file: files.raw });
    if (!prepared.ok) throw new Error(`Could not write the file to import: ${prepared.error}`);
    input = files.raw;
  }

  // Imports: replace into an empty database, each into its own copy.
  const imported: Record<string, DbHandle> = {};
  for (const [group, contender] of importers) {
    if (!options.only.has(group)) continue;
    let attempt = 0;
    const { target } = await measure("import", contender, async () => {
      const db = keep(await copyDatabase(empty, dir, name(`import_${contender}_${++attempt}`)));
      return { task: { kind: "import", contender, db, file: input! }, target: db };
    });
    if (target) imported[contender] = target;
  }
  if (options.verify && Object.keys(imported).length > 0) {
    const compared = await timed<Record<string, { equal: boolean }>>("comparing the imported databases with the source", { kind: "compare-databases", reference: source, others: imported });
    run.checks.sameDatabase = compared.ok ? compared.value : { error: compared.error };
    if (compared.ok) for (const [contender, result] of Object.entries(compared.value)) say(label(`database imported by ${contender} ${result.equal ? "equals" : "DIFFERS from"} the source`));
  }
  for (const db of Object.values(imported)) await drop(db);

  // Merge: ~10% changed, ~10% new, into a copy of the seeded database.
  if (options.only.has("merge")) {
    const mergeFile = path.join(dir, `${provider}-merge.json.gz`);
    const made = await timed<MergeExpectation>("writing the merge file (not measured)", { kind: "make-merge", input: input!, output: mergeFile, unchanged: options.mergeUnchanged });
    if (!made.ok) throw new Error(`Could not write the merge file: ${made.error}`);
    let attempt = 0;
    const { row, target } = await measure("merge", "ours", async () => {
      const db = keep(await copyDatabase(source, dir, name(`merge_${++attempt}`)));
      return { task: { kind: "import", contender: "ours", db, file: mergeFile, merge: made.value }, target: db };
    });
    run.checks.mergeCounts = row.error ? { exact: false, error: row.error } : { exact: row.detail?.countsExact === true, expected: row.detail?.expected, report: row.detail?.totals };
    if (target) await drop(target);
  }
  await drop(source);
  await drop(empty);
  return run;
}

// ── Main ────────────────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const loadBefore = os.loadavg();
  const source = sourceState();
  const postgres = options.providers.includes("postgresql") ? await describePostgres() : undefined;
  if (postgres) say(postgres.text);
  for (const note of options.skipped) say(`skipped: ${note}`);
  const dir = await mkdtemp(path.join(os.tmpdir(), "prisma-backup-bench-"));
  if (options.profile) await mkdir(path.join(benchDir, "results/profiles"), { recursive: true });
  const rows: Row[] = [];
  const cleanup: DbHandle[] = [];
  const providers: Record<string, ProviderRun> = {};
  const started = performance.now();
  try {
    for (const provider of options.providers) providers[provider] = await benchProvider(provider, options, dir, rows, cleanup);
  } finally {
    if (options.keep) say(`kept: ${dir}${cleanup.length > 0 ? ` and ${cleanup.map((db) => db.url).join(", ")}` : ""}`);
    else {
      for (const db of cleanup.splice(0)) await dropDatabase(db).catch(() => {});
      await rm(dir, { recursive: true, force: true });
    }
  }
  fillRatios(rows);

  const host = await machine(loadBefore, postgres ? `${postgres.text}${providers.postgresql?.postgres ? `, version ${providers.postgresql.postgres}` : ""}` : "PostgreSQL not used");
  const targets = TARGETS.filter((t) => options.providers.includes(t.provider)).map((t) => {
    const value = t.measure(rows);
    return { what: t.what, provider: t.provider, value: value ?? null, goal: t.goal, at: t.at, met: value === null || value === undefined ? null : t.met(value), measuredAt: options.records };
  });
  const result = {
    bench: "prisma-backup",
    date: new Date().toISOString(),
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
    machine: host,
    source,
    options: { records: options.records, providers: options.providers, only: [...options.only], quick: options.quick, verify: options.verify, repeat: options.repeat, mergeUnchanged: options.mergeUnchanged, skipped: options.skipped },
    seconds: round((performance.now() - started) / 1000, 1),
    seed: Object.fromEntries(Object.entries(providers).map(([p, run]) => [p, run.seed])),
    results: rows,
    targets,
    checks: Object.fromEntries(Object.entries(providers).map(([p, run]) => [p, run.checks])),
  };

  const out: string[] = [];
  const load = host.loadAverage as { before: number[]; after: number[] };
  out.push(`prisma-backup bench: ${options.records.toLocaleString("en-US")} records seeded; ${host.cpus} CPUs (${host.cpuModel}), ${host.memoryGB} GB, Node ${host.node}, SQLite ${host.sqlite}; ${host.postgres}; load average ${load.before[0]} before, ${load.after[0]} after${options.heap ? `; every export and import capped at --max-old-space-size=${options.heap}` : ""}`);
  out.push(`Code: ${source.commit}${source.runtimeChanged.length > 0 ? ` with uncommitted changes in ${source.runtimeChanged.join(", ")}` : ""}`);
  out.push("");
  out.push(table(rows));
  out.push("");
  out.push("rows/s: records (file's metadata.total_records) per second, join-table pairs not counted; MB/s: uncompressed JSON; peak MB: maxRSS of the operation's own process (base MB: its RSS before starting); vs raw: rows/s over the raw driver's (merge: over the raw replace import).");
  out.push("");
  out.push("Targets of issue 7 (ratios measured in this run):");
  for (const t of targets) {
    const value = t.value === null ? "not measured" : t.what.includes("MB") ? `${t.value} MB` : t.value.toFixed(2);
    out.push(`  ${t.provider.padEnd(10)} ${t.what.padEnd(30)} ${value.padStart(12)}   goal ${t.goal} at ${t.at}${t.met === null ? "" : t.met ? "   met" : "   NOT MET"}${options.records < 1_000_000 && t.at.startsWith("1M") ? ` (measured at ${options.records.toLocaleString("en-US")})` : ""}`);
  }
  out.push("");
  out.push(`Checks: ${JSON.stringify(result.checks)}`);
  await mkdir(path.dirname(options.out), { recursive: true });
  await writeFile(options.out, `${JSON.stringify(result, null, 2)}\n`);
  out.push(`Written to ${path.relative(process.cwd(), options.out) || options.out}`);
  process.stdout.write(`${out.join("\n")}\n${JSON.stringify(result)}\n`);
}

await main();

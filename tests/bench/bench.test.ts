/**
 * `npm run bench -- --quick` end to end, so the benchmark does not rot: it must run on both
 * providers (PostgreSQL: the server at 127.0.0.1:5432, else PGlite), print its table and, as
 * its last line, the JSON it writes to the results file; every operation must succeed with a
 * well-formed row, the baselines must match ours (same bytes, same databases) and the merge
 * report must give exactly the counts the edited file implies. No timing assertion: CI
 * machines vary.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

interface Row {
  provider: string;
  operation: string;
  contender: string;
  records?: number;
  seconds?: number;
  rowsPerSec?: number;
  mbPerSec?: number;
  peakMB?: number;
  fileMB?: number;
  jsonMB?: number;
  compression?: number;
  vsRaw?: number | null;
  error?: string;
  detail?: Record<string, unknown>;
}

interface BenchResult {
  bench: string;
  machine: { cpus: number; memoryGB: number; node: string; postgres: string };
  options: { records: number; providers: string[] };
  results: Row[];
  targets: { what: string; value: number | null; goal: string }[];
  checks: Record<string, { sameBytes?: Record<string, unknown>; sameDatabase?: Record<string, { equal: boolean }>; mergeCounts?: { exact: boolean; error?: string } }>;
}

function runBench(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "bench/run.ts", ...args], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => (stdout += text));
    child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("npm run bench -- --quick", () => {
  let dir: string;
  let run: Awaited<ReturnType<typeof runBench>>;
  let result: BenchResult;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "prisma-backup-bench-test-"));
    run = await runBench(["--quick", "--out", path.join(dir, "latest.json")]);
    const lines = run.stdout.trimEnd().split("\n");
    result = JSON.parse(lines[lines.length - 1]!) as BenchResult;
  }, 15 * 60_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("exits cleanly, prints a table, and ends with the JSON it wrote to the results file", async () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/\| provider\s+\| operation \| contender \|/);
    expect(JSON.parse(await readFile(path.join(dir, "latest.json"), "utf8"))).toEqual(result);
    expect(result.bench).toBe("prisma-backup");
    expect(result.machine.cpus).toBeGreaterThan(0);
    expect(result.machine.node).toBe(process.version);
    expect(result.options.providers).toEqual(["sqlite", "postgresql"]);
  });

  it("measures every operation of every contender on both providers, each in a well-formed row", () => {
    const expected = ["export ours", "export raw", "export naive", "import ours", "import raw", "import naive", "merge ours"];
    for (const provider of ["sqlite", "postgresql"]) {
      const rows = result.results.filter((row) => row.provider === provider);
      expect(rows.map((row) => `${row.operation} ${row.contender}`).sort()).toEqual([...expected].sort());
      for (const row of rows) {
        expect(row.error, `${provider} ${row.operation} ${row.contender}`).toBeUndefined();
        expect(row.records, JSON.stringify(row)).toBeGreaterThan(4_000);
        for (const key of ["seconds", "rowsPerSec", "mbPerSec", "peakMB", "fileMB", "jsonMB"] as const) expect(row[key], `${provider} ${row.operation} ${row.contender} ${key}`).toBeGreaterThan(0);
        expect(row.compression).toBeGreaterThan(2);
        expect(typeof row.vsRaw).toBe("number");
        if (row.contender === "raw") expect(row.vsRaw).toBe(1);
      }
    }
  });

  it("checks its baselines: the same bytes as ours, the same databases as the source, exact merge counts", () => {
    for (const provider of ["sqlite", "postgresql"]) {
      const checks = result.checks[provider]!;
      expect(checks.sameBytes).toMatchObject({ reference: "ours", raw: { equal: true }, naive: { equal: true } });
      expect(checks.sameDatabase).toEqual({ ours: { equal: true }, raw: { equal: true }, naive: { equal: true } });
      const merge = result.results.find((row) => row.provider === provider && row.operation === "merge")!;
      expect(checks.mergeCounts?.exact, JSON.stringify(merge.detail)).toBe(true);
    }
    expect(result.targets.length).toBeGreaterThan(0);
  });
});

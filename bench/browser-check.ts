/**
 * The browser's file check at scale (issue 7: "a 100k-record file is checked in a few seconds
 * without freezing the page"): a backup of N seeded records, checked in headless Chromium in a
 * Web Worker as the app does (decompress, checksum, every record against the generated
 * validators), and once on the main thread for contrast. A benchmark, not a test.
 *
 *   node --conditions=source --import tsx bench/browser-check.ts [--records 100000] [--repeat 3] [--file F]
 *
 *   --records N   records to seed (default 100000); the file is kept in bench/results/ and
 *                 reused while the schema's fingerprint is the same
 *   --file F      check this backup instead
 *   --repeat N    worker checks (default 3): the fastest is reported, each is listed
 *
 * Prints a table, then the figures as one JSON object on the last line, also written to
 * bench/results/browser-check.json. docs/BENCHMARKS.md, "The browser's file check".
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { launchChromium } from "../tests/browser/support/browser.ts";
import { seededBackupFile, startCheckHarness, type BrowserCheck } from "./browser-harness.ts";

const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "results");

const { values } = parseArgs({ options: { records: { type: "string", default: "100000" }, file: { type: "string" }, repeat: { type: "string", default: "3" } } });
const records = Number(values.records);
const repeat = Number(values.repeat);
if (!Number.isSafeInteger(records) || records < 1 || !Number.isSafeInteger(repeat) || repeat < 1) throw new Error("--records and --repeat want whole numbers above 0");

const file = values.file ? { path: values.file, bytes: new Uint8Array(await readFile(values.file)) } : await seededBackupFile(records, resultsDir);
const harness = await startCheckHarness();
const browser = await launchChromium();
const runs: BrowserCheck[] = [];
let mainThread: BrowserCheck;
try {
  for (let i = 0; i < repeat; i++) runs.push(await harness.check(browser, file.bytes, "worker"));
  mainThread = await harness.check(browser, file.bytes, "main-thread");
} finally {
  await browser.close();
  await harness.close();
}

const best = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
const total = Object.values(best.counts).reduce((sum, n) => sum + n, 0);
if (!best.ok) throw new Error(`The check refused the file: ${best.problems.join(", ")}`);
const stageMs = (check: BrowserCheck) => ({ decompressMs: check.stages.records ?? check.ms, recordsMs: check.ms - (check.stages.records ?? check.ms) });
const row = (name: string, check: BrowserCheck) => {
  const { decompressMs, recordsMs } = stageMs(check);
  return [name, (check.ms / 1000).toFixed(2), (decompressMs / 1000).toFixed(2), (recordsMs / 1000).toFixed(2), Math.round(total / (check.ms / 1000)).toLocaleString("en"), String(check.maxFrameGapMs), String(check.maxTimerDelayMs), `${check.longTasks} (${check.longestTaskMs} ms)`];
};
const header = ["where", "s", "open s", "records s", "records/s", "max frame gap ms", "max timer delay ms", "long tasks (longest)"];
const rows = [header, ...runs.map((run, i) => row(`worker #${i + 1}`, run)), row("main thread", mainThread)];
const widths = header.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
const load = os.loadavg().map((n) => n.toFixed(2)).join(" ");

console.log(`${path.basename(file.path)}: ${(file.bytes.length / 1024 / 1024).toFixed(1)} MB, ${total.toLocaleString("en")} records; Chromium headless, ${os.cpus().length} cores, load ${load}`);
console.log("open = decompress, checksum, JSON parse; records = every record validated, ids, references inside the file");
for (const r of rows) console.log(r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  "));
const summary = {
  file: path.basename(file.path),
  fileMb: Number((file.bytes.length / 1024 / 1024).toFixed(2)),
  records: total,
  worker: { ...best, ...stageMs(best) },
  workerRunsMs: runs.map((r) => r.ms),
  mainThread: { ...mainThread, ...stageMs(mainThread) },
  cores: os.cpus().length,
  load,
  at: new Date().toISOString(),
};
await mkdir(resultsDir, { recursive: true });
await writeFile(path.join(resultsDir, "browser-check.json"), `${JSON.stringify(summary, null, 2)}\n`);
console.log(JSON.stringify(summary));

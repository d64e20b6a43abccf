/**
 * Figures the reliability tests measure (faults injected and survived, files refused, latencies),
 * written as JSON under `test-results/reliability/` so that one run's totals can be read back
 * (`summary.ts` prints them after `npm run test:faults`) and copied into docs/RELIABILITY.md.
 */
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { repoRoot } from "../../../scripts/lib/prisma-schema.ts";

export const RESULTS_DIR = path.join(repoRoot, "test-results/reliability");

export async function recordResult(name: string, figures: Record<string, unknown>): Promise<void> {
  await mkdir(RESULTS_DIR, { recursive: true });
  await writeFile(path.join(RESULTS_DIR, `${name}.json`), `${JSON.stringify({ name, at: new Date().toISOString(), ...figures }, null, 2)}\n`);
}

export async function readResults(): Promise<Record<string, Record<string, unknown>>> {
  let names: string[] = [];
  try {
    names = (await readdir(RESULTS_DIR)).filter((n) => n.endsWith(".json"));
  } catch {
    return {};
  }
  const results: Record<string, Record<string, unknown>> = {};
  for (const name of names.sort()) results[name.replace(/\.json$/, "")] = JSON.parse(await readFile(path.join(RESULTS_DIR, name), "utf8")) as Record<string, unknown>;
  return results;
}

/** The peak of a process's resident memory, sampled (and the kernel's high-water mark). */
export function sampleMemory(intervalMs = 20): { stop(): { peakRssMb: number; maxRssMb: number } } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, intervalMs);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return { peakRssMb: Math.round(peak / 1024 / 1024), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
    },
  };
}

/** The q-quantile (0..1) of some numbers, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

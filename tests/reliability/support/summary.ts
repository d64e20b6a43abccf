/**
 * Global setup of `npm run test:faults`: clears the previous run's figures, and at the end
 * prints the totals that docs/RELIABILITY.md reports (faults injected and survived, hostile
 * files tried and refused, rows lost, load figures).
 */
import { rm } from "node:fs/promises";
import { readResults, RESULTS_DIR } from "./results.ts";

export async function setup(): Promise<void> {
  await rm(RESULTS_DIR, { recursive: true, force: true });
}

export async function teardown(): Promise<void> {
  const results = await readResults();
  const names = Object.keys(results);
  if (names.length === 0) return;
  console.log("\nReliability figures (test-results/reliability/*.json):");
  for (const name of names) {
    const { name: _name, at: _at, ...figures } = results[name]!;
    console.log(`  ${name}: ${JSON.stringify(figures)}`);
  }
}

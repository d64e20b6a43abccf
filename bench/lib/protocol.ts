/**
 * What bench/run.ts and bench/child.ts say to each other: the tasks, and what a measured
 * operation reports.
 */
import type { DbHandle } from "./databases.ts";
import type { MergeExpectation } from "./merge-file.ts";

export const RESULT_PREFIX = "BENCH_RESULT ";

export type Contender = "ours" | "naive" | "raw";

export type Task =
  | { readonly kind: "seed"; readonly db: DbHandle; readonly records: number }
  | { readonly kind: "export"; readonly contender: Contender; readonly db: DbHandle; readonly file: string }
  | { readonly kind: "import"; readonly contender: Contender; readonly db: DbHandle; readonly file: string; readonly merge?: MergeExpectation }
  | { readonly kind: "make-merge"; readonly input: string; readonly output: string; readonly unchanged: readonly string[] }
  | { readonly kind: "compare-files"; readonly reference: string; readonly others: Record<string, string> }
  | { readonly kind: "compare-databases"; readonly reference: DbHandle; readonly others: Record<string, DbHandle> };

/** What a measured operation reports. */
export interface Measured {
  readonly seconds: number;
  readonly records: number;
  /** Uncompressed JSON bytes written or read. */
  readonly jsonBytes: number;
  /** The gzip'd file's size. */
  readonly fileBytes: number;
  /** Resident memory when the operation started (Node, Prisma and the drivers loaded). */
  readonly baseMB: number;
  /** `process.resourceUsage().maxRSS` at its end. */
  readonly peakMB: number;
  readonly detail?: Record<string, unknown>;
}

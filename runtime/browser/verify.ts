/**
 * Checking a backup file in the browser before anything is uploaded: the same checks as the
 * server's import up to the database (format, version, checksum, every record against the
 * generated Zod schemas), with fflate and Web Crypto. Runs anywhere (page or worker); see
 * `worker.ts` for running it off the page's main thread.
 */
import type { ModelCodec } from "../codec.ts";
import type { BackupDefinition } from "../backup.ts";
import { openBackup, DEFAULT_MAX_BYTES } from "../format/open.ts";
import { collectRecords } from "../import/collect.ts";
import type { BackupMetadata, Problem } from "../options.ts";
import type { BackupSchema } from "../schema.ts";
import { browserPrimitives } from "./primitives.ts";

/** What the browser needs of the generated module: the schema and each model's record validator and test. */
export interface VerifyDefinition {
  readonly schema: BackupSchema;
  readonly codecs: Readonly<Record<string, Pick<ModelCodec, "record" | "isRecord">>>;
}

export type VerifyStage = "decompress" | "records";

export type Verification =
  | {
      readonly ok: true;
      readonly metadata: BackupMetadata;
      readonly compressed: boolean;
      /** Bytes of the uncompressed document. */
      readonly size: number;
      /** Records per model, as validated. */
      readonly counts: Record<string, number>;
      readonly warnings: Problem[];
      readonly durationMs: number;
    }
  | {
      readonly ok: false;
      readonly problems: Problem[];
      readonly warnings: Problem[];
      readonly metadata?: BackupMetadata;
      readonly durationMs: number;
    };

export interface VerifyOptions {
  readonly maxBytes?: number;
  readonly onStage?: (stage: VerifyStage) => void;
}

export async function verifyBackup(definition: VerifyDefinition, bytes: Uint8Array, options: VerifyOptions = {}): Promise<Verification> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  options.onStage?.("decompress");
  const opened = await openBackup(bytes, browserPrimitives, options.maxBytes ?? DEFAULT_MAX_BYTES);
  if (!opened.ok) return { ok: false, problems: opened.problems, warnings: [], durationMs: elapsed() };

  options.onStage?.("records");
  // collectRecords reads only `schema` and each codec's `record` validator and test: the server-only
  // conversions (toRecord/fromRecord) are never called, so the browser need not ship them.
  const collected = await collectRecords(definition as BackupDefinition, opened.document);
  const { metadata } = opened.document;
  if (collected.errors.length > 0) {
    return { ok: false, problems: collected.errors, warnings: collected.warnings, metadata, durationMs: elapsed() };
  }
  const counts: Record<string, number> = {};
  for (const [model, records] of collected.records) counts[model] = records.length;
  return { ok: true, metadata, compressed: opened.compressed, size: opened.size, counts, warnings: collected.warnings, durationMs: elapsed() };
}

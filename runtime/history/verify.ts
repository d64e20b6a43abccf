/**
 * `verifyBackup`: the thorough check of a file without touching any database: decrypt (when
 * encrypted), decompress, verify the checksum, parse, check format and version, then validate
 * every record against the generated schemas (types, required fields, duplicates, counts).
 * References to records outside the file cannot be checked without the database.
 */
import type { BackupDefinition } from "../backup.ts";
import { unsealBackup } from "../crypto/unseal.ts";
import { DEFAULT_MAX_BYTES } from "../format/open.ts";
import { readBackup } from "../import/read.ts";
import type { BackupMetadata, Problem } from "../options.ts";

export interface Verification {
  readonly ok: boolean;
  readonly encrypted: boolean;
  readonly compressed: boolean;
  /** Bytes of the file as given. */
  readonly size: number;
  readonly metadata?: BackupMetadata;
  /** The checksum the document carries (verified when `ok`). */
  readonly checksum?: string;
  /** Records read and validated, per model. */
  readonly records: Readonly<Record<string, number>>;
  readonly totalRecords: number;
  readonly errors: Problem[];
  readonly warnings: Problem[];
  readonly durationMs: number;
}

/** `maxBytes`: the largest decompressed document accepted (default the import's, 1 GB). */
export async function verifyBackup(definition: BackupDefinition, bytes: Uint8Array, options: { password?: string; maxBytes?: number } = {}): Promise<Verification> {
  const started = performance.now();
  const base = { size: bytes.length, records: {}, totalRecords: 0, warnings: [] as Problem[] };
  const done = (fields: Omit<Verification, "durationMs" | "size" | "records" | "totalRecords" | "warnings"> & Partial<Verification>): Verification => ({
    ...base,
    ...fields,
    durationMs: Math.round(performance.now() - started),
  });

  const unsealed = await unsealBackup(bytes, options.password);
  if (!unsealed.ok) return done({ ok: false, encrypted: true, compressed: false, errors: [unsealed.problem] });
  // Read as an import reads, streamed, without a database: references to records outside the
  // file cannot be checked here.
  const read = await readBackup(definition, unsealed.bytes, { mode: "merge", maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES });
  if (!read.ok) {
    return done({ ok: false, encrypted: unsealed.encrypted, compressed: false, errors: read.problems, warnings: read.warnings, ...(read.metadata ? { metadata: read.metadata } : {}) });
  }
  const { file } = read;
  return done({
    ok: true,
    encrypted: unsealed.encrypted,
    compressed: file.compressed,
    metadata: file.metadata,
    checksum: file.checksum,
    records: file.counts,
    totalRecords: Object.values(file.counts).reduce((sum, n) => sum + n, 0),
    errors: [],
    warnings: read.warnings,
  });
}

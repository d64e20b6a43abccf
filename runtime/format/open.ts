/**
 * Opening a backup file: detect gzip from its first bytes, decompress within a size limit,
 * decode UTF-8, verify the checksum, parse, and check the metadata's format and version.
 * The primitives (gunzip, SHA-256) are passed in, so the browser uses fflate and Web Crypto
 * while the server uses node:zlib and node:crypto on the same logic.
 */
import type { BackupMetadata, Problem } from "../options.ts";
import { problem } from "../problems.ts";
import { locateChecksum } from "./checksum.ts";
import { FORMAT_NAME, unsupportedVersion } from "./version.ts";

export interface Primitives {
  /** Decompresses a gzip stream; throws on corrupt or truncated data or past `maxBytes`. */
  gunzip(bytes: Uint8Array, maxBytes: number): Uint8Array | Promise<Uint8Array>;
  /** Lowercase hex SHA-256. */
  sha256(bytes: Uint8Array): string | Promise<string>;
}

/** The top-level object of a backup file. */
export interface BackupDocument {
  readonly metadata: BackupMetadata;
  readonly company?: Record<string, unknown>;
  readonly data?: Record<string, unknown>;
  readonly checksum: string;
}

export type Opened =
  | { readonly ok: true; readonly document: BackupDocument; readonly compressed: boolean; readonly size: number }
  | { readonly ok: false; readonly problems: Problem[] };

/** Decompressed documents larger than this are refused unless the caller says otherwise. */
export const DEFAULT_MAX_BYTES = 1024 * 1024 * 1024;

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export async function openBackup(bytes: Uint8Array, primitives: Primitives, maxBytes = DEFAULT_MAX_BYTES): Promise<Opened> {
  const fail = (...problems: Problem[]): Opened => ({ ok: false, problems });
  if (bytes.length === 0) return fail(problem("empty_file", "The file is empty. Choose a backup file (.json.gz or .json)."));

  const compressed = isGzip(bytes);
  let text = bytes;
  if (compressed) {
    try {
      text = await primitives.gunzip(bytes, maxBytes);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (/maxOutputLength|too large|limit/i.test(reason)) {
        return fail(problem("too_large", `The file decompresses to more than ${formatBytes(maxBytes)}. Export a selective backup (fewer modules), or raise the limit.`));
      }
      return fail(problem("corrupt_gzip", `The file is not a valid gzip archive (${reason}): it is truncated or damaged. Use another copy of the backup.`));
    }
  } else if (bytes.length > maxBytes) {
    return fail(problem("too_large", `The file is larger than ${formatBytes(maxBytes)}. Export a selective backup (fewer modules), or raise the limit.`));
  }
  if (firstNonSpace(text) !== 0x7b /* { */) {
    return fail(problem("not_a_backup", "This is not a backup file: it is neither gzip'd JSON nor JSON. Choose a file exported by this app (.json.gz or .json)."));
  }

  const located = locateChecksum(text);
  if (!located) {
    return fail(problem("missing_checksum", 'The file has no checksum at its end: it is truncated, or was not written by prisma-backup. Use another copy of the backup.'));
  }
  const actual = await primitives.sha256(text.subarray(0, located.coveredLength));
  if (actual !== located.expected) {
    return fail(problem("checksum_mismatch", `The checksum does not match (file says ${located.expected.slice(0, 12)}…, content gives ${actual.slice(0, 12)}…): the file was altered or damaged. Use another copy of the backup.`));
  }

  let decoded: string;
  try {
    decoded = new TextDecoder("utf-8", { fatal: true }).decode(text);
  } catch {
    return fail(problem("invalid_utf8", "The file is not valid UTF-8 text. Use another copy of the backup."));
  }
  let document: unknown;
  try {
    document = JSON.parse(decoded);
  } catch (error) {
    return fail(problem("invalid_json", `The file is not valid JSON (${error instanceof Error ? error.message : String(error)}). Use another copy of the backup.`));
  }
  const metadataProblem = checkMetadata(document);
  if (metadataProblem) return fail(metadataProblem);
  return { ok: true, document: document as BackupDocument, compressed, size: text.length };
}

function checkMetadata(document: unknown): Problem | undefined {
  const metadata = isObject(document) ? document.metadata : undefined;
  if (!isObject(metadata) || metadata.format !== FORMAT_NAME) {
    return problem("not_a_backup", `This JSON file is not a backup: its "metadata.format" is not "${FORMAT_NAME}". Choose a file exported by this app.`, { path: "metadata.format" });
  }
  const versionProblem = unsupportedVersion(metadata.version);
  if (versionProblem) return problem("unsupported_version", versionProblem, { path: "metadata.version" });
  for (const key of ["exported_at", "schema_fingerprint"] as const) {
    if (typeof metadata[key] !== "string") return problem("invalid_metadata", `metadata.${key} is missing or not a string.`, { path: `metadata.${key}` });
  }
  if (!isObject(metadata.counts)) return problem("invalid_metadata", "metadata.counts is missing or not an object.", { path: "metadata.counts" });
  if (!Array.isArray(metadata.modules)) return problem("invalid_metadata", "metadata.modules is missing or not a list.", { path: "metadata.modules" });
  return undefined;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function firstNonSpace(bytes: Uint8Array): number | undefined {
  for (const byte of bytes) if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return byte;
  return undefined;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(1)} GB`;
}

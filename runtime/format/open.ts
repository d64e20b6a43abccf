/**
 * Opening a backup file: detect gzip from its first bytes, decompress within a size limit,
 * decode UTF-8, verify the checksum, parse, and check the metadata's format and version.
 * The primitives (gunzip, SHA-256) are passed in, so the browser uses fflate and Web Crypto
 * while the server uses node:zlib and node:crypto on the same logic.
 */
import type { BackupMetadata, Problem } from "../options.ts";
import { problem } from "../problems.ts";
import { locateChecksum } from "./checksum.ts";
import { checkMetadata } from "./metadata.ts";

export { isObject } from "./metadata.ts";

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
      if (/maxOutputLength|too large|limit/i.test(reason)) return fail(tooLarge(maxBytes, true));
      return fail(problem("corrupt_gzip", `The file is not a valid gzip archive (${reason}): it is truncated or damaged. Use another copy of the backup.`));
    }
  } else if (bytes.length > maxBytes) {
    return fail(tooLarge(maxBytes, false));
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

export function tooLarge(maxBytes: number, compressed: boolean): Problem {
  const what = compressed ? "decompresses to" : "is larger than";
  return problem("too_large", `The file ${what} more than ${formatBytes(maxBytes)}. Export a selective backup (fewer modules), or raise the limit.`);
}

export function firstNonSpace(bytes: Uint8Array): number | undefined {
  for (const byte of bytes) if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return byte;
  return undefined;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(1)} GB`;
}

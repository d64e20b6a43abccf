/**
 * What a backup file says about itself, read cheaply: its metadata (the document's first line,
 * as the exporter writes it) and its checksum trailer, without parsing the records. Used to
 * describe the files of the history; `verifyBackup` is the thorough check.
 */
import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { isEncrypted } from "../crypto/envelope.ts";
import { locateChecksum } from "../format/checksum.ts";
import { isGzip, isObject } from "../format/open.ts";
import type { BackupMetadata } from "../options.ts";

export interface FileFacts {
  readonly size: number;
  /** SHA-256 of the file's bytes as stored (what a download can be checked against). */
  readonly sha256: string;
  readonly encrypted: boolean;
  readonly compressed: boolean;
  /** The checksum the document carries in its trailer (absent when encrypted or unreadable). */
  readonly checksum?: string;
  readonly metadata?: BackupMetadata;
}

const PREFIX = '{"metadata":';

export function describeBackupBytes(bytes: Uint8Array): FileFacts {
  const base = { size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") };
  if (isEncrypted(bytes)) return { ...base, encrypted: true, compressed: false };
  const compressed = isGzip(bytes);
  let text: Uint8Array;
  try {
    text = compressed ? gunzipSync(bytes) : bytes;
  } catch {
    return { ...base, encrypted: false, compressed };
  }
  const checksum = locateChecksum(text)?.expected;
  const metadata = metadataOf(text);
  return { ...base, encrypted: false, compressed, ...(checksum ? { checksum } : {}), ...(metadata ? { metadata } : {}) };
}

function metadataOf(text: Uint8Array): BackupMetadata | undefined {
  const newline = text.indexOf(0x0a);
  const firstLine = new TextDecoder().decode(text.subarray(0, newline < 0 ? Math.min(text.length, 1 << 20) : newline)).trim();
  if (firstLine.startsWith(PREFIX)) {
    try {
      const metadata: unknown = JSON.parse(firstLine.slice(PREFIX.length).replace(/,$/, ""));
      if (isObject(metadata)) return metadata as unknown as BackupMetadata;
    } catch {
      // Not the exporter's layout: fall back to parsing the whole document.
    }
  }
  try {
    const document: unknown = JSON.parse(new TextDecoder().decode(text));
    return isObject(document) && isObject(document.metadata) ? (document.metadata as unknown as BackupMetadata) : undefined;
  } catch {
    return undefined;
  }
}

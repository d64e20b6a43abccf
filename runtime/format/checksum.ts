/**
 * The checksum trailer. A file is written as it streams, so its SHA-256 comes last, as the
 * final member of the top-level object:
 *
 *     {"metadata":{…},…,"data":{…},
 *     "checksum":"<64 lowercase hex digits>"}
 *
 * The checksum covers every byte of the uncompressed document before the comma that opens
 * the trailer (see docs/FORMAT.md). Browser-safe.
 */

/** The bytes that close a document whose covered part has this SHA-256. */
export function checksumTrailer(hex: string): string {
  return `,\n"checksum":"${hex}"}\n`;
}

/** At most this many bytes at the end of a document hold the trailer (with generous whitespace). */
const TRAILER_WINDOW = 256;
const TRAILER = /,\s*"checksum"\s*:\s*"([0-9a-fA-F]{64})"\s*\}\s*$/;

export interface LocatedChecksum {
  /** The checksum the file claims, lowercase. */
  readonly expected: string;
  /** Bytes [0, coveredLength) are covered. */
  readonly coveredLength: number;
}

/** Finds the trailer at the end of a document, or undefined when there is none. */
export function locateChecksum(document: Uint8Array): LocatedChecksum | undefined {
  const start = Math.max(0, document.length - TRAILER_WINDOW);
  // The trailer is ASCII: decoding the window byte for byte keeps offsets equal to byte offsets.
  let tail = "";
  for (let i = start; i < document.length; i++) tail += String.fromCharCode(document[i]!);
  const match = TRAILER.exec(tail);
  if (!match) return undefined;
  return { expected: match[1]!.toLowerCase(), coveredLength: start + match.index };
}

export function toHex(bytes: Uint8Array): string {
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

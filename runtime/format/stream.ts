/**
 * A backup's text as a stream: inflated chunk by chunk (gzip detected from the bytes), decoded
 * as UTF-8, hashed as it goes, and cut off at a size limit, so that a file of any size is read
 * in bounded memory. The checksum trailer is located in the last bytes, which are held back from
 * the hash until the end (docs/FORMAT.md: it covers every byte before the trailer).
 *
 * File-level problems are found in whatever order the bytes reveal them, and reported in the
 * order `openBackup` checks them, so a stream and a whole file are refused for the same reason.
 */
import type { Problem } from "../options.ts";
import { problem } from "../problems.ts";
import { locateChecksum } from "./checksum.ts";
import { firstNonSpace, isGzip, tooLarge } from "./open.ts";

export interface StreamPrimitives {
  /** Decompresses gzip incrementally; throws on corrupt or truncated data. */
  inflate(bytes: Uint8Array): AsyncIterable<Uint8Array>;
  /** An incremental SHA-256 giving lowercase hex. */
  sha256(): { update(bytes: Uint8Array): void; digest(): string };
}

/** Bytes at the end that may hold the trailer, kept out of the hash until the end is known. */
const HELD_BACK = 256;

/** The outcome of reading a document to its end. */
export interface TextVerdict {
  /** The first problem in `openBackup`'s order, if any. */
  readonly problem?: Problem;
  readonly compressed: boolean;
  /** Decompressed bytes. */
  readonly size: number;
  /** The checksum the file carries (verified when there is no problem). */
  readonly checksum?: string;
}

/**
 * Reads `bytes` to the end, passing the decoded text to `consume` chunk by chunk. `consume` may
 * return false to say it needs no more text (the bytes are still inflated and hashed, so the
 * verdict is complete). Text stops at invalid UTF-8 or past `maxBytes`.
 */
export async function readText(bytes: Uint8Array, primitives: StreamPrimitives, maxBytes: number, consume: (text: string) => boolean | void | Promise<boolean | void>): Promise<TextVerdict> {
  const compressed = isGzip(bytes);
  if (bytes.length === 0) return { problem: problem("empty_file", "The file is empty. Choose a backup file (.json.gz or .json)."), compressed, size: 0 };
  if (!compressed && bytes.length > maxBytes) return { problem: tooLarge(maxBytes, false), compressed, size: bytes.length };

  const hash = primitives.sha256();
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let held = new Uint8Array(0);
  let size = 0;
  let wanted = true;
  let invalidUtf8 = false;
  let firstByte: number | undefined;

  const take = async (chunk: Uint8Array) => {
    size += chunk.length;
    firstByte ??= firstNonSpace(chunk);
    if (chunk.length >= HELD_BACK) {
      // The bytes held so far are not the last ones any more; this chunk's last ones are.
      hash.update(held);
      hash.update(chunk.subarray(0, chunk.length - HELD_BACK));
      held = chunk.slice(chunk.length - HELD_BACK);
    } else {
      const joined = concat(held, chunk);
      const release = Math.max(0, joined.length - HELD_BACK);
      hash.update(joined.subarray(0, release));
      held = joined.slice(release);
    }
    if (!wanted || invalidUtf8) return;
    const text = decode(chunk, true);
    if (text !== undefined) wanted = (await consume(text)) !== false;
  };
  /** Text, or undefined at invalid UTF-8 (the decoder's only error). */
  const decode = (chunk: Uint8Array | undefined, stream: boolean): string | undefined => {
    try {
      return decoder.decode(chunk, { stream });
    } catch {
      invalidUtf8 = true;
      return undefined;
    }
  };

  const chunks = (compressed ? primitives.inflate(bytes) : chunksOf(bytes))[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = await chunks.next();
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return { problem: problem("corrupt_gzip", `The file is not a valid gzip archive (${reason}): it is truncated or damaged. Use another copy of the backup.`), compressed, size };
      }
      if (next.done) break;
      if (size + next.value.length > maxBytes) return { problem: tooLarge(maxBytes, compressed), compressed, size };
      await take(next.value); // the consumer's errors are its own: they propagate
    }
  } finally {
    await chunks.return?.(); // stops inflating when we leave early
  }
  if (wanted && !invalidUtf8) {
    const rest = decode(undefined, false);
    if (rest !== undefined) await consume(rest);
  }

  const fail = (p: Problem): TextVerdict => ({ problem: p, compressed, size });
  if (firstByte !== 0x7b /* { */) {
    return fail(problem("not_a_backup", "This is not a backup file: it is neither gzip'd JSON nor JSON. Choose a file exported by this app (.json.gz or .json)."));
  }
  const located = locateChecksum(held);
  if (!located) {
    return fail(problem("missing_checksum", "The file has no checksum at its end: it is truncated, or was not written by prisma-backup. Use another copy of the backup."));
  }
  hash.update(held.subarray(0, located.coveredLength));
  const actual = hash.digest();
  if (actual !== located.expected) {
    return fail(problem("checksum_mismatch", `The checksum does not match (file says ${located.expected.slice(0, 12)}…, content gives ${actual.slice(0, 12)}…): the file was altered or damaged. Use another copy of the backup.`));
  }
  if (invalidUtf8) return fail(problem("invalid_utf8", "The file is not valid UTF-8 text. Use another copy of the backup."));
  return { compressed, size, checksum: actual };
}

/** A plain (not gzip'd) file in slices, so its text is decoded and hashed piece by piece too. */
async function* chunksOf(bytes: Uint8Array, size = 32 * 1024): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

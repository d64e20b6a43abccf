/**
 * Export entry points. The document is produced inside one read transaction (a consistent
 * snapshot: a write during the export never yields dangling references), hashed as it is
 * written, gzip'd by the platform's CompressionStream (native zlib on Node), and streamed with
 * backpressure: memory stays bounded by one page of records whatever the database size.
 */
import { createHash } from "node:crypto";
import type { BackupDefinition } from "../backup.ts";
import { dialectOf, snapshotIsolation, type Database } from "../database.ts";
import { checksumTrailer } from "../format/checksum.ts";
import type { ExportOptions } from "../options.ts";
import { unknownModules } from "../layout.ts";
import { readAll } from "../format/read-all.ts";
import { writeDocument } from "./write-document.ts";

/** Text is batched into chunks of about this many characters before encoding and hashing. */
const CHUNK_CHARS = 64 * 1024;
/** Chunks that may wait between the database reads and the compressor (bounded memory: ~1 MB). */
const CHUNKS_IN_FLIGHT = 16;
/** An export must finish within this time (it holds one read transaction open). */
const EXPORT_TIMEOUT_MS = 60 * 60 * 1000;

export function exportStream(definition: BackupDefinition, db: Database, options: ExportOptions = {}): ReadableStream<Uint8Array> {
  const unknown = unknownModules(definition.schema, options.modules);
  if (unknown.length > 0) {
    throw new Error(`Unknown module${unknown.length > 1 ? "s" : ""} ${unknown.map((m) => `"${m}"`).join(", ")}; this schema has ${definition.schema.modules.map((m) => `"${m}"`).join(", ")}.`);
  }
  // A few chunks of slack between the reader of the database and the compressor, so that
  // reading the next page overlaps with compressing the last (zlib runs on another thread).
  const slack = { highWaterMark: CHUNKS_IN_FLIGHT };
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>(undefined, slack, slack);
  const writer = writable.getWriter();
  const hash = createHash("sha256");
  const encoder = new TextEncoder();
  let pending = "";

  const flush = async () => {
    if (pending.length === 0) return;
    const bytes = encoder.encode(pending);
    pending = "";
    hash.update(bytes);
    await writer.ready;
    writer.write(bytes).catch(() => {});
  };
  const emit = async (text: string) => {
    pending += text;
    if (pending.length >= CHUNK_CHARS) await flush();
  };

  const dialect = dialectOf(db, definition.schema.provider);
  const isolationLevel = snapshotIsolation(dialect);
  db.$transaction((queries) => writeDocument({ definition, queries, dialect, options, emit }), {
    timeout: EXPORT_TIMEOUT_MS,
    maxWait: 60_000,
    ...(isolationLevel ? { isolationLevel } : {}),
  })
    .then(async () => {
      await flush();
      const trailer = encoder.encode(checksumTrailer(hash.digest("hex")));
      await writer.ready;
      await writer.write(trailer);
      await writer.close();
    })
    .catch((error: unknown) => writer.abort(error).catch(() => {}));

  const compress = options.compress ?? true;
  return compress ? readable.pipeThrough(new CompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>) : readable;
}

export async function exportBytes(definition: BackupDefinition, db: Database, options: ExportOptions = {}): Promise<Uint8Array> {
  return readAll(exportStream(definition, db, options));
}

/**
 * Export entry points. The document is produced inside one read transaction (a consistent
 * snapshot: a write during the export never yields dangling references), hashed as it is
 * written, gzip'd by node:zlib, and streamed with backpressure: memory stays bounded by one page
 * of records whatever the database size.
 */
import { createHash } from "node:crypto";
import type { BackupDefinition } from "../backup.ts";
import { dialectOf, snapshotIsolation, type Database } from "../database.ts";
import { checksumTrailer } from "../format/checksum.ts";
import type { ExportOptions } from "../options.ts";
import { unknownModules } from "../layout.ts";
import { readAll } from "../format/read-all.ts";
import { documentOutput } from "./document-output.ts";
import { writeDocument } from "./write-document.ts";

/** An export must finish within this time (it holds one read transaction open). */
const EXPORT_TIMEOUT_MS = 60 * 60 * 1000;

export function exportStream(definition: BackupDefinition, db: Database, options: ExportOptions = {}): ReadableStream<Uint8Array> {
  const unknown = unknownModules(definition.schema, options.modules);
  if (unknown.length > 0) {
    throw new Error(`Unknown module${unknown.length > 1 ? "s" : ""} ${unknown.map((m) => `"${m}"`).join(", ")}; this schema has ${definition.schema.modules.map((m) => `"${m}"`).join(", ")}.`);
  }
  const output = documentOutput(createHash("sha256"), options.compress ?? true);
  const dialect = dialectOf(db, definition.schema.provider);
  const isolationLevel = snapshotIsolation(dialect);
  // The export only reads, so its transaction always ends with a commit: a rollback (the reader
  // went away, a read failed) would also undo the app's writes that better-sqlite3 ran meanwhile
  // on its one connection, inside this transaction. The error is rethrown once it has committed.
  let failed: { error: unknown } | undefined;
  db.$transaction(
    async (queries) => {
      try {
        await writeDocument({ definition, queries, dialect, options, emit: output.emit });
      } catch (error) {
        failed = { error };
      }
    },
    { timeout: EXPORT_TIMEOUT_MS, maxWait: 60_000, ...(isolationLevel ? { isolationLevel } : {}) },
  )
    .then(async () => {
      if (failed) throw failed.error;
      await output.close(checksumTrailer);
    })
    .catch((error: unknown) => output.abort(error));
  return output.readable;
}

export async function exportBytes(definition: BackupDefinition, db: Database, options: ExportOptions = {}): Promise<Uint8Array> {
  return readAll(exportStream(definition, db, options));
}

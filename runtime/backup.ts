/**
 * `defineBackup`: binds the generic runtime to one generated schema. The generated
 * `generated/backup/index.ts` calls it once; apps use what it returns.
 */
import type { Codecs } from "./codec.ts";
import { exportBytes, exportStream } from "./export/export.ts";
import type { Database } from "./database.ts";
import { importBackup, prepareImport, type PreparedImport } from "./import/import.ts";
import type { ExportOptions, ImportOptions, ImportReport } from "./options.ts";
import type { BackupSchema } from "./schema.ts";

export interface BackupDefinition {
  readonly schema: BackupSchema;
  readonly codecs: Codecs;
}

/** A backup file, whole in memory or as a stream; gzip'd or plain JSON (detected from the bytes). */
export type BackupInput = Uint8Array | ReadableStream<Uint8Array>;

export interface Backup<Client> extends BackupDefinition {
  /** The whole file in memory. */
  exportAll(prisma: Client, options?: ExportOptions): Promise<Uint8Array>;
  /** The same bytes as `exportAll`, streamed while the database is read. */
  exportStream(prisma: Client, options?: ExportOptions): ReadableStream<Uint8Array>;
  /** Validates the file completely, then imports it in one transaction (see ImportOptions). */
  importAll(prisma: Client, input: BackupInput, options?: ImportOptions): Promise<ImportReport>;
  /** Validates and analyses (the dry-run report), leaving the write to `commit()`. */
  prepareImport(prisma: Client, input: BackupInput, options?: ImportOptions): Promise<PreparedImport>;
}

export function defineBackup<Client extends object>(definition: BackupDefinition): Backup<Client> {
  const asDatabase = (prisma: Client) => prisma as unknown as Database;
  return {
    ...definition,
    exportAll: (prisma, options) => exportBytes(definition, asDatabase(prisma), options),
    exportStream: (prisma, options) => exportStream(definition, asDatabase(prisma), options),
    importAll: (prisma, input, options) => importBackup(definition, asDatabase(prisma), input, options),
    prepareImport: (prisma, input, options) => prepareImport(definition, asDatabase(prisma), input, options),
  };
}

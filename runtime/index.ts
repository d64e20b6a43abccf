/**
 * prisma-backup's runtime for Node: what generated code and apps import as `prisma-backup/runtime`.
 */
export { defineBackup } from "./backup.ts";
export type { Backup, BackupDefinition, BackupInput } from "./backup.ts";
export type * from "./options.ts";
export type * from "./schema.ts";
export type { Codecs, FileRecord, ModelCodec, Row } from "./codec.ts";
export type { PreparedImport } from "./import/import.ts";
export { formatProblem } from "./problems.ts";

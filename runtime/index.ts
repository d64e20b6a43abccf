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
// Server side: routes, backups kept on the server, audit log, encryption. The CLI's config
// helper lives in `prisma-backup/cli`: its loader imports TypeScript files by URL, which
// bundlers cannot follow.
export * from "./routes/index.ts";
export * from "./history/index.ts";
export * from "./audit/index.ts";
export * from "./crypto/index.ts";

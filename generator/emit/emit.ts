/**
 * The backup schema → every file of `generated/backup/`, sorted by path.
 */
import type { BackupSchema } from "../../runtime/schema.ts";
import { emitCodecs } from "./codecs.ts";
import { emitBrowser, emitIndex } from "./entries.ts";
import { emitMetadata, emitValidatorsIndex } from "./file-schema.ts";
import { emitSchemaFile } from "./schema-file.ts";
import type { EmitContext, EmittedFile } from "./source.ts";
import { emitValidators } from "./validators.ts";

export function emitBackupModule(schema: BackupSchema, context: EmitContext): EmittedFile[] {
  const files = [
    emitSchemaFile(schema),
    ...emitValidators(schema, context),
    emitMetadata(),
    emitValidatorsIndex(schema, context),
    ...emitCodecs(schema, context),
    emitIndex(context),
    emitBrowser(schema, context),
  ];
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

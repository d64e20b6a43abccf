/**
 * The generator as one pure function: DMMF + schema text + settings → the files of the backup
 * module. Each step is a stage of its own, tested alone:
 *
 *   1. read the annotations     (annotations/)  doc comments → typed options
 *   2. build the model graph    (model/)        DMMF + options → validated, defaults applied
 *   3. plan the import          (plan/)         order, cycles broken, links last
 *   4. describe the schema      (plan/)         graph + plan → the backup schema, fingerprinted
 *   5. emit the files           (emit/)         schema → TypeScript sources
 *
 * Steps 1 to 4 are `describeBackupSchema` (describe.ts), which throws one error listing every
 * problem of the first stage that has any.
 */
import { describeBackupSchema, type SchemaInput } from "./describe.ts";
import { emitBackupModule } from "./emit/emit.ts";
import type { EmitContext, EmittedFile } from "./emit/source.ts";

export interface GenerateInput extends SchemaInput {
  readonly emit: EmitContext;
}

/** Every file of the backup module, paths relative to the output directory, sorted. */
export function generate(input: GenerateInput): EmittedFile[] {
  return emitBackupModule(describeBackupSchema(input), input.emit);
}

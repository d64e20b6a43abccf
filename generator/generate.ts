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
 * Problems are collected, not thrown, within a stage; the first stage that has any throws them
 * all at once (a syntax error would only cause confusing follow-up problems in later stages).
 */
import type { DMMF } from "@prisma/generator-helper";
import type { BackupSchema } from "../runtime/schema.ts";
import { readAnnotations } from "./annotations/read.ts";
import type { SchemaFile } from "./annotations/schema-text.ts";
import { throwIfAny } from "./diagnostics.ts";
import { emitBackupModule } from "./emit/emit.ts";
import type { EmitContext, EmittedFile } from "./emit/source.ts";
import { buildModelGraph } from "./model/build-graph.ts";
import { Reporter } from "./model/report.ts";
import { buildBackupSchema } from "./plan/backup-schema.ts";
import { planImport } from "./plan/order.ts";

export interface GenerateInput {
  /** `options.dmmf.datamodel`. */
  readonly datamodel: DMMF.Datamodel;
  /** The schema's text, file by file, for the line numbers of messages. */
  readonly schemaFiles: readonly SchemaFile[];
  /** The datasource's provider, e.g. `"sqlite"`. */
  readonly provider: string;
  readonly emit: EmitContext;
}

/** Steps 1 to 4: the backup schema, or one `BackupSchemaError` with every problem. */
export function describeBackupSchema(input: Omit<GenerateInput, "emit">): BackupSchema {
  const annotations = readAnnotations(input.datamodel, input.schemaFiles);
  throwIfAny(annotations.diagnostics);
  const { graph, diagnostics } = buildModelGraph(input.datamodel, annotations, input.provider);
  const reporter = new Reporter(annotations);
  const planned = planImport(graph, reporter);
  throwIfAny([...diagnostics, ...reporter.diagnostics]);
  return buildBackupSchema(graph, planned);
}

/** Every file of the backup module, paths relative to the output directory, sorted. */
export function generate(input: GenerateInput): EmittedFile[] {
  return emitBackupModule(describeBackupSchema(input), input.emit);
}

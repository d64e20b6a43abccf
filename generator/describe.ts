/**
 * Steps 1 to 4 of the generator: DMMF + schema text → the backup schema (see `generate.ts`).
 * Problems are collected, not thrown, within a stage; the first stage that has any throws them
 * all at once (a syntax error would only cause confusing follow-up problems in later stages).
 */
import type { DMMF } from "@prisma/generator-helper";
import type { BackupSchema } from "../runtime/schema.ts";
import { readAnnotations } from "./annotations/read.ts";
import type { SchemaFile } from "./annotations/schema-text.ts";
import { throwIfAny } from "./diagnostics.ts";
import { buildModelGraph } from "./model/build-graph.ts";
import { Reporter } from "./model/report.ts";
import { buildBackupSchema } from "./plan/backup-schema.ts";
import { planImport } from "./plan/order.ts";

export interface SchemaInput {
  /** `options.dmmf.datamodel`. */
  readonly datamodel: DMMF.Datamodel;
  /** The schema's text, file by file, for the line numbers of messages. */
  readonly schemaFiles: readonly SchemaFile[];
  /** The datasource's provider, e.g. `"sqlite"`. */
  readonly provider: string;
}

/** The backup schema, or one `BackupSchemaError` with every problem. */
export function describeBackupSchema(input: SchemaInput): BackupSchema {
  const annotations = readAnnotations(input.datamodel, input.schemaFiles);
  throwIfAny(annotations.diagnostics);
  const { graph, diagnostics } = buildModelGraph(input.datamodel, annotations, input.provider);
  const reporter = new Reporter(annotations);
  const planned = planImport(graph, reporter);
  throwIfAny([...diagnostics, ...reporter.diagnostics]);
  return buildBackupSchema(graph, planned);
}

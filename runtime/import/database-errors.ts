/**
 * Turns an error thrown while writing into a problem that says where the import stopped and
 * why, in words a person can act on. Prisma's known error codes get their own sentences.
 */
import type { Problem } from "../options.ts";
import type { BackupSchema, ModelSpec } from "../schema.ts";
import { problem } from "../problems.ts";
import { WriteStepError } from "./sql-chunks.ts";
import { errorCode, type PrismaLikeError } from "./sql-errors.ts";

export function databaseProblem(error: unknown, schema?: BackupSchema): Problem {
  const step = error instanceof WriteStepError ? error.step : undefined;
  const cause = (error instanceof WriteStepError ? error.cause : error) as PrismaLikeError;
  const what = step ? `${step.action} ${step.model}${step.recordId ? ` ${step.recordId}` : ""}` : "Writing";
  const model = step ? schema?.models[step.model] : undefined;
  const message = `${what} failed: ${reason(cause, model, step?.action)}. The import was rolled back: the database is exactly as it was before.`;
  return problem("database_error", message, {
    ...(step?.path ? { path: step.path } : {}),
    ...(step?.model ? { model: step.model } : {}),
    ...(step?.recordId ? { recordId: step.recordId } : {}),
  });
}

/**
 * The SQLite adapter files a trigger's `RAISE(ABORT, '…')` under foreign-key violations (as it
 * does SQLite's own RESTRICT, which is a trigger too): the trigger's words say what is wrong.
 */
function triggerMessage(error: PrismaLikeError): string | undefined {
  const adapterError = error.meta?.driverAdapterError?.cause;
  const isTrigger = adapterError?.originalCode === "SQLITE_CONSTRAINT_TRIGGER" && adapterError.originalMessage !== "FOREIGN KEY constraint failed";
  return isTrigger ? adapterError.originalMessage : undefined;
}

function reason(error: PrismaLikeError, model: ModelSpec | undefined, action: string | undefined): string {
  const fields = constraintFields(error, model);
  const adapterError = error.meta?.driverAdapterError?.cause;
  const trigger = triggerMessage(error);
  if (trigger) return trigger;
  switch (errorCode(error)) {
    case "P2002":
      return `another record already has the same ${fields ?? "unique value"} (unique constraint)`;
    case "P2003":
      // Deleting, the record at fault is the one that still points at it.
      if (action === "Deleting") return `other records still refer to it${fields ? ` (${fields})` : ""} (foreign key constraint)`;
      return `a reference points at a record that does not exist${fields ? ` (${fields})` : ""} (foreign key constraint)`;
    case "P2011":
      return `a required value is missing${fields ? ` (${fields})` : ""}`;
    case "P2025":
      return "the record to update no longer exists";
    case "P2028":
      return "the transaction timed out or was closed";
    default:
      return adapterError?.originalMessage ?? lastLine(error.message ?? String(error));
  }
}

function constraintFields(error: PrismaLikeError, model: ModelSpec | undefined): string | undefined {
  const constraint = error.meta?.driverAdapterError?.cause?.constraint;
  const fields = constraint?.fields ?? error.meta?.target ?? error.meta?.field_name;
  if (Array.isArray(fields)) return fields.join(", ");
  if (typeof fields === "string") return fields;
  return constraint?.index && model ? fieldsOfIndex(constraint.index, model) ?? constraint.index : constraint?.index;
}

/**
 * PostgreSQL names the index, not the columns: Prisma's default names are
 * `<table>_<column>_<column>_key`, which we read back into field names.
 */
function fieldsOfIndex(index: string, model: ModelSpec): string | undefined {
  const middle = new RegExp(`^${model.table}_(.+)_(?:key|pkey)$`).exec(index)?.[1];
  if (!middle) return undefined;
  const found = splitColumns(middle, model);
  return found?.join(", ");
}

function splitColumns(rest: string, model: ModelSpec): string[] | undefined {
  for (const field of model.fields) {
    if (rest === field.column) return [field.name];
    if (rest.startsWith(`${field.column}_`)) {
      const tail = splitColumns(rest.slice(field.column.length + 1), model);
      if (tail) return [field.name, ...tail];
    }
  }
  return undefined;
}

function lastLine(message: string): string {
  const lines = message.split("\n").map((line) => line.trim()).filter(Boolean);
  return lines[lines.length - 1] ?? message;
}

/**
 * Turns an error thrown while writing into a problem that says where the import stopped and
 * why, in words a person can act on. Prisma's known error codes get their own sentences.
 */
import type { Problem } from "../options.ts";
import { problem } from "../problems.ts";
import { WriteStepError } from "./write.ts";

interface PrismaLikeError {
  code?: string;
  meta?: { target?: unknown; field_name?: unknown; modelName?: unknown; driverAdapterError?: { cause?: { constraint?: { fields?: string[] } } } };
  message?: string;
}

export function databaseProblem(error: unknown): Problem {
  const step = error instanceof WriteStepError ? error.step : undefined;
  const cause = (error instanceof WriteStepError ? error.cause : error) as PrismaLikeError;
  const what = step ? `${step.action} ${step.model}${step.recordId ? ` ${step.recordId}` : ""}` : "Writing";
  const message = `${what} failed: ${reason(cause)}. The import was rolled back: the database is exactly as it was before.`;
  return problem("database_error", message, {
    ...(step?.path ? { path: step.path } : {}),
    ...(step?.model ? { model: step.model } : {}),
    ...(step?.recordId ? { recordId: step.recordId } : {}),
  });
}

function reason(error: PrismaLikeError): string {
  const fields = constraintFields(error);
  switch (error.code) {
    case "P2002":
      return `another record already has the same ${fields ?? "unique value"} (unique constraint)`;
    case "P2003":
      return `a reference points at a record that does not exist${fields ? ` (${fields})` : ""} (foreign key constraint)`;
    case "P2025":
      return "the record to update no longer exists";
    case "P2028":
      return "the transaction timed out or was closed";
    default:
      return lastLine(error.message ?? String(error));
  }
}

function constraintFields(error: PrismaLikeError): string | undefined {
  const fields = error.meta?.driverAdapterError?.cause?.constraint?.fields ?? error.meta?.target ?? error.meta?.field_name;
  if (Array.isArray(fields)) return fields.join(", ");
  return typeof fields === "string" ? fields : undefined;
}

function lastLine(message: string): string {
  const lines = message.split("\n").map((line) => line.trim()).filter(Boolean);
  return lines[lines.length - 1] ?? message;
}

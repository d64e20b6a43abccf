/**
 * Diagnostics are data: a stable code, a message that says what would be valid, and where it
 * applies (model, field, schema line with its text). Every stage collects them instead of
 * throwing; `generate` throws once, with all of them rendered, so one run of `prisma generate`
 * shows every problem. Presentation (`renderDiagnostic`) is separate from the data.
 */

/** The stable table of codes, each with what it means. */
export const DIAGNOSTIC_CODES = {
  syntax: "The text of an annotation is malformed.",
  detached_annotation: "An `/// @backup` line is not attached to a model or field, so Prisma would drop it.",
  plain_comment: "A `// @backup` line is a plain comment, which Prisma never passes to generators.",
  misplaced_annotation: "An annotation stands on something other than a model or a field (an enum).",
  unknown_option: "An option name the grammar does not have.",
  misplaced_option: "A model option on a field, or a field option on a model.",
  duplicate_option: "The same option given twice.",
  conflicting_options: "Options that cannot be combined.",
  missing_value: "An option that needs a value was given none.",
  unexpected_value: "A flag was given a value.",
  invalid_value: "A value of the wrong type, or not one of the valid values.",
  unknown_field: "A field named by an option does not exist on the model.",
  invalid_nest: "`nest` does not name a usable relation to a parent.",
  invalid_orphans: "`orphans` without `nest`, or on a relation that is required.",
  invalid_key: "A key that is empty, not allowed here, or used twice in a section.",
  invalid_module: "A module name that is malformed or differs from the parent's.",
  invalid_match: "A natural key that is not a unique constraint, or `singleton` without `single`.",
  invalid_merge: "`merge: newest` on a model without an `@updatedAt` field.",
  invalid_omit: "A field that cannot be left out (an id, a relation, or required with no value for new records).",
  invalid_fallback: "A fallback that is not a valid value of its field.",
  skipped_target: "A backed-up model points at a skipped model through a foreign key it keeps.",
  required_cycle: "Models that refer to each other only through required foreign keys: no import order exists.",
  unsupported_provider: "A datasource provider the backup does not support.",
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

/** A place in a schema file; `column` is 1-based, `excerpt` is the whole line's text. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column?: number;
  readonly excerpt?: string;
}

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly model?: string;
  readonly field?: string;
  readonly location?: SourceLocation;
}

export function diagnostic(
  code: DiagnosticCode,
  message: string,
  where: { model?: string; field?: string; location?: SourceLocation | undefined } = {},
): Diagnostic {
  return {
    code,
    message,
    ...(where.model !== undefined ? { model: where.model } : {}),
    ...(where.field !== undefined ? { field: where.field } : {}),
    ...(where.location !== undefined ? { location: where.location } : {}),
  };
}

/**
 * `schema.prisma:42 Customer.email: unknown option "mach" (did you mean "match"?)`, followed by
 * the schema line and a caret under the column when they are known.
 */
export function renderDiagnostic(item: Diagnostic): string {
  const place = item.location ? `${item.location.file}:${item.location.line}` : "";
  const subject = item.model ? (item.field ? `${item.model}.${item.field}` : item.model) : "";
  const head = [place, subject].filter(Boolean).join(" ");
  const lines = [head ? `${head}: ${item.message}` : item.message];
  const excerpt = item.location?.excerpt;
  if (excerpt !== undefined) {
    const indent = excerpt.length - excerpt.trimStart().length;
    lines.push(`    ${excerpt.trim()}`);
    const column = item.location?.column;
    if (column !== undefined && column > indent) lines.push(`    ${" ".repeat(column - 1 - indent)}^`);
  }
  return lines.join("\n");
}

/** Sorted by file, line and column, so that the report reads top to bottom like the schema. */
export function sortDiagnostics(items: readonly Diagnostic[]): Diagnostic[] {
  const key = (item: Diagnostic) => [item.location?.file ?? "\uffff", item.location?.line ?? Infinity, item.location?.column ?? 0] as const;
  return [...items].sort((a, b) => {
    const [fileA, lineA, columnA] = key(a);
    const [fileB, lineB, columnB] = key(b);
    return fileA.localeCompare(fileB) || lineA - lineB || columnA - columnB || a.message.localeCompare(b.message);
  });
}

/** The one error `prisma generate` shows: every diagnostic, rendered. */
export class BackupSchemaError extends Error {
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[]) {
    const sorted = sortDiagnostics(diagnostics);
    const count = sorted.length === 1 ? "1 problem" : `${sorted.length} problems`;
    super(`prisma-backup: ${count} in the schema's @backup annotations\n\n${sorted.map(renderDiagnostic).join("\n\n")}\n`);
    this.name = "BackupSchemaError";
    this.diagnostics = sorted;
  }
}

/** Throws one `BackupSchemaError` when there is anything to report. */
export function throwIfAny(diagnostics: readonly Diagnostic[]): void {
  if (diagnostics.length > 0) throw new BackupSchemaError(diagnostics);
}

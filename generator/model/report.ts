/**
 * Collects the model stage's diagnostics, placing each one: at the option it is about when
 * there is one, else at the declaration of the model or field.
 */
import type { Position } from "../annotations/catalog.ts";
import type { Annotations } from "../annotations/read.ts";
import { diagnostic, type Diagnostic, type DiagnosticCode } from "../diagnostics.ts";

export class Reporter {
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly annotations: Annotations) {}

  /** A problem of a model, at one of its options (`at`) or at its declaration. */
  model(code: DiagnosticCode, message: string, model: string, at?: Position): void {
    const annotated = this.annotations.models.get(model);
    const location = at ? annotated?.locate(at) : annotated?.declaration;
    this.diagnostics.push(diagnostic(code, message, { model, location }));
  }

  /** A problem of a field, at one of its options (`at`) or at its declaration. */
  field(code: DiagnosticCode, message: string, model: string, field: string, at?: Position): void {
    const annotated = this.annotations.fields.get(`${model}.${field}`);
    const location = at ? annotated?.locate(at) : annotated?.declaration;
    this.diagnostics.push(diagnostic(code, message, { model, field, location }));
  }
}

/**
 * The annotated model graph: the models that are backed up, with every annotation resolved to a
 * value (defaults applied) and validated against the data model. It is the backup schema's
 * `ModelSpec` before planning: omitted fields still among the others (flagged), and relations
 * not yet marked deferred. The plan stage orders it; the backup schema is this graph plus the plan.
 */
import type { FieldSpec, JsonValue, LinkSpec, ModelSpec, RelationSpec } from "../../runtime/schema.ts";

export interface GraphField extends FieldSpec {
  /** `@backup(omit)`: left out of the file. */
  readonly omit: boolean;
  readonly fallback?: JsonValue;
}

/** A to-one relation whose foreign key the model holds (and keeps in the file). */
export type GraphRelation = Omit<RelationSpec, "deferred">;

export interface GraphModel extends Omit<ModelSpec, "fields" | "omitted" | "relations"> {
  /** Scalar fields in schema order, omitted ones included (`omit: true`). */
  readonly fields: readonly GraphField[];
  readonly relations: readonly GraphRelation[];
}

export interface ModelGraph {
  readonly provider: string;
  /** Backed-up models, sorted by name. */
  readonly models: readonly GraphModel[];
  /** Skipped models, sorted. */
  readonly skipped: readonly string[];
  /** Enums used by backed-up fields, by name, with their values in schema order. */
  readonly enums: Readonly<Record<string, readonly string[]>>;
  /** Implicit many-to-many relations between two backed-up models, sorted by name. */
  readonly links: readonly LinkSpec[];
}

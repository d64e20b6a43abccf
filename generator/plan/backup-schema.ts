/**
 * The model graph and its import plan → the backup schema, the one typed constant that the
 * runtime interprets (`runtime/schema.ts` is the contract). Pure data, in a fixed key order.
 */
import type { BackupSchema, FieldSpec, ModelSpec, OmittedFieldSpec } from "../../runtime/schema.ts";
import type { GraphField, GraphModel, ModelGraph } from "../model/graph.ts";
import { compare } from "../model/relations.ts";
import { fingerprintOf } from "./fingerprint.ts";
import { edgeKey, type PlannedImport } from "./order.ts";

export function buildBackupSchema(graph: ModelGraph, planned: PlannedImport): BackupSchema {
  const models = graph.models.map((model) => modelSpec(model, planned.deferred));
  return {
    provider: graph.provider,
    fingerprint: fingerprintOf(models),
    modules: [...new Set(models.map((model) => model.module))].sort(compare),
    enums: graph.enums,
    models: Object.fromEntries(models.map((model) => [model.name, model])),
    links: Object.fromEntries(graph.links.map((link) => [link.name, link])),
    plan: planned.plan,
  };
}

function modelSpec(model: GraphModel, deferred: ReadonlySet<string>): ModelSpec {
  return {
    name: model.name,
    delegate: model.delegate,
    table: model.table,
    module: model.module,
    section: model.section,
    key: model.key,
    single: model.single,
    ...(model.nest ? { nest: model.nest } : {}),
    id: model.id,
    ...(model.match !== undefined ? { match: model.match } : {}),
    merge: model.merge,
    ...(model.updatedAt !== undefined ? { updatedAt: model.updatedAt } : {}),
    fields: model.fields.filter((field) => !field.omit).map(fieldSpec),
    omitted: model.fields.filter((field) => field.omit).map(omittedFieldSpec),
    relations: model.relations.map((relation) => ({ ...relation, deferred: deferred.has(edgeKey(model.name, relation.name)) })),
    links: model.links,
  };
}

/** A field as the contract describes it: the graph's field without what only the graph needs. */
function fieldSpec({ omit: _omit, fallback: _fallback, ...field }: GraphField): FieldSpec {
  return field;
}

function omittedFieldSpec(field: GraphField): OmittedFieldSpec {
  return {
    name: field.name,
    column: field.column,
    kind: field.kind,
    required: field.required,
    hasDefault: field.hasDefault,
    ...(field.fallback !== undefined ? { fallback: field.fallback } : {}),
  };
}

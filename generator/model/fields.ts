/**
 * The scalar fields of one model, with their field annotations checked: `omit` (not on an id,
 * not on a required field that new records could not fill), `fallback` (a valid value, only
 * where it has an effect) and `merge` (`newest` only where an `@updatedAt` field decides).
 */
import type { DMMF } from "@prisma/generator-helper";
import type { ScalarKind } from "../../runtime/schema.ts";
import type { Annotations } from "../annotations/read.ts";
import { exampleFallback, fallbackProblem } from "./fallback.ts";
import type { GraphField } from "./graph.ts";
import type { Reporter } from "./report.ts";

const SCALAR_KINDS = new Set<string>(["String", "Int", "BigInt", "Float", "Decimal", "Boolean", "DateTime", "Json", "Bytes"]);

export interface FieldContext {
  readonly annotations: Annotations;
  readonly reporter: Reporter;
  readonly enums: ReadonlyMap<string, readonly string[]>;
}

/** The model's id fields: `@id`, `@@id`, or else the first unique constraint (Prisma's identifier). */
export function idOf(model: DMMF.Model): string[] {
  const single = model.fields.filter((field) => field.isId).map((field) => field.name);
  if (single.length > 0) return single;
  if (model.primaryKey) return [...model.primaryKey.fields];
  const unique = uniqueConstraintsOf(model)[0];
  return unique ? [...unique] : [];
}

/** `@unique` fields and `@@unique` constraints, in schema order. */
export function uniqueConstraintsOf(model: DMMF.Model): string[][] {
  return [...model.fields.filter((field) => field.isUnique).map((field) => [field.name]), ...model.uniqueFields.map((fields) => [...fields])];
}

export function kindOf(field: DMMF.Field): ScalarKind | undefined {
  if (field.kind === "enum") return "Enum";
  return field.kind === "scalar" && SCALAR_KINDS.has(field.type) ? (field.type as ScalarKind) : undefined;
}

export function buildFields(model: DMMF.Model, context: FieldContext): GraphField[] {
  const { annotations, reporter } = context;
  const id = new Set(idOf(model));
  const updatedAt = model.fields.find((field) => field.isUpdatedAt && !annotations.fields.get(`${model.name}.${field.name}`)?.options.omit);
  const fields: GraphField[] = [];

  for (const field of model.fields) {
    const options = annotations.fields.get(`${model.name}.${field.name}`)?.options ?? {};
    const kind = kindOf(field);
    if (!kind) {
      const first = options.omit ?? options.merge ?? options.fallback;
      if (first && field.kind === "object") {
        const name = options.omit ? "omit" : options.merge ? "merge" : "fallback";
        const keys = field.relationFromFields ?? [];
        const instead = keys.length > 0 ? ` (annotate its foreign key ${keys.join(", ")} instead)` : "";
        reporter.field("misplaced_option", `option "${name}" applies to scalar fields, and "${field.name}" is a relation${instead}`, model.name, field.name, first.at);
      }
      continue;
    }
    const values = field.kind === "enum" ? context.enums.get(field.type) : undefined;
    const type = { kind, list: field.isList, required: field.isRequired, ...(values ? { values } : {}) };
    const hasDefault = field.hasDefaultValue;
    let omit = options.omit !== undefined;

    if (options.omit && id.has(field.name)) {
      reporter.field("invalid_omit", `cannot omit "${field.name}": it is part of the id of ${model.name}`, model.name, field.name, options.omit.at);
      omit = false;
    } else if (options.omit && field.isRequired && !hasDefault && !field.isUpdatedAt && !options.fallback) {
      reporter.field(
        "invalid_omit",
        `cannot omit "${field.name}" without a fallback: it is required and has no default, so new records need a value (e.g. @backup(omit, fallback: ${exampleFallback(type)}))`,
        model.name,
        field.name,
        options.omit.at,
      );
    }
    if (options.fallback) {
      const problem = fallbackProblem(type, options.fallback.value);
      if (problem) {
        reporter.field("invalid_fallback", `invalid fallback ${JSON.stringify(options.fallback.value)}: ${problem}`, model.name, field.name, options.fallback.at);
      } else if (hasDefault || field.isUpdatedAt) {
        reporter.field("invalid_fallback", `fallback has no effect: "${field.name}" has a default, which new records get`, model.name, field.name, options.fallback.at);
      }
    }
    if (options.merge?.value === "newest" && !updatedAt) {
      reporter.field("invalid_merge", `merge: newest needs an @updatedAt field, and ${model.name} has none that is backed up`, model.name, field.name, options.merge.at);
    }

    fields.push({
      name: field.name,
      column: field.dbName ?? field.name,
      kind,
      ...(field.kind === "enum" ? { enum: field.type } : {}),
      list: field.isList,
      required: field.isRequired,
      hasDefault,
      autoincrement: isAutoincrement(field),
      updatedAt: field.isUpdatedAt ?? false,
      omit,
      ...(omit && options.fallback ? { fallback: options.fallback.value } : {}),
      ...(options.merge ? { merge: options.merge.value } : {}),
      ...(field.nativeType ? { nativeType: [field.nativeType[0], [...field.nativeType[1]]] as const } : {}),
    });
  }
  return fields;
}

function isAutoincrement(field: DMMF.Field): boolean {
  const value = field.default;
  return value !== undefined && typeof value === "object" && !Array.isArray(value) && (value as { name?: string }).name === "autoincrement";
}

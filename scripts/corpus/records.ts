/**
 * Where the records of a document stand, and what values their fields accept, from the
 * generated backup schema: the corpus needs both to damage a file in a way that is sure to be
 * wrong (a value of the wrong type, a required field removed, a reference to nothing).
 */
import { layoutOf, SECTIONS } from "../../runtime/layout.ts";
import type { BackupSchema, FieldSpec, ModelSpec } from "../../runtime/schema.ts";
import { isObject, type Document, type Json, type JsonObject } from "./document.ts";

export interface Located {
  readonly model: ModelSpec;
  readonly record: JsonObject;
  /** The list holding it, or undefined for a single-row model's object. */
  readonly list: Json[] | undefined;
  readonly index: number;
  /** JSON path, e.g. `data.customers[3].sales[0]`. */
  readonly path: string;
  /** The fields its position implies (a nested record's key to its parent): absent from it. */
  readonly implied: ReadonlySet<string>;
  /** Keys holding nested records. */
  readonly childKeys: ReadonlySet<string>;
  /** Keys holding many-to-many id lists, with the linked model. */
  readonly linkKeys: ReadonlyMap<string, ModelSpec>;
}

/** Every record of the document, parents before their children. */
export function locateRecords(schema: BackupSchema, document: Document): Located[] {
  const counts = isObject(document.metadata.counts) ? document.metadata.counts : {};
  const covered = new Set(Object.keys(counts).filter((name) => Object.hasOwn(schema.models, name)));
  const layout = layoutOf(schema, covered);
  const found: Located[] = [];
  const visit = (model: ModelSpec, value: Json | undefined, list: Json[] | undefined, index: number, path: string, nested: boolean) => {
    if (!isObject(value)) return;
    const children = layout.childrenOf(model.name);
    const implied = new Set(nested ? (layout.parentRelationOf(model.name)?.fields ?? []) : []);
    const linkKeys = new Map(model.links.map((name) => [schema.links[name]!.field, schema.models[schema.links[name]!.target]!]));
    found.push({ model, record: value, list, index, path, implied, childKeys: new Set(children.map((c) => c.key)), linkKeys });
    for (const child of children) {
      const items = value[child.key];
      if (Array.isArray(items)) items.forEach((item, i) => visit(schema.models[child.model]!, item, items, i, `${path}.${child.key}[${i}]`, true));
    }
  };
  for (const section of SECTIONS) {
    const holder = document[section];
    if (!isObject(holder)) continue;
    for (const entry of layout.sections[section]) {
      const model = schema.models[entry.model]!;
      const value = holder[entry.key];
      const path = `${section}.${entry.key}`;
      if (model.single) visit(model, value, undefined, 0, path, false);
      else if (Array.isArray(value)) value.forEach((item, i) => visit(model, item, value, i, `${path}[${i}]`, entry.kind === "orphans"));
    }
  }
  return found;
}

/** Scalar fields the record carries (not implied by its position). */
export function presentFields(located: Located): FieldSpec[] {
  return located.model.fields.filter((field) => !located.implied.has(field.name) && field.name in located.record);
}

/** Fields whose absence the generated validators refuse: required without a default, and ids. */
export function requiredFields(located: Located): FieldSpec[] {
  return presentFields(located).filter((field) => (field.required && !field.hasDefault && !field.updatedAt) || located.model.id.includes(field.name));
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Whether the generated validators accept `value` for `field` (a conservative copy of their
 * rules: when in doubt it says yes, so a mutation built on a "no" is surely invalid).
 */
export function fits(schema: BackupSchema, field: FieldSpec, value: unknown): boolean {
  if (value === null) return !field.required;
  if (field.list) return Array.isArray(value);
  switch (field.kind) {
    case "String":
      return typeof value === "string";
    case "Int":
      return Number.isInteger(value) && (value as number) >= -(2 ** 31) && (value as number) < 2 ** 31;
    case "Float":
      return typeof value === "number" && Number.isFinite(value);
    case "BigInt":
      return typeof value === "string" && /^-?\d+$/.test(value);
    case "Decimal":
      return typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value);
    case "Boolean":
      return typeof value === "boolean";
    case "DateTime":
      return typeof value === "string" && DATE_TIME.test(value) && !Number.isNaN(Date.parse(value));
    case "Bytes":
      return typeof value === "string" && BASE64.test(value);
    case "Enum":
      return typeof value === "string" && (schema.enums[field.enum ?? ""] ?? []).includes(value);
    case "Json":
      return true;
  }
}

/** Values of every JSON type, to pick a wrong one from. */
export const WRONG_VALUES: readonly Json[] = [42, -7, 3.25, 0, true, false, "texte", "", "2026-02-30T25:61:00Z", "NaN", [], [1, 2], {}, { a: 1 }, null];

/** A value of the field's kind that no record of the target model has (for dangling references). */
export function missingId(field: FieldSpec, salt: number): Json {
  const number = 900_000_000 + (salt % 99_999_999);
  if (field.kind === "Int") return number;
  return field.kind === "BigInt" ? String(number) : `ghost-${salt.toString(36)}`;
}

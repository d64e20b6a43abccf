/**
 * The identifiers and file names of the generated code for a model or enum, in one place so
 * that every file that refers to another agrees with it.
 */
import type { ModelSpec } from "../../runtime/schema.ts";
import { kebabCase, lowerFirst } from "../model/naming.ts";

/** `SaleLine` → `sale-line`, the base name of its validator and codec files. */
export const fileBase = (model: string): string => kebabCase(model);
export const validatorPath = (model: string): string => `validators/${fileBase(model)}.ts`;
export const codecPath = (model: string): string => `codecs/${fileBase(model)}.ts`;

/** The Zod schema of a record: `saleLineRecord`; its type: `SaleLineRecord`. */
export const recordSchemaName = (model: string): string => `${lowerFirst(model)}Record`;
export const recordTypeName = (model: string): string => `${model}Record`;
/** A record with the records nested in it: `saleTree`. */
export const treeSchemaName = (model: string): string => `${lowerFirst(model)}Tree`;
export const codecName = (model: string): string => `${lowerFirst(model)}Codec`;
export const enumSchemaName = (name: string): string => `${lowerFirst(name)}Enum`;
/** The test beside a schema (`saleRecord` → `isSaleRecord`, `textString` → `isTextString`): see validators/scalars.ts. */
export const testName = (schemaName: string): string => `is${schemaName.charAt(0).toUpperCase()}${schemaName.slice(1)}`;

/** Fields a model's records leave out: the foreign key to the parent of a nested model. */
export function impliedFields(model: ModelSpec): ReadonlySet<string> {
  if (!model.nest) return new Set();
  return new Set(model.relations.find((relation) => relation.name === model.nest!.relation)?.fields ?? []);
}

/** The fields a record of the model carries, in schema order. */
export function recordFields(model: ModelSpec) {
  const implied = impliedFields(model);
  return model.fields.filter((field) => !implied.has(field.name));
}

/**
 * `validators/`: Zod schemas of the records as they stand in the file, one file per model, plus
 * the shared scalar formats, the enums, the metadata, and an index with the whole file's schema.
 * Browser-safe: these files import nothing but `zod` and each other.
 */
import type { BackupSchema, FieldSpec, ModelSpec } from "../../runtime/schema.ts";
import { compare } from "../model/relations.ts";
import { printLiteral, propertyKey } from "./literal.ts";
import { emitScalars, ruleSchema, SCALARS_FILE } from "./scalars.ts";
import { isDefaultRule, valueRuleOf } from "./value-rules.ts";
import { enumSchemaName, recordFields, recordSchemaName, recordTypeName, validatorPath } from "./names.ts";
import { addCode, emitFile, relativeImport, type EmitContext, type EmittedFile } from "./source.ts";

const ENUMS_FILE = "validators/enums.ts";

/** The schema of one value of each scalar kind, in file form, when no native type narrows it. */
const SCALAR_SCHEMAS: Record<Exclude<FieldSpec["kind"], "Enum">, { expression: string; fromScalars?: true }> = {
  String: { expression: "textString", fromScalars: true },
  Int: { expression: "intNumber", fromScalars: true },
  Float: { expression: "z.number()" },
  Boolean: { expression: "z.boolean()" },
  DateTime: { expression: "dateTimeString", fromScalars: true },
  Decimal: { expression: "decimalString", fromScalars: true },
  BigInt: { expression: "bigIntString", fromScalars: true },
  Bytes: { expression: "bytesString", fromScalars: true },
  Json: { expression: "jsonValue", fromScalars: true },
};

export function emitValidators(schema: BackupSchema, context: EmitContext): EmittedFile[] {
  const models = Object.values(schema.models);
  return [
    emitScalars(schema.provider),
    ...(Object.keys(schema.enums).length > 0 ? [emitEnums(schema)] : []),
    ...models.map((model) => emitModelValidator(schema, model, context)),
  ];
}

function emitEnums(schema: BackupSchema): EmittedFile {
  return emitFile(ENUMS_FILE, "The schema's enums: a value is written as its name.", (file) => {
    file.addImportDeclaration({ moduleSpecifier: "zod", namedImports: ["z"] });
    for (const [name, values] of Object.entries(schema.enums)) {
      addCode(file, `export const ${enumSchemaName(name)} = z.enum(${printLiteral(values, 0, 40)});`);
    }
  });
}

function emitModelValidator(schema: BackupSchema, model: ModelSpec, context: EmitContext): EmittedFile {
  const path = validatorPath(model.name);
  const fields = recordFields(model);
  const notes = [
    `A ${model.name} record as it stands in the backup file.`,
    ...(model.nest ? [`Nested in its ${model.nest.parent}: the foreign key to it is left out, the position implies it.`] : []),
    ...(model.links.length > 0 ? ["Lists of linked ids are optional: a selective backup leaves out links to models it does not hold."] : []),
  ];
  const scalars = new Set<string>();
  const enums = new Set<string>();
  const entries: string[] = [];
  const valueSchema = (field: Pick<FieldSpec, "kind" | "enum" | "list" | "nativeType">) => {
    let expression: string;
    if (field.kind === "Enum") {
      enums.add(enumSchemaName(field.enum!));
      expression = enumSchemaName(field.enum!);
    } else {
      const rule = valueRuleOf(field, schema.provider);
      const scalar = rule && !isDefaultRule(rule, field.kind, schema.provider) ? ruleSchema(rule) : SCALAR_SCHEMAS[field.kind];
      const name = "helper" in scalar ? scalar.helper : scalar.fromScalars ? scalar.expression : undefined;
      if (name) scalars.add(name);
      expression = scalar.expression;
    }
    return field.list ? `z.array(${expression})` : expression;
  };
  const id = new Set(model.id);
  for (const field of fields) {
    // Absent is allowed where the database can fill the value (a nullable field, a default), never for the id.
    const presence = !field.required ? ".nullable().optional()" : (field.hasDefault || field.updatedAt) && !id.has(field.name) ? ".optional()" : "";
    entries.push(`${propertyKey(field.name)}: ${valueSchema(field)}${presence},`);
  }
  for (const name of model.links) {
    const link = schema.links[name]!;
    const target = schema.models[link.target]!;
    const id = target.fields.find((field) => field.name === target.id[0])!;
    entries.push(`${propertyKey(link.field)}: z.array(${valueSchema({ ...id, list: false })}).optional(),`);
  }

  return emitFile(path, notes.join("\n"), (file) => {
    file.addImportDeclaration({ moduleSpecifier: "zod", namedImports: ["z"] });
    if (enums.size > 0) file.addImportDeclaration({ moduleSpecifier: relativeImport(context, path, ENUMS_FILE), namedImports: [...enums].sort(compare) });
    if (scalars.size > 0) file.addImportDeclaration({ moduleSpecifier: relativeImport(context, path, SCALARS_FILE), namedImports: [...scalars].sort(compare) });
    const body = entries.length > 0 ? `{\n${entries.map((entry) => `  ${entry}`).join("\n")}\n}` : "{}";
    addCode(file, `export const ${recordSchemaName(model.name)} = z.object(${body});`);
    addCode(file, `export type ${recordTypeName(model.name)} = z.infer<typeof ${recordSchemaName(model.name)}>;`);
  });
}

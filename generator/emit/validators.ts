/**
 * `validators/`: Zod schemas of the records as they stand in the file, one file per model, plus
 * the shared scalar formats, the enums, the metadata, and an index with the whole file's schema.
 * Browser-safe: these files import nothing but `zod` and each other.
 */
import type { BackupSchema, FieldSpec, ModelSpec } from "../../runtime/schema.ts";
import { compare } from "../model/relations.ts";
import { printLiteral, propertyKey } from "./literal.ts";
import { enumSchemaName, recordFields, recordSchemaName, recordTypeName, validatorPath } from "./names.ts";
import { addCode, emitFile, relativeImport, type EmitContext, type EmittedFile } from "./source.ts";

const SCALARS_FILE = "validators/scalars.ts";
const ENUMS_FILE = "validators/enums.ts";

/** The schema of one value of each scalar kind, in file form. */
const SCALAR_SCHEMAS: Record<Exclude<FieldSpec["kind"], "Enum">, { expression: string; fromScalars?: true }> = {
  String: { expression: "z.string()" },
  Int: { expression: "z.int32()" },
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
    emitScalars(),
    ...(Object.keys(schema.enums).length > 0 ? [emitEnums(schema)] : []),
    ...models.map((model) => emitModelValidator(schema, model, context)),
  ];
}

function emitScalars(): EmittedFile {
  const header = "The formats of values that JSON cannot carry as they are (docs/FORMAT.md, \"Records\").";
  return emitFile(SCALARS_FILE, header, (file) => {
    file.addImportDeclaration({ moduleSpecifier: "zod", namedImports: ["z"] });
    addCode(file, "/** DateTime: ISO 8601, as `Date.prototype.toISOString()` writes it. */\nexport const dateTimeString = z.iso.datetime({ offset: true });");
    addCode(file, "/** Decimal: a plain decimal string, never in exponent notation, so that no digit is lost. */\nexport const decimalString = z.string().regex(/^-?\\d+(\\.\\d+)?$/, \"Expected a decimal number as a string\");");
    addCode(file, "/** BigInt: an integer as a string, exact beyond 2^53. */\nexport const bigIntString = z.string().regex(/^-?\\d+$/, \"Expected an integer as a string\");");
    addCode(file, "/** Bytes: standard base64. */\nexport const bytesString = z.base64();");
    addCode(file, "/** Json: any JSON value. */\nexport const jsonValue = z.json();");
  });
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
  const valueSchema = (field: Pick<FieldSpec, "kind" | "enum" | "list">) => {
    let expression: string;
    if (field.kind === "Enum") {
      enums.add(enumSchemaName(field.enum!));
      expression = enumSchemaName(field.enum!);
    } else {
      const scalar = SCALAR_SCHEMAS[field.kind];
      if (scalar.fromScalars) scalars.add(scalar.expression);
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

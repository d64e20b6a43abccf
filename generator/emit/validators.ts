/**
 * `validators/`: Zod schemas of the records as they stand in the file, one file per model, plus
 * the shared scalar formats, the enums, the metadata, and an index with the whole file's schema.
 * Browser-safe: these files import nothing but `zod` and each other.
 *
 * Beside each record schema, its test (`isSaleRecord`): plain code made of the scalars' tests,
 * true only for a record the schema takes and gives back unchanged. A reader skips Zod for the
 * records it accepts, nearly all of them, and asks Zod about the others, for its messages.
 */
import type { BackupSchema, FieldSpec, ModelSpec } from "../../runtime/schema.ts";
import { compare } from "../model/relations.ts";
import { memberAccess, printLiteral, propertyKey } from "./literal.ts";
import { emitScalars, ruleCode, SCALARS_FILE, sharedCode, type ValueCode } from "./scalars.ts";
import { isDefaultRule, valueRuleOf } from "./value-rules.ts";
import { enumSchemaName, recordFields, recordSchemaName, recordTypeName, testName, validatorPath } from "./names.ts";
import { addCode, docComment, emitFile, relativeImport, type EmitContext, type EmittedFile } from "./source.ts";

const ENUMS_FILE = "validators/enums.ts";

/** The check of one value of each scalar kind, in file form, when no native type narrows it. */
const SCALAR_CODE: Record<Exclude<FieldSpec["kind"], "Enum">, ValueCode> = {
  String: sharedCode("textString"),
  Int: sharedCode("intNumber"),
  Float: { schema: "z.number()", test: (value) => `Number.isFinite(${value})`, helpers: [] },
  Boolean: { schema: "z.boolean()", test: (value) => `typeof ${value} === "boolean"`, helpers: [] },
  DateTime: sharedCode("dateTimeString"),
  Decimal: sharedCode("decimalString"),
  BigInt: sharedCode("bigIntString"),
  Bytes: sharedCode("bytesString"),
  Json: sharedCode("jsonValue"),
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
      const schemaName = enumSchemaName(name);
      addCode(
        file,
        `export const ${schemaName} = z.enum(${printLiteral(values, 0, 40)});\nexport const ${testName(schemaName)} = (value: unknown): boolean => typeof value === "string" && Object.hasOwn(${schemaName}.enum, value);`,
      );
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
  const valueCode = (field: Pick<FieldSpec, "kind" | "enum" | "list" | "nativeType">): ValueCode => {
    let code: ValueCode;
    if (field.kind === "Enum") {
      code = sharedCode(enumSchemaName(field.enum!));
      for (const helper of code.helpers) enums.add(helper);
    } else {
      const rule = valueRuleOf(field, schema.provider);
      code = rule && !isDefaultRule(rule, field.kind, schema.provider) ? ruleCode(rule) : SCALAR_CODE[field.kind];
      for (const helper of code.helpers) scalars.add(helper);
    }
    if (!field.list) return code;
    scalars.add("isListOf");
    return { schema: `z.array(${code.schema})`, test: (value) => `isListOf(${value}, ${code.testFunction ?? `(item) => ${code.test("item")}`})`, helpers: [] };
  };

  const id = new Set(model.id);
  const entries: string[] = [];
  const tests: string[] = [];
  const add = (name: string, code: ValueCode, presence: "required" | "optional" | "nullable") => {
    entries.push(`${propertyKey(name)}: ${code.schema}${presence === "nullable" ? ".nullable().optional()" : presence === "optional" ? ".optional()" : ""},`);
    const value = `record${memberAccess(name)}`;
    tests.push(presence === "nullable" ? `(${value} == null || ${code.test(value)})` : presence === "optional" ? `(${value} === undefined || ${code.test(value)})` : code.test(value));
  };
  for (const field of fields) {
    // Absent is allowed where the database can fill the value (a nullable field, a default), never for the id.
    add(field.name, valueCode(field), !field.required ? "nullable" : (field.hasDefault || field.updatedAt) && !id.has(field.name) ? "optional" : "required");
  }
  for (const name of model.links) {
    const link = schema.links[name]!;
    const target = schema.models[link.target]!;
    const targetId = target.fields.find((field) => field.name === target.id[0])!;
    add(link.field, valueCode({ ...targetId, list: true }), "optional");
  }

  const schemaName = recordSchemaName(model.name);
  return emitFile(path, notes.join("\n"), (file) => {
    file.addImportDeclaration({ moduleSpecifier: "zod", namedImports: ["z"] });
    if (enums.size > 0) file.addImportDeclaration({ moduleSpecifier: relativeImport(context, path, ENUMS_FILE), namedImports: [...enums].sort(compare) });
    if (scalars.size > 0) file.addImportDeclaration({ moduleSpecifier: relativeImport(context, path, SCALARS_FILE), namedImports: [...scalars].sort(compare) });
    const body = entries.length > 0 ? `{\n${entries.map((entry) => `  ${entry}`).join("\n")}\n}` : "{}";
    addCode(file, `export const ${schemaName} = z.object(${body});`);
    addCode(file, `export type ${recordTypeName(model.name)} = z.infer<typeof ${schemaName}>;`);
    const returned = tests.length > 0 ? `(\n${tests.map((test) => `    ${test}`).join(" &&\n")}\n  )` : "true";
    const doc = [
      `Whether \`${schemaName}\` takes \`record\` and gives back the fields it names as they are: true`,
      "for records as exports write them, so that only the others go through Zod, which says what is",
      `wrong; false decides nothing.${tests.some((test) => test.includes(" == null")) ? " `== null`: absent or null." : ""}`,
    ];
    addCode(file, `${docComment(doc.join("\n"))}\nexport function ${testName(schemaName)}(record: Record<string, unknown>): boolean {\n  return ${returned};\n}`);
  });
}

/**
 * `codecs/`: per model, the typed conversions between a Prisma row and its record in the file
 * (`toRecord`, `fromRecord`) with the record's validator and its test, and an index of them. Server-side:
 * they are typed with the app's Prisma client and import its `Prisma` namespace for Json nulls.
 */
import type { BackupSchema, FieldSpec, ModelSpec } from "../../runtime/schema.ts";
import { compare } from "../model/relations.ts";
import { propertyKey } from "./literal.ts";
import { codecName, codecPath, impliedFields, recordFields, recordSchemaName, recordTypeName, testName, validatorPath } from "./names.ts";
import { addCode, clientImport, emitFile, relativeImport, RUNTIME, RUNTIME_CODEC, type EmitContext, type EmittedFile } from "./source.ts";

const CODECS_INDEX = "codecs/index.ts";

/** The runtime helper that turns a database value of this kind into its file form. */
const TO_FILE: Partial<Record<FieldSpec["kind"], string>> = {
  DateTime: "dateToString",
  Decimal: "decimalToString",
  BigInt: "bigintToString",
  Bytes: "encodeBase64",
  Json: "jsonToFile",
};

/** A file value of this kind → what Prisma writes (`value` stands for the expression). */
const TO_DATABASE: Partial<Record<FieldSpec["kind"], { convert: (value: string) => string; helper?: string }>> = {
  DateTime: { convert: (value) => `new Date(${value})` },
  BigInt: { convert: (value) => `BigInt(${value})` },
  Bytes: { convert: (value) => `decodeBase64(${value})`, helper: "decodeBase64" },
};

export function emitCodecs(schema: BackupSchema, context: EmitContext): EmittedFile[] {
  const models = Object.values(schema.models);
  return [...models.map((model) => emitCodec(model, context)), emitCodecsIndex(models, context)];
}

function emitCodec(model: ModelSpec, context: EmitContext): EmittedFile {
  const path = codecPath(model.name);
  const implied = [...impliedFields(model)];
  const fields = recordFields(model);
  const helpers = new Set<string>();
  let needsPrismaValue = false;

  const toRecord = fields.map((field) => {
    const value = `row.${field.name}`;
    const helper = TO_FILE[field.kind];
    if (!helper) return `${propertyKey(field.name)}: ${value},`;
    helpers.add(helper);
    if (field.list) return `${propertyKey(field.name)}: ${value}.map(${helper}),`;
    // jsonToFile keeps null as it is; the others need a value.
    if (!field.required && field.kind !== "Json") return `${propertyKey(field.name)}: ${value} === null ? null : ${helper}(${value}),`;
    return `${propertyKey(field.name)}: ${helper}(${value}),`;
  });

  const fromRecord = fields.map((field) => {
    const value = `record.${field.name}`;
    const mayBeAbsent = !field.required || ((field.hasDefault || field.updatedAt) && !model.id.includes(field.name));
    if (field.kind === "Json" && !field.list) {
      needsPrismaValue = true;
      return `${propertyKey(field.name)}: ${value} === null ? Prisma.${field.required ? "JsonNull" : "DbNull"} : ${value},`;
    }
    // A Json list's items are JSON values, which Prisma's input type spells differently (no null items).
    if (field.kind === "Json") return `${propertyKey(field.name)}: ${value} as Prisma.InputJsonValue[]${mayBeAbsent ? " | undefined" : ""},`;
    const conversion = TO_DATABASE[field.kind];
    if (!conversion) return `${propertyKey(field.name)}: ${value},`;
    if (conversion.helper) helpers.add(conversion.helper);
    if (field.list) return `${propertyKey(field.name)}: ${value}${mayBeAbsent ? "?" : ""}.map((item) => ${conversion.convert("item")}),`;
    if (mayBeAbsent) return `${propertyKey(field.name)}: ${value} == null ? ${value} : ${conversion.convert(value)},`;
    return `${propertyKey(field.name)}: ${conversion.convert(value)},`;
  });

  const leftOut = [...implied, ...model.omitted.map((field) => field.name)];
  const createInput = `Prisma.${model.name}CreateManyInput`;
  const returnType = leftOut.length > 0 ? `Omit<${createInput}, ${leftOut.map((name) => JSON.stringify(name)).join(" | ")}>` : createInput;
  const rowType = `${model.name}Row`;

  const notes = [
    `Conversions of a ${model.name} between its Prisma row and its record in the backup file.`,
    ...(model.nest
      ? [
          "",
          `Nested in its ${model.nest.parent}: \`toRecord\` leaves out ${listed(implied)} and \`fromRecord\` does not set ${implied.length > 1 ? "them" : "it"};`,
          `the runtime adds ${implied.length > 1 ? "them" : "it"} to the row from the parent record after \`fromRecord\`${model.nest.orphans !== undefined ? "" : "."}`,
          ...(model.nest.orphans !== undefined ? [`(null for the records under \`${model.nest.orphans}\`, which have no parent).`] : []),
        ]
      : []),
    ...(model.omitted.length > 0
      ? ["", `Omitted fields (${listed(model.omitted.map((field) => field.name))}) are neither read nor written here; the runtime gives new records their fallback.`]
      : []),
    ...(fromRecord.some((line) => line.includes("== null"))
      ? ["", "`== null` keeps null (unset) and undefined (absent from the file, so the database default", "applies) as they are."]
      : []),
  ];

  return emitFile(path, notes.join("\n"), (file) => {
    file.addImportDeclaration({ isTypeOnly: true, moduleSpecifier: RUNTIME, namedImports: ["ModelCodec"] });
    if (helpers.size > 0) file.addImportDeclaration({ moduleSpecifier: RUNTIME_CODEC, namedImports: [...helpers].sort(compare) });
    file.addImportDeclaration({
      moduleSpecifier: clientImport(context, path),
      isTypeOnly: !needsPrismaValue,
      namedImports: [{ name: "Prisma" }, { name: model.name, alias: rowType, isTypeOnly: needsPrismaValue }],
    });
    file.addImportDeclaration({
      moduleSpecifier: relativeImport(context, path, validatorPath(model.name)),
      namedImports: [recordSchemaName(model.name), testName(recordSchemaName(model.name)), { name: recordTypeName(model.name), isTypeOnly: true }],
    });
    addCode(
      file,
      `/** A row read by Prisma (scalar fields only) → its record in the file. */
function toRecord(row: ${rowType}): ${recordTypeName(model.name)} {
  return {
${toRecord.map((line) => `    ${line}`).join("\n")}
  };
}`,
    );
    addCode(
      file,
      `/** A validated record → the data Prisma's \`createMany\` writes. */
function fromRecord(record: ${recordTypeName(model.name)}): ${returnType} {
  return {
${fromRecord.map((line) => `    ${line}`).join("\n")}
  };
}`,
    );
    addCode(file, `export const ${codecName(model.name)} = { record: ${recordSchemaName(model.name)}, isRecord: ${testName(recordSchemaName(model.name))}, toRecord, fromRecord } satisfies ModelCodec;`);
  });
}

function emitCodecsIndex(models: readonly ModelSpec[], context: EmitContext): EmittedFile {
  return emitFile(CODECS_INDEX, "Each backed-up model's codec, by model name: what the runtime converts records with.", (file) => {
    file.addImportDeclaration({ isTypeOnly: true, moduleSpecifier: RUNTIME, namedImports: ["Codecs"] });
    for (const model of models) {
      file.addImportDeclaration({ moduleSpecifier: relativeImport(context, CODECS_INDEX, codecPath(model.name)), namedImports: [codecName(model.name)] });
    }
    const entries = models.map((model) => `  ${propertyKey(model.name)}: ${codecName(model.name)},`).join("\n");
    addCode(file, `export const codecs = {\n${entries}\n} satisfies Codecs;`);
  });
}

function listed(names: readonly string[]): string {
  return names.map((name) => `\`${name}\``).join(", ");
}

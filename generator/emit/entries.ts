/**
 * The entry points: `index.ts` (server: the backup bound to this schema and the app's Prisma
 * client) and `browser.ts` (the schema and validators only, nothing that touches Prisma).
 */
import type { BackupSchema } from "../../runtime/schema.ts";
import { VALIDATORS_INDEX } from "./file-schema.ts";
import { memberAccess, propertyKey } from "./literal.ts";
import { SCHEMA_FILE } from "./schema-file.ts";
import { addCode, clientImport, emitFile, relativeImport, RUNTIME, RUNTIME_BROWSER, type EmitContext, type EmittedFile } from "./source.ts";

const RUNTIME_TYPES = ["Backup", "BackupSchema", "Conflict", "ExportOptions", "ImportOptions", "ImportReport", "Problem", "Progress", "Resolution"];

export function emitIndex(context: EmitContext): EmittedFile {
  const path = "index.ts";
  const header = `This app's backup: \`exportAll\`, \`exportStream\` and \`importAll\` bound to its schema and codecs.
Server-side; the browser imports \`browser.ts\` instead.`;
  return emitFile(path, header, (file) => {
    file.addImportDeclaration({ moduleSpecifier: RUNTIME, namedImports: ["defineBackup"] });
    file.addImportDeclaration({ isTypeOnly: true, moduleSpecifier: clientImport(context, path), namedImports: ["PrismaClient"] });
    file.addImportDeclaration({ moduleSpecifier: relativeImport(context, path, "codecs/index.ts"), namedImports: ["codecs"] });
    file.addImportDeclaration({ moduleSpecifier: relativeImport(context, path, SCHEMA_FILE), namedImports: ["backupSchema"] });
    addCode(file, "export const backup = defineBackup<PrismaClient>({ schema: backupSchema, codecs });");
    addCode(file, "export const { exportAll, exportStream, importAll } = backup;");
    addCode(file, "export { backupSchema, codecs };");
    file.addExportDeclaration({ moduleSpecifier: relativeImport(context, path, VALIDATORS_INDEX) });
    file.addExportDeclaration({ isTypeOnly: true, moduleSpecifier: RUNTIME, namedExports: RUNTIME_TYPES });
  });
}

export function emitBrowser(schema: BackupSchema, context: EmitContext): EmittedFile {
  const path = "browser.ts";
  const header = `The browser's entry: the backup schema and the validators, nothing that touches Prisma.
\`definition\` is what \`verifyBackup\` and \`serveVerification\` (prisma-backup/runtime/browser) take.`;
  const models = Object.keys(schema.models);
  return emitFile(path, header, (file) => {
    file.addImportDeclaration({ isTypeOnly: true, moduleSpecifier: RUNTIME_BROWSER, namedImports: ["VerifyDefinition"] });
    file.addImportDeclaration({ moduleSpecifier: relativeImport(context, path, SCHEMA_FILE), namedImports: ["backupSchema"] });
    file.addImportDeclaration({ moduleSpecifier: relativeImport(context, path, VALIDATORS_INDEX), namedImports: ["recordSchemas", "recordTests"] });
    const codecs = models.map((name) => `    ${propertyKey(name)}: { record: recordSchemas${memberAccess(name)}, isRecord: recordTests${memberAccess(name)} },`).join("\n");
    addCode(file, `export const definition = {\n  schema: backupSchema,\n  codecs: {\n${codecs}\n  },\n} satisfies VerifyDefinition;`);
    addCode(file, "export { backupSchema };");
    file.addExportDeclaration({ moduleSpecifier: relativeImport(context, path, VALIDATORS_INDEX) });
  });
}

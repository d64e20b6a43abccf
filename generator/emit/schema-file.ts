/**
 * `schema.ts`: the backup schema as one `as const` object that the runtime interprets.
 */
import type { BackupSchema } from "../../runtime/schema.ts";
import { printLiteral } from "./literal.ts";
import { addCode, emitFile, RUNTIME, type EmittedFile } from "./source.ts";

export const SCHEMA_FILE = "schema.ts";

const HEADER = `What the runtime knows about this app's data model: each backed-up model with its fields,
relations, place in the file, natural key and merge rules, the many-to-many links, and the
order of an import. A nested model's \`fields\` include its foreign key to the parent, which its
records leave out: their position in the parent's record implies it.`;

export function emitSchemaFile(schema: BackupSchema): EmittedFile {
  return emitFile(SCHEMA_FILE, HEADER, (file) => {
    file.addImportDeclaration({ isTypeOnly: true, moduleSpecifier: RUNTIME, namedImports: ["BackupSchema"] });
    addCode(file, `export const backupSchema = ${printLiteral(schema)} as const satisfies BackupSchema;`);
  });
}

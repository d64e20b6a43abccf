/**
 * `validators/metadata.ts` and `validators/index.ts`: the whole backup file's Zod schema
 * (metadata, the `company` and `data` sections with nested records and orphans, the checksum),
 * and each model's record schema by model name. Browser-safe.
 */
import type { BackupSchema, ModelSpec, Section } from "../../runtime/schema.ts";
import { compare } from "../model/relations.ts";
import { propertyKey } from "./literal.ts";
import { recordSchemaName, recordTypeName, testName, treeSchemaName, validatorPath } from "./names.ts";
import { addCode, emitFile, relativeImport, type EmitContext, type EmittedFile } from "./source.ts";

const METADATA_FILE = "validators/metadata.ts";
export const VALIDATORS_INDEX = "validators/index.ts";
const SECTIONS: readonly Section[] = ["company", "data"];

export function emitMetadata(): EmittedFile {
  return emitFile(METADATA_FILE, "The `metadata` member of a backup file (docs/FORMAT.md).", (file) => {
    file.addImportDeclaration({ moduleSpecifier: "zod", namedImports: ["z"] });
    addCode(
      file,
      `export const backupMetadata = z.object({
  format: z.literal("prisma-backup"),
  version: z.string().regex(/^\\d+\\.\\d+$/),
  exported_at: z.iso.datetime({ offset: true }),
  app_version: z.string().nullable(),
  provider: z.string(),
  schema_fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  modules: z.array(z.string()),
  compressed: z.boolean(),
  total_records: z.int().nonnegative(),
  counts: z.record(z.string(), z.int().nonnegative()),
  fields: z.record(z.string(), z.array(z.string())),
});`,
    );
    addCode(file, "export type BackupMetadataRecord = z.infer<typeof backupMetadata>;");
  });
}

export function emitValidatorsIndex(schema: BackupSchema, context: EmitContext): EmittedFile {
  const path = VALIDATORS_INDEX;
  const models = Object.values(schema.models);
  const rank = new Map(schema.plan.order.map((name, index) => [name, index]));
  const inPlanOrder = [...models].sort((a, b) => rank.get(a.name)! - rank.get(b.name)!);
  const childrenOf = (parent: string) => inPlanOrder.filter((model) => model.nest?.parent === parent);
  const entryOf = (model: ModelSpec) => (childrenOf(model.name).length > 0 ? treeSchemaName(model.name) : recordSchemaName(model.name));

  const header = `Each model's record schema, and the schema of a whole backup file: what a browser checks
before uploading a file (the server checks the same, record by record, with its own messages).`;
  return emitFile(path, header, (file) => {
    file.addImportDeclaration({ moduleSpecifier: "zod", namedImports: ["z"] });
    file.addImportDeclaration({ moduleSpecifier: relativeImport(context, path, METADATA_FILE), namedImports: ["backupMetadata"] });
    for (const model of models) {
      file.addImportDeclaration({ moduleSpecifier: relativeImport(context, path, validatorPath(model.name)), namedImports: [recordSchemaName(model.name), testName(recordSchemaName(model.name))] });
    }
    file.addExportDeclaration({ moduleSpecifier: relativeImport(context, path, METADATA_FILE), namedExports: ["backupMetadata", { name: "BackupMetadataRecord", isTypeOnly: true }] });
    for (const model of models) {
      file.addExportDeclaration({
        moduleSpecifier: relativeImport(context, path, validatorPath(model.name)),
        namedExports: [recordSchemaName(model.name), testName(recordSchemaName(model.name)), { name: recordTypeName(model.name), isTypeOnly: true }],
      });
    }

    const map = models.map((model) => `  ${propertyKey(model.name)}: ${recordSchemaName(model.name)},`).join("\n");
    addCode(file, `/** Each backed-up model's record schema, by model name. */\nexport const recordSchemas = {\n${map}\n} as const;`);
    const tests = models.map((model) => `  ${propertyKey(model.name)}: ${testName(recordSchemaName(model.name))},`).join("\n");
    addCode(file, `/** Each backed-up model's record test (\`is…Record\`, beside its schema), by model name. */\nexport const recordTests = {\n${tests}\n} as const;`);

    // Records with their nested records: the deepest first, so that each is declared before its parent's.
    const depth = (model: ModelSpec): number => (model.nest ? 1 + depth(schema.models[model.nest.parent]!) : 0);
    const parents = models.filter((model) => childrenOf(model.name).length > 0).sort((a, b) => depth(b) - depth(a) || compare(a.name, b.name));
    if (parents.length > 0) {
      const trees = parents.map((model) => {
        const children = childrenOf(model.name).map((child) => `  ${propertyKey(child.key)}: z.array(${entryOf(child)}).optional(),`);
        return `const ${treeSchemaName(model.name)} = ${recordSchemaName(model.name)}.extend({\n${children.join("\n")}\n});`;
      });
      addCode(file, `// Records with the records nested in them, as they stand in the file.\n${trees.join("\n")}`);
    }

    const sections = SECTIONS.map((section) => {
      const entries = inPlanOrder.flatMap((model) => sectionEntries(model, section, entryOf(model)));
      if (entries.length === 0) return `  ${section}: z.object({}).optional(),`;
      return `  ${section}: z.object({\n${entries.map((entry) => `    ${entry}`).join("\n")}\n  }),`;
    });
    addCode(
      file,
      `/**
 * A whole backup file (docs/FORMAT.md). The keys of a section are optional: a selective backup
 * leaves some out.
 */
export const backupFileSchema = z.object({
  metadata: backupMetadata,
${sections.join("\n")}
  checksum: z.string().regex(/^[0-9a-f]{64}$/),
});`,
    );
    addCode(file, "export type BackupFile = z.infer<typeof backupFileSchema>;");
  });
}

/** What a model puts at the top of a section: its records, or, when nested, its orphans. */
function sectionEntries(model: ModelSpec, section: Section, entry: string): string[] {
  if (model.section !== section) return [];
  if (!model.nest) return [`${propertyKey(model.key)}: ${model.single ? `${entry}.nullable()` : `z.array(${entry})`}.optional(),`];
  return model.nest.orphans !== undefined ? [`${propertyKey(model.nest.orphans)}: z.array(${entry}).optional(),`] : [];
}

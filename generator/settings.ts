/**
 * The generator's settings, read at the edge from what Prisma passes (`GeneratorOptions`):
 * the schema's files, the datasource provider, and how generated code imports the app's Prisma
 * client. The client's location comes from the app's `prisma-client` (or `prisma-client-js`)
 * generator; relative imports follow the same extension rule as Prisma's own `prisma-client`
 * (its `importFileExtension`, else what the nearest tsconfig.json allows). Two settings of the
 * `generator backup { ... }` block override them: `clientImport` (a module specifier, as seen
 * from the output directory) and `importFileExtension` (`ts`, `js` or `none`).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { GeneratorConfig, GeneratorOptions } from "@prisma/generator-helper";
import { ts } from "ts-morph";
import type { SchemaFile } from "./annotations/schema-text.ts";
import type { EmitContext } from "./emit/source.ts";
import type { GenerateInput } from "./generate.ts";

export function inputFrom(options: GeneratorOptions, outputDir: string): GenerateInput {
  const provider = options.datasources[0]?.activeProvider;
  if (!provider) throw new Error("prisma-backup: the schema has no datasource, so there is no database to back up");
  const schemaFiles = schemaFilesOf(options.schemaPath, options.datamodel);
  // `prisma generate --generator backup` passes no other generator: find the client's block in the text.
  const others = options.otherGenerators.some(isClientGenerator) ? options.otherGenerators : clientGeneratorsIn(options.schemaPath, schemaFiles);
  return { datamodel: options.dmmf.datamodel, schemaFiles, provider, emit: emitContextOf(options.generator, others, outputDir) };
}

const CLIENT_PROVIDERS = ["prisma-client", "prisma-client-js"];

function isClientGenerator(generator: GeneratorConfig): boolean {
  return CLIENT_PROVIDERS.includes(generator.provider.value ?? "");
}

/**
 * The client generators declared in the schema's text, as Prisma would pass them: `output`
 * resolved from the directory of the file that declares it.
 */
export function clientGeneratorsIn(schemaPath: string, files: readonly SchemaFile[]): GeneratorConfig[] {
  const root = existsSync(schemaPath) && statSync(schemaPath).isDirectory() ? schemaPath : path.dirname(schemaPath);
  const generators: GeneratorConfig[] = [];
  for (const file of files) {
    for (const block of file.text.matchAll(/^\s*generator\s+(\w+)\s*\{([^}]*)\}/gm)) {
      const setting = (name: string) => new RegExp(`^\\s*${name}\\s*=\\s*"([^"]*)"`, "m").exec(block[2]!)?.[1];
      const provider = setting("provider");
      if (!provider || !CLIENT_PROVIDERS.includes(provider)) continue;
      const output = setting("output");
      const extension = setting("importFileExtension");
      generators.push({
        name: block[1]!,
        provider: { value: provider, fromEnvVar: null },
        output: output === undefined ? null : { value: path.resolve(root, path.dirname(file.path), output), fromEnvVar: null },
        isCustomOutput: output !== undefined,
        config: extension === undefined ? {} : { importFileExtension: extension },
        binaryTargets: [],
        previewFeatures: [],
        sourceFilePath: path.join(root, file.path),
      });
    }
  }
  return generators;
}

/** The schema's files: the one file, or every `.prisma` file of a schema folder. */
export function schemaFilesOf(schemaPath: string, datamodel: string): SchemaFile[] {
  if (!existsSync(schemaPath) || !statSync(schemaPath).isDirectory()) return [{ path: path.basename(schemaPath), text: datamodel }];
  const files = readdirSync(schemaPath, { recursive: true, encoding: "utf8" }).filter((name) => name.endsWith(".prisma")).sort();
  return files.map((name) => ({ path: name.split(path.sep).join("/"), text: readFileSync(path.join(schemaPath, name), "utf8") }));
}

const EXTENSIONS: Record<string, EmitContext["importExtension"]> = { ts: ".ts", js: ".js", none: "", "": "" };

export function emitContextOf(generator: GeneratorConfig, others: readonly GeneratorConfig[], outputDir: string): EmitContext {
  const client = others.find(isClientGenerator);
  const ownExtension = setting(generator, "importFileExtension");
  const importExtension = ownExtension !== undefined ? extensionNamed(ownExtension) : client ? clientImportExtension(client) : ".ts";
  const clientImport = setting(generator, "clientImport") ?? clientModule(client, outputDir, importExtension);
  return { importExtension, clientImport };
}

function setting(generator: GeneratorConfig, name: string): string | undefined {
  const value = generator.config[name];
  return typeof value === "string" ? value : undefined;
}

function extensionNamed(name: string): EmitContext["importExtension"] {
  const extension = EXTENSIONS[name.replace(/^\./, "")];
  if (extension === undefined) throw new Error(`prisma-backup: invalid importFileExtension "${name}" (expected one of: ts, js, none)`);
  return extension;
}

/** Where the app's client is, as imported from the output directory. */
function clientModule(client: GeneratorConfig | undefined, outputDir: string, extension: EmitContext["importExtension"]): string {
  const output = client?.output?.value;
  if (!client || !output || (client.provider.value === "prisma-client-js" && !client.isCustomOutput)) return "@prisma/client";
  const entry = client.provider.value === "prisma-client" ? `client${extension}` : "index.js";
  const specifier = path.relative(outputDir, path.join(output, entry)).split(path.sep).join("/");
  return specifier.startsWith(".") ? specifier : `./${specifier}`;
}

/** Prisma's rule for the `prisma-client` generator's own relative imports. */
function clientImportExtension(client: GeneratorConfig): EmitContext["importExtension"] {
  const configured = client.config.importFileExtension;
  if (typeof configured === "string") return extensionNamed(configured === "" ? "none" : configured);
  const output = client.output?.value;
  const options = output ? compilerOptionsNear(output) : undefined;
  if (!options) return ".ts";
  if (options.allowImportingTsExtensions || options.rewriteRelativeImportExtensions) return ".ts";
  if (options.module === ts.ModuleKind.CommonJS || options.moduleResolution === ts.ModuleResolutionKind.Bundler) return "";
  return ".js";
}

/** The compiler options of the nearest tsconfig.json above `directory` (`extends` resolved). */
function compilerOptionsNear(directory: string): ts.CompilerOptions | undefined {
  const file = ts.findConfigFile(directory, ts.sys.fileExists, "tsconfig.json");
  if (!file) return undefined;
  const read = ts.readConfigFile(file, ts.sys.readFile);
  if (read.error) return undefined;
  return ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(file)).options;
}

/**
 * Helpers for the generator's tests: load a schema's DMMF in-process with `getDMMF` (no
 * subprocess, no engine), run the pure stages on it, and collect diagnostics as rendered text.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { getDMMF } from "@prisma/get-dmmf";
import type { DMMF, GeneratorConfig } from "@prisma/generator-helper";
import type { BackupSchema } from "../../runtime/schema.ts";
import { readAnnotations } from "../../generator/annotations/read.ts";
import { BackupSchemaError, renderDiagnostic } from "../../generator/diagnostics.ts";
import { describeBackupSchema } from "../../generator/describe.ts";
import { buildModelGraph } from "../../generator/model/build-graph.ts";

export const REPO = fileURLToPath(new URL("../../", import.meta.url));
export const FIXTURES = fileURLToPath(new URL("../fixtures/schemas/", import.meta.url));

/** The DMMF of a schema; a schema Prisma rejects fails the test with Prisma's message. */
export function datamodelOf(text: string): DMMF.Datamodel {
  const result = getDMMF({ datamodel: text });
  if ("type" in result) throw new Error(`Prisma rejects the schema: ${result.reason} ${String(result.error).replace(/\u001b\[[0-9;]*m/g, "")}`);
  return result.datamodel as DMMF.Datamodel;
}

export function providerOf(text: string): string {
  return /datasource\s+\w+\s*\{[^}]*?provider\s*=\s*"(\w+)"/.exec(text)?.[1] ?? "sqlite";
}

/** A schema from model declarations, with a SQLite datasource in front. */
export function schema(body: string, provider = "sqlite"): string {
  return `datasource db {\n  provider = "${provider}"\n}\n${body}`;
}

export function fixture(name: string): string {
  return readFileSync(`${FIXTURES}${name}`, "utf8");
}

/** Steps 1–4 of the generator on a schema text. */
export function describeSchema(text: string): BackupSchema {
  return describeBackupSchema({ datamodel: datamodelOf(text), schemaFiles: [{ path: "schema.prisma", text }], provider: providerOf(text) });
}

/** The rendered diagnostics that generating the schema throws, or [] when it succeeds. */
export function problemsOf(text: string): string[] {
  try {
    describeSchema(text);
    return [];
  } catch (error) {
    if (error instanceof BackupSchemaError) return error.diagnostics.map(renderDiagnostic);
    throw error;
  }
}

/** Only the first line of each rendered diagnostic (`file:line Model.field: message`). */
export function headlinesOf(text: string): string[] {
  return problemsOf(text).map((problem) => problem.split("\n")[0]!);
}

/** The model graph, when the annotations themselves are fine. */
export function graphOf(text: string) {
  const datamodel = datamodelOf(text);
  const annotations = readAnnotations(datamodel, [{ path: "schema.prisma", text }]);
  if (annotations.diagnostics.length > 0) throw new BackupSchemaError(annotations.diagnostics);
  return buildModelGraph(datamodel, annotations, providerOf(text));
}

/** The `// expect: ` lines at the top of a fixture: the headlines it must produce. */
export function expectedOf(name: string): string[] {
  return fixture(name)
    .split("\n")
    .filter((line) => line.startsWith("// expect: "))
    .map((line) => line.slice("// expect: ".length));
}

/** A generator block as Prisma passes it to generators. */
export function generatorConfig(name: string, provider: string, output: string, config: Record<string, string> = {}): GeneratorConfig {
  return {
    name,
    provider: { value: provider, fromEnvVar: null },
    output: { value: output, fromEnvVar: null },
    isCustomOutput: true,
    config,
    binaryTargets: [],
    previewFeatures: [],
    sourceFilePath: path.join(REPO, "prisma/schema.prisma"),
  };
}

/** The `.ts` files below a directory, `/`-separated and sorted. */
export function generatedFiles(directory: string): string[] {
  return readdirSync(directory, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".ts"))
    .map((name) => name.split(path.sep).join("/"))
    .sort();
}

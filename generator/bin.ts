#!/usr/bin/env node
/**
 * The Prisma generator: `generator backup { provider = "prisma-backup-generator" }`. Reads the
 * settings Prisma passes, runs the pure `generate`, and writes its files to the output directory
 * (removing generated files that are no longer emitted). A problem in the schema's annotations
 * is thrown as one error, which Prisma prints before failing `prisma generate`.
 */
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
// A CommonJS package whose named exports Node cannot detect: import the module object.
import generatorHelper from "@prisma/generator-helper";
import { BANNER, type EmittedFile } from "./emit/source.ts";
import { generate } from "./generate.ts";
import { inputFrom } from "./settings.ts";

generatorHelper.generatorHandler({
  onManifest: () => ({ prettyName: "prisma-backup", defaultOutput: "./generated/backup" }),
  onGenerate: async (options) => {
    const output = options.generator.output?.value;
    if (!output) throw new Error("prisma-backup: no output directory (set `output` in the generator block)");
    await writeOutput(output, generate(inputFrom(options, output)));
  },
});

async function writeOutput(directory: string, files: readonly EmittedFile[]): Promise<void> {
  const wanted = new Set(files.map((file) => path.join(directory, file.path)));
  for (const stale of await generatedFiles(directory)) {
    if (!wanted.has(stale)) await rm(stale);
  }
  for (const file of files) {
    const target = path.join(directory, file.path);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.content);
  }
}

/** Files under `directory` that this generator wrote (they start with its banner); none when it does not exist. */
async function generatedFiles(directory: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(directory, { recursive: true, encoding: "utf8" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const found: string[] = [];
  for (const name of names.filter((n) => n.endsWith(".ts"))) {
    const file = path.join(directory, name);
    if ((await readFile(file, "utf8")).startsWith(BANNER)) found.push(file);
  }
  return found;
}

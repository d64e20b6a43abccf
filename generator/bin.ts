#!/usr/bin/env node
/**
 * The Prisma generator: `generator backup { provider = "prisma-backup-generator" }`. Reads the
 * settings Prisma passes, runs the pure `generate`, and writes its files to the output directory
 * (removing generated files that are no longer emitted). A problem in the schema's annotations
 * is thrown as one error, which Prisma prints before failing `prisma generate`.
 */
// A CommonJS package whose named exports Node cannot detect: import the module object.
import generatorHelper from "@prisma/generator-helper";
import { generate } from "./generate.ts";
import { inputFrom } from "./settings.ts";
import { writeOutput } from "./write-output.ts";

generatorHelper.generatorHandler({
  onManifest: () => ({ prettyName: "prisma-backup", defaultOutput: "./generated/backup" }),
  onGenerate: async (options) => {
    const output = options.generator.output?.value;
    if (!output) throw new Error("prisma-backup: no output directory (set `output` in the generator block)");
    await writeOutput(output, generate(inputFrom(options, output)));
  },
});

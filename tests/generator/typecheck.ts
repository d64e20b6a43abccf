/**
 * Type-checks generated files with the TypeScript compiler and the repository's options (strict),
 * in-process: only diagnostics of the files under the directory count.
 */
import path from "node:path";
import ts from "typescript";
import { generatedFiles, REPO } from "./support.ts";

export function typeErrorsIn(directory: string): string[] {
  const read = ts.readConfigFile(path.join(REPO, "tsconfig.json"), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(read.config, ts.sys, REPO);
  const roots = generatedFiles(directory).map((name) => path.join(directory, name));
  const program = ts.createProgram({ rootNames: roots, options: { ...options, noEmit: true } });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((item) => item.file?.fileName.startsWith(directory))
    .map((item) => `${path.relative(REPO, item.file!.fileName)}: ${ts.flattenDiagnosticMessageText(item.messageText, "\n")}`);
}

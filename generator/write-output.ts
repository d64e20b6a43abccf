/**
 * Writes the generated files to the output directory, and removes the files this generator
 * wrote before that it no longer emits (a model now skipped or renamed). Only files that start
 * with the generator's banner are ever removed; a failed write is an error, never ignored.
 */
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { BANNER, type EmittedFile } from "./emit/source.ts";

export async function writeOutput(directory: string, files: readonly EmittedFile[]): Promise<void> {
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

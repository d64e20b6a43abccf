import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BANNER } from "../../generator/emit/source.ts";
import { writeOutput } from "../../generator/write-output.ts";
import { generatedFiles } from "./support.ts";

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function scratch(): string {
  const directory = mkdtempSync(path.join(tmpdir(), "backup-output-"));
  directories.push(directory);
  return directory;
}

const file = (name: string, body = "") => ({ path: name, content: `${BANNER}\n${body}\n` });

describe("writeOutput", () => {
  it("creates the directory and writes every file", async () => {
    const directory = path.join(scratch(), "generated/backup");
    await writeOutput(directory, [file("index.ts", "export {};"), file("codecs/note.ts")]);
    expect(generatedFiles(directory)).toEqual(["codecs/note.ts", "index.ts"]);
    expect(readFileSync(path.join(directory, "index.ts"), "utf8")).toBe(`${BANNER}\nexport {};\n`);
  });

  it("removes generated files no longer emitted, and leaves other files alone", async () => {
    const directory = scratch();
    await writeOutput(directory, [file("index.ts"), file("codecs/note.ts"), file("codecs/draft.ts")]);
    mkdirSync(path.join(directory, "extra"));
    writeFileSync(path.join(directory, "extra/mine.ts"), "// written by hand\n");
    await writeOutput(directory, [file("index.ts"), file("codecs/note.ts")]);
    expect(generatedFiles(directory)).toEqual(["codecs/note.ts", "extra/mine.ts", "index.ts"]);
  });

  it("fails when a file cannot be written", async () => {
    const directory = scratch();
    writeFileSync(path.join(directory, "codecs"), "a file where a directory should be");
    await expect(writeOutput(directory, [file("codecs/note.ts")])).rejects.toThrow(/EEXIST|ENOTDIR/);
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { clientGeneratorsIn, emitContextOf, schemaFilesOf } from "../../generator/settings.ts";
import { generatorConfig, REPO } from "./support.ts";

const OUTPUT = path.join(REPO, "generated/backup");
const backup = (config: Record<string, string> = {}) => generatorConfig("backup", "prisma-backup-generator", OUTPUT, config);
const scratch = mkdtempSync(path.join(tmpdir(), "backup-settings-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("how generated code imports the app's client", () => {
  it("follows a prisma-client generator to its client.ts, with the extension its tsconfig allows", () => {
    expect(emitContextOf(backup(), [generatorConfig("client", "prisma-client", path.join(REPO, "generated/prisma"))], OUTPUT)).toEqual({
      importExtension: ".ts",
      clientImport: "../prisma/client.ts",
    });
    expect(emitContextOf(backup(), [generatorConfig("db", "prisma-client", path.join(REPO, "src/db"))], OUTPUT).clientImport).toBe("../../src/db/client.ts");
  });

  it("uses the client generator's own importFileExtension", () => {
    const client = generatorConfig("client", "prisma-client", path.join(REPO, "generated/prisma"), { importFileExtension: "js" });
    expect(emitContextOf(backup(), [client], OUTPUT)).toEqual({ importExtension: ".js", clientImport: "../prisma/client.js" });
  });

  it.each([
    [{ moduleResolution: "bundler" }, ""],
    [{ module: "commonjs" }, ""],
    [{ module: "nodenext", moduleResolution: "nodenext" }, ".js"],
    [{ module: "esnext", moduleResolution: "bundler", rewriteRelativeImportExtensions: true }, ".ts"],
  ])("reads the nearest tsconfig.json like Prisma does: %j → %j", (compilerOptions, extension) => {
    const app = path.join(scratch, JSON.stringify(compilerOptions).replace(/\W/g, ""));
    mkdirSync(path.join(app, "src/generated"), { recursive: true });
    writeFileSync(path.join(app, "tsconfig.json"), `// comments are allowed\n${JSON.stringify({ compilerOptions })}`);
    const context = emitContextOf(backup(), [generatorConfig("client", "prisma-client", path.join(app, "src/generated/prisma"))], path.join(app, "src/generated/backup"));
    expect(context).toEqual({ importExtension: extension, clientImport: `../prisma/client${extension}` });
  });

  it("imports @prisma/client for prisma-client-js without an output, and the index of a custom one", () => {
    const defaultOutput = { ...generatorConfig("client", "prisma-client-js", path.join(REPO, "node_modules/.prisma/client")), isCustomOutput: false };
    expect(emitContextOf(backup(), [defaultOutput], OUTPUT).clientImport).toBe("@prisma/client");
    expect(emitContextOf(backup(), [generatorConfig("client", "prisma-client-js", path.join(REPO, "generated/legacy"))], OUTPUT).clientImport).toBe("../legacy/index.js");
    expect(emitContextOf(backup(), [], OUTPUT)).toEqual({ importExtension: ".ts", clientImport: "@prisma/client" });
  });

  it("lets the backup generator's block override both", () => {
    const client = generatorConfig("client", "prisma-client", path.join(REPO, "generated/prisma"));
    expect(emitContextOf(backup({ clientImport: "~/db/client", importFileExtension: "none" }), [client], OUTPUT)).toEqual({ importExtension: "", clientImport: "~/db/client" });
    expect(() => emitContextOf(backup({ importFileExtension: "mjs" }), [client], OUTPUT)).toThrow('prisma-backup: invalid importFileExtension "mjs" (expected one of: ts, js, none)');
  });
});

describe("the schema's files", () => {
  it("are the one file, named by its base name", () => {
    expect(schemaFilesOf(path.join(REPO, "prisma/schema.prisma"), "model A {}")).toEqual([{ path: "schema.prisma", text: "model A {}" }]);
  });

  it("are every .prisma file of a schema folder, by path within it", () => {
    const folder = path.join(scratch, "schema");
    mkdirSync(path.join(folder, "models"), { recursive: true });
    writeFileSync(path.join(folder, "main.prisma"), "datasource db {}");
    writeFileSync(path.join(folder, "models/user.prisma"), "model User {}");
    writeFileSync(path.join(folder, "README.md"), "not a schema");
    expect(schemaFilesOf(folder, "")).toEqual([
      { path: "main.prisma", text: "datasource db {}" },
      { path: "models/user.prisma", text: "model User {}" },
    ]);
  });
});

describe("the client generator found in the schema's text (prisma generate --generator backup)", () => {
  it("resolves its output from the directory of the file that declares it", () => {
    const text = `generator client {\n  provider = "prisma-client"\n  output   = "../generated/prisma"\n  importFileExtension = "js"\n}\n\ngenerator backup {\n  provider = "node dist/generator/bin.js"\n}\n`;
    const [client, ...rest] = clientGeneratorsIn(path.join(REPO, "prisma/schema.prisma"), [{ path: "schema.prisma", text }]);
    expect(rest).toEqual([]);
    expect(client).toMatchObject({ name: "client", provider: { value: "prisma-client" }, output: { value: path.join(REPO, "generated/prisma") }, config: { importFileExtension: "js" } });
    expect(emitContextOf(backup(), [client!], OUTPUT)).toEqual({ importExtension: ".js", clientImport: "../prisma/client.js" });
  });

  it("finds a prisma-client-js generator without an output", () => {
    const text = 'generator client {\n  provider = "prisma-client-js"\n}\n';
    const generators = clientGeneratorsIn(path.join(scratch, "schema"), [{ path: "models/main.prisma", text }]);
    expect(generators).toMatchObject([{ provider: { value: "prisma-client-js" }, output: null, isCustomOutput: false }]);
    expect(emitContextOf(backup(), generators, OUTPUT).clientImport).toBe("@prisma/client");
  });
});

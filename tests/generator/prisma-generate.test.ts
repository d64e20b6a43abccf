/**
 * End to end through `prisma generate`: the built generator (dist/generator/bin.js) run by the
 * Prisma CLI on temporary schemas. A bad annotation makes the command fail with the message; a
 * schema using every scalar type on PostgreSQL gets a backup module that passes the compiler.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatedFiles, REPO } from "./support.ts";
import { typeErrorsIn } from "./typecheck.ts";

const BIN = path.join(REPO, "dist/generator/bin.js");
// Under tests/fixtures/out, which tsconfig.json excludes: inside the repository so that the
// generated code resolves zod, @prisma/client and prisma-backup/runtime like the app does.
const WORK = path.join(REPO, "tests/fixtures/out", `prisma-generate-${process.pid}`);

/** Builds dist/ when it is missing or older than a generator source (vitest run on its own). */
function ensureBuilt(): void {
  const newest = (dir: string): number =>
    Math.max(...readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((name) => name.endsWith(".ts")).map((name) => statSync(path.join(dir, name)).mtimeMs));
  const sources = Math.max(newest(path.join(REPO, "generator")), newest(path.join(REPO, "runtime")));
  if (existsSync(BIN) && statSync(BIN).mtimeMs >= sources) return;
  const build = spawnSync(process.execPath, [path.join(REPO, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: REPO, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
}

function prismaGenerate(name: string, schema: string) {
  const dir = path.join(WORK, name);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "schema.prisma");
  writeFileSync(file, schema);
  const result = spawnSync(process.execPath, [path.join(REPO, "node_modules/prisma/build/index.js"), "generate", "--schema", file], {
    cwd: dir,
    encoding: "utf8",
    // prisma generate never runs the schema engine but wants its path to exist (PRISMA-OFFLINE.md).
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: BIN, PRISMA_HIDE_UPDATE_MESSAGE: "1", NO_COLOR: "1", CI: "1" },
  });
  return { dir, status: result.status, output: `${result.stdout}${result.stderr}` };
}

const backupGenerator = `generator backup {
  provider = "node ${BIN}"
  output   = "./backup"
}`;

beforeAll(ensureBuilt, 120_000);
afterAll(() => rmSync(WORK, { recursive: true, force: true }));

describe("prisma generate", () => {
  it("fails with the message when an annotation is wrong", () => {
    const result = prismaGenerate(
      "bad-annotation",
      `${backupGenerator}

datasource db {
  provider = "sqlite"
}

/// @backup(mach: email)
model Customer {
  id    Int    @id
  email String @unique
}
`,
    );
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('schema.prisma:10 Customer: unknown option "mach" (did you mean "match"?)');
    expect(result.output).toContain("    /// @backup(mach: email)");
    expect(existsSync(path.join(result.dir, "backup"))).toBe(false);
  });

  it("writes a backup module that compiles, for every scalar type, lists and links on PostgreSQL", () => {
    const result = prismaGenerate(
      "every-type",
      `generator client {
  provider = "prisma-client"
  output   = "./client"
}

${backupGenerator}

datasource db {
  provider = "postgresql"
}

enum Mood {
  HAPPY
  CALM
}

/// @backup(section: company, single, key: "settings")
model Settings {
  id    Int   @id @default(1)
  prefs Json?
}

/// @backup(match: code, merge: newest)
model Sample {
  id        BigInt     @id @default(autoincrement())
  code      String     @unique
  count     Int        @default(0)
  big       BigInt?
  ratio     Float?
  price     Decimal    @default(0)
  flag      Boolean
  at        DateTime   @default(now())
  changed   DateTime   @updatedAt
  data      Json
  extra     Json?
  blob      Bytes?
  mood      Mood       @default(CALM)
  moods     Mood[]
  tags      String[]
  amounts   Decimal[]
  dates     DateTime[]
  blobs     Bytes[]
  docs      Json[]
  /// @backup(omit, fallback: "0")
  secret    BigInt
  parts     Part[]
  labels    Label[]
}

/// @backup(nest: sample)
model Part {
  sampleId BigInt
  position Int
  sample   Sample @relation(fields: [sampleId], references: [id])

  @@id([sampleId, position])
}

model Label {
  id      String   @id
  samples Sample[]
}
`,
    );
    expect(result.output).toContain("Generated prisma-backup");
    expect(result.status).toBe(0);
    const backup = path.join(result.dir, "backup");
    expect(generatedFiles(backup)).toEqual([
      "browser.ts",
      "codecs/index.ts",
      "codecs/label.ts",
      "codecs/part.ts",
      "codecs/sample.ts",
      "codecs/settings.ts",
      "index.ts",
      "schema.ts",
      "validators/enums.ts",
      "validators/index.ts",
      "validators/label.ts",
      "validators/metadata.ts",
      "validators/part.ts",
      "validators/sample.ts",
      "validators/scalars.ts",
      "validators/settings.ts",
    ]);
    expect(typeErrorsIn(backup)).toEqual([]);
  });
});

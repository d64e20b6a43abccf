/**
 * Every test run says, once, which PostgreSQL its tests use: the server at 127.0.0.1:5432 when
 * one answers, else PGlite. Checked in fresh processes (a test run is one process tree).
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/lib/prisma-schema.ts";
import { describePostgresBackend, postgresBackend } from "../support/databases.ts";

const run = promisify(execFile);

async function linesOf(env: Record<string, string>): Promise<string[]> {
  const { stdout } = await run(`${repoRoot}/node_modules/.bin/tsx`, ["tests/tooling/fixtures/announce-postgres.ts"], {
    cwd: repoRoot,
    env: { ...process.env, BACKUP_TEST_POSTGRES: "", BACKUP_TEST_POSTGRES_URL: "", ...env },
  });
  expect(stdout.trim().split("\n").at(-1)).toBe("done");
  return stdout.split("\n").filter((line) => line.startsWith("PostgreSQL tests:"));
}

describe("the PostgreSQL line", () => {
  it("is printed once per run, naming the server or PGlite", async () => {
    const expected = describePostgresBackend(await postgresBackend());
    const [auto, forced, noServer] = await Promise.all([
      linesOf({}),
      linesOf({ BACKUP_TEST_POSTGRES: "pglite" }),
      linesOf({ BACKUP_TEST_POSTGRES_URL: "postgresql://postgres@127.0.0.1:1/postgres" }),
    ]);
    expect(auto).toEqual([expected]);
    expect(auto[0]).toMatch(/^PostgreSQL tests: (server at 127\.0\.0\.1:5432|PGlite \(no server on 127\.0\.0\.1:5432\))$/);
    expect(forced).toEqual(["PostgreSQL tests: PGlite (BACKUP_TEST_POSTGRES=pglite)"]);
    expect(noServer).toEqual(["PostgreSQL tests: PGlite (no server on 127.0.0.1:1)"]);
  });
});

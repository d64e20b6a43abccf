/**
 * The command line as operators and schedulers run it: the repository's prisma-backup.config.ts
 * on a real SQLite file; files, exit codes and messages checked. `spawn` runs the real process
 * (from source, through tsx: a second or two each), `cli` the same program in-process (fast),
 * so that a few tests prove the process's behaviour and the rest cover every command.
 */
import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acquireImportLock } from "../../runtime/history/lock.ts";
import { isEncrypted } from "../../runtime/crypto/envelope.ts";
import { runCli } from "../../runtime/cli/program.ts";
import { createTestDatabase, seedSmall, type TestDatabase } from "../routes/support.ts";

const ROOT = join(import.meta.dirname, "../..");

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function environment(db: TestDatabase) {
  return { DATABASE_URL: db.url, BACKUP_DIR: join(db.dir, "backups"), PRISMA_BACKUP_OPERATOR: "cron@test" };
}

/** The real process. */
function spawn(db: TestDatabase, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--conditions=source", "--import", "tsx", "runtime/cli/main.ts", ...args],
      { cwd: ROOT, env: { ...process.env, ...environment(db) } },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The same program in this process, its output captured (commands run one at a time: they share process.env). */
let queue: Promise<unknown> = Promise.resolve();
function cli(db: TestDatabase, ...args: string[]): Promise<Run> {
  const run = queue.then(async () => {
    let stdout = "";
    let stderr = "";
    Object.assign(process.env, environment(db));
    const code = await runCli(["--config", join(ROOT, "prisma-backup.config.ts"), ...args], {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
    });
    return { code, stdout, stderr };
  });
  queue = run.catch(() => {});
  return run;
}

let db: TestDatabase;
let empty: TestDatabase;
beforeAll(async () => {
  [db, empty] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  await seedSmall(db.prisma);
});
afterAll(async () => {
  await db.close();
  await empty.close();
});

describe("prisma-backup", () => {
  it("documents every command and its exit codes, and refuses a wrong command line with 2", async () => {
    const [help, unknown] = await Promise.all([spawn(db, "--help"), spawn(db, "restore")]);
    const [importHelp, badOption] = [await cli(db, "import", "--help"), await cli(db, "import", "x.json", "--mode", "upsert")];
    expect(help.code).toBe(0);
    for (const command of ["export", "import", "verify", "history", "prune", "audit"]) expect(help.stdout).toContain(`  ${command} `);
    expect(help.stdout).toContain("  4  conflicts await decisions (nothing written)");
    expect(importHelp.code).toBe(0);
    expect(importHelp.stdout).toContain("--resolve <side>");
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining("error: unknown command 'restore'") });
    expect(badOption).toMatchObject({ code: 2, stderr: expect.stringContaining("error: option '--mode <mode>' argument 'upsert' is invalid. Allowed choices are merge, replace.") });
  });

  it("exports into the backup directory (kept, listed) or to a file, selective and plain", async () => {
    const kept = await spawn(db, "export", "--kind", "scheduled");
    expect(kept.code).toBe(0);
    const path = kept.stdout.trim();
    expect(path).toMatch(/backups\/alami-gestion-backup-\d{4}-\d{2}-\d{2}-\d{6}-scheduled\.json\.gz$/);
    expect(JSON.parse(gunzipSync(await readFile(path)).toString()).metadata.total_records).toBe(18);
    expect(kept.stderr).toMatch(/^Backup kept on the server: alami-gestion-backup-.*-scheduled\.json\.gz \(1\.\d KB, 18 records\)\.\n$/);
    expect(kept.stderr).not.toContain("["); // piped: no progress bar

    const out = join(db.dir, "sales.json");
    const [plain, history] = await Promise.all([cli(db, "export", "--out", out, "--modules", "sales", "--no-compress"), cli(db, "history")]);
    expect(plain.code).toBe(0);
    expect(JSON.parse(await readFile(out, "utf8")).metadata.modules).toEqual(["sales"]);
    expect(history.stdout).toMatch(/scheduled +1\.\d KB +18 +[0-9a-f]{12} +alami-gestion-backup-/);
    expect(history.stdout).toContain("1 backup, ");

    const again = await cli(db, "export", "--out", out);
    expect(again).toMatchObject({ code: 1, stderr: `prisma-backup: ${out} already exists: choose another name, or pass --force.\n` });
    const unknownModule = await cli(db, "export", "--modules", "payroll");
    expect(unknownModule).toMatchObject({ code: 2, stderr: "prisma-backup: Unknown module payroll; this app has catalog, purchasing, sales, settings.\n" });
  });

  it("verifies a file without the database: 0 when sound, 3 when damaged or locked without its password", async () => {
    const file = join(db.dir, "full.json.gz");
    const sealed = join(db.dir, "full.json.gz.enc");
    const passwordFile = join(db.dir, "password.txt");
    await writeFile(passwordFile, "correct horse\n");
    await Promise.all([cli(db, "export", "--out", file), cli(db, "export", "--out", sealed, "--password-file", passwordFile)]);
    expect(isEncrypted(await readFile(sealed))).toBe(true);
    const bytes = gunzipSync(await readFile(file));
    bytes[200] = bytes[200] === 0x41 ? 0x42 : 0x41;
    const damaged = join(db.dir, "damaged.json");
    await writeFile(damaged, bytes);

    const [sound, bad, locked, unlocked] = await Promise.all([
      cli(empty, "verify", file),
      spawn(empty, "verify", damaged),
      cli(empty, "verify", sealed),
      cli(empty, "verify", sealed, "--password-file", passwordFile),
    ]);
    expect(sound.code).toBe(0);
    expect(sound.stdout).toContain(`✔ ${file} is a sound backup.`);
    expect(sound.stdout).toContain("18 records checked: Category 2, CompanySettings 1, Customer 3");
    expect(bad.code).toBe(3);
    expect(bad.stdout).toMatch(/✖ The checksum does not match \(file says [0-9a-f]{12}…, content gives [0-9a-f]{12}…\): the file was altered or damaged\./);
    expect(locked).toMatchObject({ code: 3, stdout: expect.stringContaining("✖ This backup is encrypted: give its password to open it.") });
    expect(unlocked.code).toBe(0);
    expect(unlocked.stdout).toContain("gzip'd, encrypted");
  });

  it("refuses a file that decompresses past --max-bytes with 3, and a size it cannot read with 2", async () => {
    const file = join(db.dir, "max-bytes.json.gz");
    await cli(db, "export", "--out", file);
    const target = await createTestDatabase(); // its own audit log: other tests count theirs
    try {
      const [refused, fits, unreadable, help, verified] = [
        await cli(target, "import", file, "--dry-run", "--max-bytes", "2KB"),
        await cli(target, "import", file, "--dry-run", "--max-bytes", "1MiB"),
        await cli(target, "import", file, "--max-bytes", "lots"),
        await cli(target, "import", "--help"),
        await cli(target, "verify", file, "--max-bytes", "2048"),
      ];
      expect(refused.code).toBe(3);
      expect(refused.stdout).toContain("✖ The file decompresses to more than 2.0 KB. Export a selective backup (fewer modules), or raise the limit.");
      expect(fits.code).toBe(0);
      expect(unreadable).toMatchObject({ code: 2, stderr: 'prisma-backup: --max-bytes must be a size such as 500MB, 2GB or a number of bytes (got "lots").\n' });
      expect(help.stdout).toContain("default 1.0 GB");
      expect(verified.code).toBe(3);
      expect(verified.stdout).toContain("✖ The file decompresses to more than 2.0 KB. Export a selective backup (fewer modules), or raise the limit.");
      expect(await target.prisma.customer.count()).toBe(0);
    } finally {
      await target.close();
    }
  });

  it("imports with exit codes for each outcome: 0, 4 conflicts, 5 busy, 6 failed", async () => {
    const file = join(db.dir, "import-source.json.gz");
    await cli(db, "export", "--out", file);

    const dry = await cli(empty, "import", file, "--dry-run");
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`Dry run of ${file} (merge): nothing was written.`);
    expect(dry.stdout).toMatch(/total +18 +18 +0 +0 +0 +0/);
    expect(await empty.prisma.customer.count()).toBe(0);

    await db.prisma.invoice.update({ where: { number: "FAC-1" }, data: { status: "CANCELLED" } });
    const conflicts = await spawn(db, "import", file);
    expect(conflicts.code).toBe(4);
    expect(conflicts.stdout).toContain('conflict Invoice:1:status: database "CANCELLED" ≠ file "ISSUED"');
    const resolved = await cli(db, "import", file, "--resolve", "incoming", "--json");
    expect(resolved.code).toBe(0);
    expect(JSON.parse(resolved.stdout)).toMatchObject({ ok: true, written: true, resolved: 1, backupPath: expect.stringMatching(/-pre-import\.json\.gz$/) });
    expect((await db.prisma.invoice.findFirstOrThrow()).status).toBe("ISSUED");

    const lock = await acquireImportLock(join(empty.dir, "backups"), "the web app");
    const busy = await cli(empty, "import", file);
    await lock.release();
    expect(busy.code).toBe(5);
    expect(busy.stdout).toContain("Another import is running: nothing was done.");

    await empty.exec("CREATE TRIGGER refuse BEFORE INSERT ON sales BEGIN SELECT RAISE(ABORT, 'disk on fire'); END;");
    const failed = await cli(empty, "import", file, "--no-backup");
    expect(failed.code).toBe(6);
    expect(failed.stdout).toContain("The import failed and was rolled back: nothing was written.");
    expect(await empty.prisma.customer.count()).toBe(0);
    await empty.exec("DROP TRIGGER refuse;");

    const done = await cli(empty, "import", file);
    expect(done.code).toBe(0);
    expect(done.stdout).toContain(`Imported ${file} (merge).`);
    expect(await empty.prisma.customer.count()).toBe(3);
  });

  it("prunes the history and shows the audit log with its success rate", async () => {
    for (let i = 0; i < 2; i++) await cli(empty, "export", "-q");
    const before = (await cli(empty, "history", "--json")).stdout;
    expect(JSON.parse(before).backups.length).toBeGreaterThanOrEqual(3);
    const [bad, plan] = await Promise.all([cli(empty, "prune", "--keep", "none"), cli(empty, "prune", "--keep", "1", "--dry-run")]);
    expect(bad).toMatchObject({ code: 2, stderr: 'prisma-backup: --keep must be a whole number ≥ 1 (got "none").\n' });
    expect(plan.stdout).toMatch(/would delete .* \(expired, .*\)/);
    const pruned = await cli(empty, "prune", "--keep", "1", "--json");
    expect(pruned.code).toBe(0);
    expect(JSON.parse(pruned.stdout).kept).toHaveLength(1);
    expect(JSON.parse((await cli(empty, "history", "--json")).stdout).backups).toHaveLength(1);

    const audit = await cli(empty, "audit", "--json");
    const { summary, entries } = JSON.parse(audit.stdout);
    expect(entries.at(-1)).toMatchObject({ action: "cleanup", who: "cron@test", via: "cli", outcome: "success" });
    expect(summary.byAction.import).toMatchObject({ success: 2, refused: 1, failure: 1 });
    expect(summary.lastFailure).toMatchObject({ action: "import" });
    const table = await cli(empty, "audit", "--limit", "3");
    expect(table.stdout).toMatch(/entries; success rate \d+\.\d\d % \(target 99 %, NOT met\)/);
  });
});

/**
 * The database fails halfway through an import's write phase: a constraint the file violates,
 * a trigger that raises, the transaction's time running out, and (on a PostgreSQL server) the
 * connection killed from another session. Each time some rows were already written inside the
 * transaction when it failed; afterwards the database is exactly as before, row for row, and
 * the report says what failed and where.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { backup } from "../../generated/backup/index.ts";
import type { ImportOptions, ImportReport, Progress } from "../../generated/backup/index.ts";
import { createDatabase, dumpDatabase, postgresBackend, type DatabaseDump, type TestDatabase } from "../support/databases.ts";
import { faultData, fillBefore, type FaultData } from "./support/data.ts";
import { readDocument } from "../runtime/files.ts";
import { recordResult } from "./support/results.ts";

const RECORDS = 500;

describe.each(["sqlite", "postgresql"] as const)("the database failing mid-import on %s", (provider) => {
  let data: FaultData;
  let db: TestDatabase;
  let before: DatabaseDump;
  /** A sale in the middle of the file: its lines are written about halfway. */
  let middleSale: number;
  const faults: string[] = [];

  beforeAll(async () => {
    data = await faultData(provider, RECORDS);
    db = await createDatabase(provider);
    await fillBefore(db.prisma, data);
    before = await dumpDatabase(db);
    const document = readDocument(data.file);
    const sales = (document.data.customers as { sales: { id: number }[] }[]).flatMap((c) => c.sales.map((s) => s.id)).sort((a, b) => a - b);
    middleSale = sales[Math.floor(sales.length / 2)]!;
  });
  afterAll(async () => {
    await recordResult(`database-errors-${provider}`, { provider, kind: db?.kind, faults: faults.length, survived: faults.length, list: faults });
    await db?.close();
  });

  /** Imports with the fault in place; returns the report and how many rows were written before it failed. */
  async function failingImport(options: ImportOptions = {}): Promise<{ report: ImportReport; written: number }> {
    let written = 0;
    const onProgress = (progress: Progress) => {
      if (progress.phase === "write") written = progress.done;
      options.onProgress?.(progress);
    };
    const report = await backup.importAll(db.prisma, data.file, { ...options, onProgress });
    expect(report.ok).toBe(false);
    expect(report.written).toBe(false);
    expect(written, "the failure came after some writes").toBeGreaterThan(0);
    expect(await dumpDatabase(db)).toEqual(before);
    return { report, written };
  }

  it("a constraint violated halfway (a unique index the file's sale lines break)", async () => {
    await db.exec("CREATE UNIQUE INDEX fault_unique ON sale_lines (product_id)");
    try {
      const { report, written } = await failingImport();
      expect(report.errors).toHaveLength(1);
      expect(report.errors[0]).toMatchObject({ code: "database_error", model: "SaleLine" });
      expect(report.errors[0]!.message).toMatch(/^Creating SaleLine .* failed: another record already has the same (productId|product_id|fault_unique) \(unique constraint\)\. The import was rolled back: the database is exactly as it was before\.$/);
      faults.push(`unique constraint after ${written} rows`);
    } finally {
      await db.exec("DROP INDEX fault_unique");
    }
  });

  it("a trigger that raises halfway", async () => {
    const message = "fault injected: a trigger refused this row";
    await db.exec(
      provider === "sqlite"
        ? `CREATE TRIGGER fault_trigger BEFORE INSERT ON sale_lines WHEN NEW.sale_id = ${middleSale} BEGIN SELECT RAISE(ABORT, '${message}'); END;`
        : `CREATE FUNCTION fault_raise() RETURNS trigger AS $$ BEGIN IF NEW.sale_id = ${middleSale} THEN RAISE EXCEPTION '${message}'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql;
           CREATE TRIGGER fault_trigger BEFORE INSERT ON sale_lines FOR EACH ROW EXECUTE FUNCTION fault_raise();`,
    );
    try {
      const { report, written } = await failingImport();
      expect(report.errors[0]).toMatchObject({ code: "database_error", model: "SaleLine" });
      expect(report.errors[0]!.message).toMatch(/^Creating SaleLine .* failed: .*The import was rolled back: the database is exactly as it was before\.$/);
      // The trigger's own words reach the report on both providers.
      expect(report.errors[0]!.message).toContain(message);
      faults.push(`trigger raising after ${written} rows`);
    } finally {
      await db.exec(provider === "sqlite" ? "DROP TRIGGER fault_trigger" : "DROP TRIGGER fault_trigger ON sale_lines; DROP FUNCTION fault_raise()");
    }
  });

  it("the transaction's time running out halfway (PostgreSQL)", async (context) => {
    // better-sqlite3 answers synchronously: a SQLite import never yields to the timer that would
    // expire its transaction, so there the timeout cannot strike mid-write.
    if (provider === "sqlite") return context.skip();
    let waited = false;
    const { report, written } = await failingImport({
      timeoutMs: 800,
      onProgress: (progress) => {
        // Stall the import (as a slow disk or a locked table would) once it has written something.
        if (progress.phase === "write" && !waited) {
          waited = true;
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1_100);
        }
      },
    });
    expect(report.errors[0]!.code).toBe("database_error");
    expect(report.errors[0]!.message).toMatch(/timed out|closed|expired|timeout/i);
    faults.push(`transaction timeout after ${written} rows`);
  });

  it("the connection killed from another session halfway (PostgreSQL server)", async (context) => {
    const backend = await postgresBackend();
    if (provider !== "postgresql" || backend.kind !== "server" || db.kind !== "postgresql") {
      context.skip();
      return;
    }
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    let terminated = 0;
    let killing: Promise<void> | undefined;
    try {
      const { report, written } = await failingImport({
        onProgress: (progress) => {
          if (progress.phase === "write" && progress.done > 0 && !killing) {
            killing = admin
              .query("SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
              .then((result) => void (terminated = result.rows.filter((row: { killed: boolean }) => row.killed).length));
            // The request is on the wire: hold the import still until the server has acted on it.
            Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
          }
        },
      });
      await killing;
      expect(terminated).toBeGreaterThan(0);
      expect(report.errors[0]!.code).toBe("database_error");
      faults.push(`connection terminated after ${written} rows`);
    } finally {
      await admin.end();
    }
    // The app's client recovers: the same import goes through on a new connection.
    const again = await backup.importAll(db.prisma, data.file);
    expect(again).toMatchObject({ ok: true, written: true });
  });
});

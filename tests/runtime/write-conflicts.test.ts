/**
 * Updates that move unique values between rows (replace across databases: a kept row takes the
 * value another kept row gives up). Within one call any order goes through; across batches the
 * caller may ask for the refused updates back, to try them once the other row has moved.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupSchema, codecs } from "../../generated/backup/index.ts";
import { dialectOf, type Database } from "../../runtime/database.ts";
import { databaseProblem } from "../../runtime/import/database-errors.ts";
import { insertRows, updateRows, type WriteContext } from "../../runtime/import/write.ts";
import { createDatabase, type TestDatabase } from "../support/databases.ts";

const supplier = backupSchema.models.Supplier!;
const moves = {
  /** Supplier 1 takes the email supplier 2 holds; 2 moves on to a free one. */
  first: [{ where: { id: 1 }, data: { email: "b@example.test" }, path: "data.suppliers[0]", recordId: "1" }],
  then: [{ where: { id: 2 }, data: { email: "c@example.test" }, path: "data.suppliers[1]", recordId: "2" }],
};

describe.each(["sqlite", "postgresql"] as const)("unique values moving between rows on %s", (provider) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createDatabase(provider);
  });
  afterAll(() => db?.close());

  /** Runs `write` on two suppliers (a@, b@) in a transaction that is rolled back; returns what it returned or threw, and the emails then. */
  async function withSuppliers(write: (context: WriteContext) => Promise<unknown>): Promise<{ outcome: unknown; emails: unknown[] }> {
    const prisma = db.prisma as unknown as Database;
    let result: { outcome: unknown; emails: unknown[] } | undefined;
    await prisma
      .$transaction(async (queries) => {
        const context: WriteContext = { schema: backupSchema, codecs, queries, dialect: dialectOf(prisma, provider) };
        const suppliers = ["a", "b"].map((letter, i) => ({ record: { id: i + 1, name: letter, email: `${letter}@example.test` }, path: `data.suppliers[${i}]`, recordId: String(i + 1) }));
        await insertRows(context, supplier, suppliers);
        const outcome = await write(context).catch((error: unknown) => databaseProblem(error, backupSchema).message);
        const rows = await queries.$queryRawUnsafe<{ email: string }[]>('SELECT email FROM suppliers ORDER BY id');
        result = { outcome, emails: rows.map((row) => row.email) };
        throw new Error("roll back");
      })
      .catch(() => undefined);
    return result!;
  }

  it("go through in one call, in any order", async () => {
    expect(await withSuppliers((context) => updateRows(context, supplier, [...moves.first, ...moves.then], "Updating"))).toEqual({ outcome: [], emails: ["b@example.test", "c@example.test"] });
  });

  it("across calls, are handed back with deferConflicts and go through once the other row moved", async () => {
    const { outcome, emails } = await withSuppliers(async (context) => {
      const left = await updateRows(context, supplier, moves.first, "Updating", { deferConflicts: true });
      expect(left.map((update) => update.recordId)).toEqual(["1"]);
      await updateRows(context, supplier, moves.then, "Updating");
      return updateRows(context, supplier, left, "Updating");
    });
    expect({ outcome, emails }).toEqual({ outcome: [], emails: ["b@example.test", "c@example.test"] });
  });

  it("across calls without deferConflicts, fail naming the record", async () => {
    expect(await withSuppliers((context) => updateRows(context, supplier, moves.first, "Updating"))).toEqual({
      outcome: "Updating Supplier 1 failed: another record already has the same email (unique constraint). The import was rolled back: the database is exactly as it was before.",
      emails: ["a@example.test", "b@example.test"],
    });
  });
});

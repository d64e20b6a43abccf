/**
 * The write functions' failures, as the report words them: the model, the record and its path
 * in the file, and the database's reason.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupSchema } from "../../generated/backup/index.ts";
import { dialectOf, type Database } from "../../runtime/database.ts";
import { databaseProblem } from "../../runtime/import/database-errors.ts";
import { insertRows, type Create, type WriteContext } from "../../runtime/import/write.ts";
import { createDatabase, type TestDatabase } from "../support/databases.ts";

const ROLLED_BACK = "The import was rolled back: the database is exactly as it was before.";

function suppliers(count: number): Create[] {
  return Array.from({ length: count }, (_, i) => ({ data: { id: i + 1, name: `Supplier ${i + 1}`, email: `s${i + 1}@example.test` }, path: `data.suppliers[${i}]`, recordId: String(i + 1) }));
}

/** Inserts inside a transaction that is always rolled back; returns the problem the failure gives. */
async function failingInsert(db: TestDatabase, creates: Create[]) {
  const prisma = db.prisma as unknown as Database;
  let failure: unknown;
  await prisma
    .$transaction(async (queries) => {
      const context: WriteContext = { schema: backupSchema, queries, dialect: dialectOf(prisma, db.provider) };
      await insertRows(context, backupSchema.models.Supplier!, creates).catch((error: unknown) => (failure = error));
      throw new Error("roll back");
    })
    .catch(() => undefined);
  return failure === undefined ? undefined : databaseProblem(failure, backupSchema);
}

describe("a SQLite trigger's refusal", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createDatabase("sqlite");
    await db.exec("CREATE TRIGGER refuse BEFORE INSERT ON suppliers WHEN NEW.id = 1 BEGIN SELECT RAISE(ABORT, 'suppliers are frozen'); END;");
  });
  afterAll(() => db?.close());

  it("is reported in the trigger's own words, not as a missing reference", async () => {
    expect(await failingInsert(db, suppliers(1))).toEqual({
      code: "database_error",
      message: `Creating Supplier 1 failed: suppliers are frozen. ${ROLLED_BACK}`,
      path: "data.suppliers[0]",
      model: "Supplier",
      recordId: "1",
    });
  });
});

/**
 * The write functions' failures, as the report words them: the model, the record and its path
 * in the file, and the database's reason.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupSchema, codecs } from "../../generated/backup/index.ts";
import { dialectOf, type Database } from "../../runtime/database.ts";
import { databaseProblem } from "../../runtime/import/database-errors.ts";
import { insertRows, updateRows, type Create, type WriteContext } from "../../runtime/import/write.ts";
import { createDatabase, type TestDatabase } from "../support/databases.ts";

const ROLLED_BACK = "The import was rolled back: the database is exactly as it was before.";

function suppliers(count: number): Create[] {
  return Array.from({ length: count }, (_, i) => ({ record: { id: i + 1, name: `Supplier ${i + 1}`, email: `s${i + 1}@example.test` }, path: `data.suppliers[${i}]`, recordId: String(i + 1) }));
}

/** Writes inside a transaction that is always rolled back; returns the problem the failure gives. */
async function failingWrite(db: TestDatabase, write: (context: WriteContext) => Promise<void>) {
  const prisma = db.prisma as unknown as Database;
  let failure: unknown;
  await prisma
    .$transaction(async (queries) => {
      await write({ schema: backupSchema, codecs, queries, dialect: dialectOf(prisma, db.provider) }).catch((error: unknown) => (failure = error));
      throw new Error("roll back");
    })
    .catch(() => undefined);
  return failure === undefined ? undefined : databaseProblem(failure, backupSchema);
}

const failingInsert = (db: TestDatabase, creates: Create[]) => failingWrite(db, (context) => insertRows(context, backupSchema.models.Supplier!, creates));

describe.each(["sqlite", "postgresql"] as const)("a bulk write failing on %s", (provider) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createDatabase(provider);
  });
  afterAll(() => db?.close());

  it("names the one record of its batch that broke a constraint", async () => {
    const creates = suppliers(10);
    creates[6] = { ...creates[6]!, record: { ...creates[6]!.record, email: "s2@example.test" } };
    expect(await failingInsert(db, creates)).toEqual({
      code: "database_error",
      message: `Creating Supplier 7 failed: another record already has the same email (unique constraint). ${ROLLED_BACK}`,
      path: "data.suppliers[6]",
      model: "Supplier",
      recordId: "7",
    });
  });

  it("names the record to update that is not there", async () => {
    const problem = await failingWrite(db, async (context) => {
      const supplier = backupSchema.models.Supplier!;
      await insertRows(context, supplier, suppliers(5));
      const updates = [1, 2, 99, 4].map((id, i) => ({ where: { id }, data: { phone: "0101" }, path: `data.suppliers[${i}]`, recordId: String(id) }));
      await updateRows(context, supplier, updates, "Updating");
    });
    expect(problem).toEqual({
      code: "database_error",
      message: `Updating Supplier 99 failed: the record to update no longer exists. ${ROLLED_BACK}`,
      path: "data.suppliers[2]",
      model: "Supplier",
      recordId: "99",
    });
  });
});

describe("a SQLite trigger's refusal", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createDatabase("sqlite");
    await db.exec("CREATE TRIGGER refuse BEFORE INSERT ON suppliers WHEN NEW.id = 2 BEGIN SELECT RAISE(ABORT, 'suppliers are frozen'); END;");
  });
  afterAll(() => db?.close());

  it("is reported in the trigger's own words, not as a missing reference", async () => {
    expect(await failingInsert(db, suppliers(3))).toEqual({
      code: "database_error",
      message: `Creating Supplier 2 failed: suppliers are frozen. ${ROLLED_BACK}`,
      path: "data.suppliers[1]",
      model: "Supplier",
      recordId: "2",
    });
  });
});

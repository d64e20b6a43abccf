/**
 * The import reads a file twice as a stream (validate, then analyse and write batch by batch):
 * files in prisma-backup's own layout are read line by line, any other JSON layout as one
 * document, with the same outcome; batches follow the file, including a category tree whose
 * parents come after their children; the decompression limit stops a gzip bomb early.
 */
import { createHash } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backup } from "../../generated/backup/index.ts";
import { seedDatabase } from "../../prisma/seed.ts";
import { dialectOf, type Database } from "../../runtime/database.ts";
import { BATCH_RECORDS } from "../../runtime/import/batches.ts";
import { readBackup } from "../../runtime/import/read.ts";
import { createDatabase, dumpDatabase, type TestDatabase } from "../support/databases.ts";
import { editFile, readDocument, records, type Layout } from "./files.ts";

const backedUp = { excludeTables: ["sessions"], excludeColumns: { users: ["password_hash"] } };
/** Enough sale lines that their entry spans several batches. */
const RECORDS = 3 * BATCH_RECORDS;

async function reading(db: TestDatabase, file: Uint8Array): Promise<string> {
  const prisma = db.prisma as unknown as Database;
  const read = await readBackup(backup, file, { mode: "merge", maxBytes: 1 << 30, database: { queries: prisma, dialect: dialectOf(prisma, "sqlite") } });
  if (!read.ok) throw new Error(read.problems.map((p) => p.message).join("\n"));
  return read.file.reading;
}

describe("streaming import on sqlite", () => {
  let source: TestDatabase;
  let file: Uint8Array;

  beforeAll(async () => {
    source = await createDatabase("sqlite");
    await seedDatabase(source.prisma, { records: RECORDS });
    file = await backup.exportAll(source.prisma);
  });
  afterAll(() => source.close());

  async function restores(bytes: Uint8Array): Promise<void> {
    const target = await createDatabase("sqlite");
    try {
      const report = await backup.importAll(target.prisma, bytes);
      expect(report.errors).toEqual([]);
      expect(report.totals.created).toBe(report.totals.inFile);
      expect(await dumpDatabase(target, backedUp)).toEqual(await dumpDatabase(source, backedUp));
    } finally {
      await target.close();
    }
  }

  it("reads its own files line by line, and restores every row across many batches", async () => {
    expect(await reading(source, file)).toBe("lines");
    expect(readDocument(file).metadata.total_records).toBeGreaterThan(2 * BATCH_RECORDS);
    await restores(file);
  });

  it("streams a file whose final newline was dropped (it is optional)", async () => {
    const text = new TextDecoder().decode(gunzipSync(file));
    expect(text.endsWith("}\n")).toBe(true);
    const trimmed = gzipSync(new TextEncoder().encode(text.slice(0, -1)));
    expect(await reading(source, trimmed)).toBe("lines");
    await restores(trimmed);
  });

  it("reads a file laid out any other way (pretty-printed) as one document, with the same result", async () => {
    const document = readDocument(file);
    const pretty = JSON.stringify(document, null, 2);
    const covered = pretty.slice(0, pretty.lastIndexOf("}")).trimEnd();
    const text = `${covered},\n"checksum":"${createHash("sha256").update(covered).digest("hex")}"}\n`;
    const bytes = gzipSync(new TextEncoder().encode(text));
    expect(await reading(source, bytes)).toBe("document");
    await restores(bytes);
  });

  it("imports a category tree whose children come before their parents, in both layouts", async () => {
    for (const layout of ["lines", "one-line"] as Layout[]) {
      const reversed = editFile(file, (document) => records(document, "data", "categories").reverse(), layout);
      await restores(reversed);
      // Merged into the database it came from, every record is recognised: nothing changes.
      const before = await dumpDatabase(source);
      const report = await backup.importAll(source.prisma, reversed);
      expect(report.ok).toBe(true);
      expect(report.totals.skipped).toBe(report.totals.inFile);
      expect(await dumpDatabase(source)).toEqual(before);
    }
  });

  it("imports a tree deeper than a batch whose every child comes before its parent", async () => {
    // Category n's parent is n + 1: read in id order, no parent is there before its children.
    const count = 2 * BATCH_RECORDS + 500;
    const tree = await createDatabase("sqlite");
    const target = await createDatabase("sqlite");
    try {
      await tree.prisma.category.create({ data: { id: count, name: "root" } });
      for (let id = count - 1; id >= 1; id -= 500) {
        const ids = Array.from({ length: Math.min(500, id) }, (_, i) => id - i);
        await tree.prisma.category.createMany({ data: ids.map((n) => ({ id: n, name: `level ${n}`, parentId: n + 1 })) });
      }
      const treeFile = await backup.exportAll(tree.prisma);
      const report = await backup.importAll(target.prisma, treeFile);
      expect(report.errors).toEqual([]);
      expect(report.models.Category).toMatchObject({ inFile: count, created: count });
      expect(await dumpDatabase(target, backedUp)).toEqual(await dumpDatabase(tree, backedUp));
      expect((await backup.importAll(target.prisma, treeFile)).models.Category).toMatchObject({ skipped: count });
    } finally {
      await tree.close();
      await target.close();
    }
  });

  it("refuses records that are their own ancestors, naming one, and writes nothing", async () => {
    const looped = editFile(file, (document) => {
      const categories = records(document, "data", "categories") as { id: number; parentId: number | null }[];
      const [first, second] = categories.filter((category) => category.parentId === null);
      first!.parentId = second!.id;
      second!.parentId = first!.id;
    });
    const target = await createDatabase("sqlite");
    try {
      const report = await backup.importAll(target.prisma, looped);
      expect(report.errors).toEqual([
        expect.objectContaining({ code: "invalid_record", model: "Category", message: "Category records refer to each other in a loop: a record cannot be its own ancestor. Fix the file." }),
      ]);
      expect(await target.prisma.category.count()).toBe(0);
    } finally {
      await target.close();
    }
  });

  it("finds the same problems in either layout", async () => {
    for (const layout of ["lines", "one-line"] as Layout[]) {
      const broken = editFile(
        file,
        (document) => {
          const [first, second] = records(document, "data", "customers") as Record<string, unknown>[];
          first!.email = 42;
          second!.primaryQuoteId = 999_999;
        },
        layout,
      );
      const target = await createDatabase("sqlite");
      try {
        const report = await backup.importAll(target.prisma, broken);
        expect(report.errors.map(({ code, path, model, field }) => ({ code, path, model, field }))).toEqual([
          { code: "invalid_record", path: "data.customers[0].email", model: "Customer", field: "email" },
        ]);
        const fixed = editFile(broken, (document) => {
          (records(document, "data", "customers")[0] as Record<string, unknown>).email = null;
        }, layout);
        const dangling = await backup.importAll(target.prisma, fixed);
        expect(dangling.errors).toEqual([
          expect.objectContaining({ code: "dangling_reference", path: "data.customers[1].primaryQuoteId", model: "Customer", message: '"primaryQuoteId" refers to Quote 999999, which is neither in the file nor in the database. Import a backup that includes it, or fix the reference.' }),
        ]);
        expect(await target.prisma.customer.count()).toBe(0);
      } finally {
        await target.close();
      }
    }
  });

  it("stops inflating at the decompression limit: a gzip bomb costs no more than the limit", async () => {
    const bomb = gzipSync(Buffer.concat([Buffer.from('{"metadata":'), Buffer.alloc(64 * 1024 * 1024, 0x20)]));
    expect(bomb.length).toBeLessThan(100_000);
    const target = await createDatabase("sqlite");
    try {
      const report = await backup.importAll(target.prisma, bomb, { maxBytes: 1024 * 1024 });
      expect(report.errors).toEqual([
        { code: "too_large", message: "The file decompresses to more than 1.0 MB. Export a selective backup (fewer modules), or raise the limit." },
      ]);
    } finally {
      await target.close();
    }
  });

  it("refuses a file cut in the middle of a record line, saying it is truncated", async () => {
    const text = new TextDecoder().decode(gunzipSync(file));
    const cut = gzipSync(new TextEncoder().encode(text.slice(0, Math.floor(text.length / 2))));
    const target = await createDatabase("sqlite");
    try {
      const report = await backup.importAll(target.prisma, cut);
      expect(report.errors.map((p) => p.code)).toEqual(["missing_checksum"]);
    } finally {
      await target.close();
    }
  });
});

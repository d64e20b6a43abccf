/**
 * Exports while other requests write. Writers on their own connections keep creating sales
 * with lines and invoices, deleting customers with everything that hangs on them and creating
 * them again under the same id, moving products between categories and suppliers, and growing
 * the category tree, while exports run one after another (streamed, through the export route
 * too). Every file must verify, and import cleanly into an empty database: no reference to a
 * record the file lacks, counts that match, every row restored.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backup } from "../../generated/backup/index.ts";
import { memoryAuditSink } from "../../runtime/audit/log.ts";
import { nodePrimitives } from "../../runtime/format/node-primitives.ts";
import { openBackup } from "../../runtime/format/open.ts";
import { createBackupRoutes } from "../../runtime/routes/index.ts";
import { Random } from "../../prisma/seed/random.ts";
import { seedDatabase } from "../../prisma/seed/index.ts";
import { openPrismaClient, parseDatabaseUrl } from "../../scripts/lib/database-url.ts";
import { countRows, createDatabase, type AnyPrismaClient, type TestDatabase } from "../support/databases.ts";
import { recordResult } from "./support/results.ts";

const EXPORTS = Number(process.env.FAULT_EXPORTS ?? 12);
const WRITERS = 3;

/**
 * - `shared`: the app's writes go through the same PrismaClient as the exports, as in the
 *   reference app. On SQLite that is one connection: see findings.faults.ts.
 * - `own`: the writers have their own connection (SQLite in WAL mode, so that a reader's long
 *   transaction does not block them: better-sqlite3 waits for a lock synchronously, which
 *   would freeze the process the export runs in).
 */
const SETUPS = [
  { provider: "sqlite", writers: "own" },
  { provider: "sqlite", writers: "shared" },
  { provider: "postgresql", writers: "own" },
] as const;

describe.each(SETUPS)("exports while the app writes, on $provider, writers on the $writers connection", ({ provider, writers: connection }) => {
  let db: TestDatabase;
  let writerClient: AnyPrismaClient;
  let closeWriter: () => Promise<void> = async () => {};

  beforeAll(async () => {
    db = await createDatabase(provider);
    if (provider === "sqlite" && connection === "own") await db.exec("PRAGMA journal_mode = WAL");
    await seedDatabase(db.prisma, { records: 600, seed: "concurrent" });
    if (db.kind === "pglite" || connection === "shared") {
      writerClient = db.prisma; // one in-process PGlite has no second connection to open
    } else {
      const opened = await openPrismaClient(parseDatabaseUrl(db.url));
      writerClient = opened.prisma;
      closeWriter = opened.close;
    }
  });
  afterAll(async () => {
    await closeWriter();
    await db?.close();
  });

  it(`${EXPORTS} exports, each consistent and restorable, while ${WRITERS} writers change the data`, async () => {
    const stats = { operations: 0, failedOperations: 0, byKind: {} as Record<string, number> };
    let stop = false;
    const writeLog: { start: number; end: number }[] = [];
    const writers = Array.from({ length: WRITERS }, (_, n) =>
      (async () => {
        const random = new Random(`writer/${provider}/${n}`);
        while (!stop) {
          // Requests arrive from the network: yield to it between them (better-sqlite3 answers
          // synchronously, so a loop of writes that never yields would starve everything else).
          await new Promise((resolve) => setTimeout(resolve, random.int(2, 8)));
          const kind = random.pick(["sale", "sale", "churn", "move", "tree"] as const);
          const start = performance.now();
          try {
            await WRITES[kind](writerClient, random);
            stats.operations++;
            stats.byKind[kind] = (stats.byKind[kind] ?? 0) + 1;
            writeLog.push({ start, end: performance.now() });
          } catch {
            stats.failedOperations++; // a writer losing a race (busy, deleted meanwhile) is not the export's concern
          }
        }
      })(),
    );

    const routes = createBackupRoutes({ prisma: db.prisma, backup, authorize: () => ({ user: "test" }), backupDir: `${process.env.TMPDIR ?? "/tmp"}/unused-${process.pid}`, audit: memoryAuditSink() });
    const files: { bytes: Uint8Array; start: number; end: number; via: string }[] = [];
    try {
      for (let i = 0; i < EXPORTS; i++) {
        const start = performance.now();
        let bytes: Uint8Array;
        let via: string;
        if (i % 4 === 3) {
          via = "route";
          const response = await routes.export(new Request("http://app.test/api/backup/export"));
          expect(response.status).toBe(200);
          bytes = new Uint8Array(await response.arrayBuffer());
        } else {
          via = i % 4 === 1 ? "exportAll (plain)" : "exportAll";
          bytes = await backup.exportAll(db.prisma, { compress: via === "exportAll", pageSize: 50 });
        }
        files.push({ bytes, start, end: performance.now(), via });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      stop = true;
      await Promise.all(writers);
    }

    let restoredRecords = 0;
    let overlapping = 0;
    for (const [index, file] of files.entries()) {
      const opened = await openBackup(file.bytes, nodePrimitives);
      expect(opened.ok, `export ${index} (${file.via}) verifies`).toBe(true);
      if (!opened.ok) continue;
      if (writeLog.some((w) => w.start < file.end && w.end > file.start)) overlapping++;
      const empty = await createDatabase("sqlite");
      try {
        const report = await backup.importAll(empty.prisma, file.bytes);
        expect.soft(report.errors.slice(0, 3), `export ${index} (${file.via}) imports cleanly`).toEqual([]);
        if (!report.ok) continue;
        expect(report).toMatchObject({ ok: true, written: true });
        const counts = opened.document.metadata.counts;
        const rows = await countRows(empty);
        for (const [model, count] of Object.entries(counts)) {
          const table = backup.schema.models[model]!.table;
          expect(rows[table], `${model} rows restored from export ${index}`).toBe(count);
        }
        restoredRecords += report.totals.created;
      } finally {
        await empty.close();
      }
    }
    const summary = { provider, kind: db.kind, writers: connection, exports: files.length, verified: files.length, restored: files.length, exportsOverlappingWrites: overlapping, restoredRecords, ...stats };
    await recordResult(`export-consistency-${provider}-${connection}`, summary);
    console.log(`Exports under writes on ${provider} (${connection}): ${JSON.stringify(summary)}`);
    expect(stats.operations).toBeGreaterThan(EXPORTS);
    expect(overlapping).toBeGreaterThanOrEqual(Math.ceil(EXPORTS / 2));
  }, 600_000);
});

type Write = (prisma: AnyPrismaClient, random: Random) => Promise<void>;

async function some<T extends { id: unknown }>(list: Promise<T[]>, random: Random): Promise<T | undefined> {
  const items = await list;
  return items.length > 0 ? random.pick(items) : undefined;
}

const WRITES: Record<"sale" | "churn" | "move" | "tree", Write> = {
  /** A sale with lines (and sometimes its invoice) for an existing customer. */
  sale: async (prisma, random) => {
    await prisma.$transaction(async (tx) => {
      const customer = await some(tx.customer.findMany({ select: { id: true }, take: 50, skip: random.int(0, 20) }), random);
      const products = await tx.product.findMany({ select: { id: true, price: true }, take: 5, skip: random.int(0, 10) });
      if (!customer || products.length === 0) return;
      const sale = await tx.sale.create({
        data: {
          reference: `W-${random.base36(12)}`,
          customerId: customer.id,
          soldAt: new Date(),
          total: "10.00",
          lines: { create: products.slice(0, random.int(1, products.length)).map((p, i) => ({ position: i + 1, productId: p.id, quantity: random.int(1, 4), unitPrice: p.price })) },
        },
      });
      if (random.chance(0.5)) await tx.invoice.create({ data: { number: `WF-${random.base36(12)}`, saleId: sale.id, issuedAt: new Date() } });
    });
  },
  /** A customer deleted with everything hanging on it, then created again under the same id. */
  churn: async (prisma, random) => {
    await prisma.$transaction(async (tx) => {
      const customer = await some(tx.customer.findMany({ take: 40, skip: random.int(0, 10) }), random);
      if (!customer) return;
      const sales = await tx.sale.findMany({ where: { customerId: customer.id }, select: { id: true } });
      await tx.invoice.deleteMany({ where: { saleId: { in: sales.map((s) => s.id) } } });
      await tx.sale.deleteMany({ where: { customerId: customer.id } });
      await tx.customer.updateMany({ where: { primaryQuote: { customerId: customer.id } }, data: { primaryQuoteId: null } });
      await tx.quote.deleteMany({ where: { customerId: customer.id } });
      await tx.customer.delete({ where: { id: customer.id } });
      const product = await tx.product.findFirstOrThrow({ select: { id: true } });
      await tx.customer.create({ data: { id: customer.id, name: `${customer.name} (recréé)`, email: customer.email } });
      const quote = await tx.quote.create({ data: { number: `WQ-${random.base36(12)}`, customerId: customer.id, total: "5.00", lines: { create: [{ productId: product.id, quantity: 1, unitPrice: "5.00" }] } } });
      await tx.customer.update({ where: { id: customer.id }, data: { primaryQuoteId: quote.id } });
      await tx.sale.create({ data: { reference: `WR-${random.base36(12)}`, customerId: customer.id, soldAt: new Date(), total: "5.00", lines: { create: [{ position: 1, productId: product.id, quantity: 1, unitPrice: "5.00" }] } } });
    });
  },
  /** A product moved to another category and other suppliers. */
  move: async (prisma, random) => {
    const product = await some(prisma.product.findMany({ select: { id: true }, take: 30 }), random);
    const category = await some(prisma.category.findMany({ select: { id: true } }), random);
    const suppliers = await prisma.supplier.findMany({ select: { id: true } });
    if (!product || !category) return;
    await prisma.product.update({
      where: { id: product.id },
      data: { categoryId: category.id, suppliers: { set: suppliers.filter(() => random.chance(0.4)).map((s) => ({ id: s.id })) } },
    });
  },
  /** A new branch of the category tree, sometimes deleted again. */
  tree: async (prisma, random) => {
    const parent = await some(prisma.category.findMany({ select: { id: true } }), random);
    const child = await prisma.category.create({ data: { name: `Rayon ${random.base36(10)}`, parentId: parent?.id ?? null } });
    const leaf = await prisma.category.create({ data: { name: `Sous-rayon ${random.base36(10)}`, parentId: child.id } });
    if (random.chance(0.5)) {
      await prisma.category.delete({ where: { id: leaf.id } });
      await prisma.category.delete({ where: { id: child.id } });
    }
  },
};

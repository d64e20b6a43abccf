/**
 * The demo data: deterministic, about N records, realistic enough to exercise every case the
 * backup has to handle, identical on SQLite and PostgreSQL, and written by the fast SQL writer
 * exactly as Prisma's own createMany would write it.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { planCounts, seedDatabase, seedModels, totalOf } from "../../prisma/seed.ts";
import { repoRoot } from "../../scripts/lib/prisma-schema.ts";
import {
  canonicalDecimal,
  countRows,
  createPostgresDatabase,
  createSqliteDatabase,
  dumpDatabase,
  type SqliteTestDatabase,
  type TestDatabase,
} from "../support/databases.ts";

const run = promisify(execFile);

const opened: TestDatabase[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close();
});

async function sqlite(): Promise<SqliteTestDatabase> {
  const db = await createSqliteDatabase();
  opened.push(db);
  return db;
}

async function postgres(): Promise<TestDatabase> {
  const db = await createPostgresDatabase();
  opened.push(db);
  return db;
}

/** Table of each model, for comparing counts. */
const TABLE_OF = {
  CompanySettings: "company_settings",
  User: "users",
  Session: "sessions",
  Category: "categories",
  Supplier: "suppliers",
  Product: "products",
  Customer: "customers",
  Quote: "quotes",
  QuoteLine: "quote_lines",
  Sale: "sales",
  SaleLine: "sale_lines",
  Invoice: "invoices",
} as const;

describe("planCounts", () => {
  it("shares out exactly N records from about 60 up, and never fewer than the minimal set", () => {
    for (const n of [60, 100, 1000, 2000, 12_345, 100_000, 1_000_000]) expect(totalOf(planCounts(n))).toBe(n);
    const tiny = planCounts(0);
    expect(totalOf(tiny)).toBeLessThan(60);
    for (const model of seedModels) expect(tiny[model]).toBeGreaterThan(0);
    expect(planCounts(0).Invoice).toBeGreaterThanOrEqual(4); // one per status
  });
});

describe("seedDatabase", () => {
  it("is deterministic: the same N gives the same database, a second seed replaces the first", async () => {
    const a = await sqlite();
    const b = await sqlite();
    const first = await seedDatabase(a.prisma, { records: 1500 });
    await seedDatabase(b.prisma, { records: 700, seed: "other" });
    await seedDatabase(b.prisma, { records: 1500 }); // clears the other data set first
    expect(first.total).toBe(1500);
    expect(await dumpDatabase(b)).toEqual(await dumpDatabase(a));
  });

  it("gives another data set for another seed", async () => {
    const a = await sqlite();
    const b = await sqlite();
    await seedDatabase(a.prisma, { records: 300 });
    await seedDatabase(b.prisma, { records: 300, seed: 42 });
    const [x, y] = [await dumpDatabase(a), await dumpDatabase(b)];
    expect(x.customers).not.toEqual(y.customers);
    expect(x.customers?.length).toBe(y.customers?.length);
  });

  it("writes about N records, and reports what it wrote", async () => {
    const db = await sqlite();
    const report = await seedDatabase(db.prisma, { records: 2000 });
    expect(report.provider).toBe("sqlite");
    expect(report.total).toBe(2000);
    expect(report.counts).toEqual(planCounts(2000));
    const rows = await countRows(db);
    for (const model of seedModels) expect(rows[TABLE_OF[model]], model).toBe(report.counts[model]);
    expect(rows._ProductToSupplier).toBe(report.links.ProductToSupplier);
    expect(report.links.ProductToSupplier).toBeGreaterThan(report.counts.Product / 2);
  });

  it("covers the cases a backup must handle", async () => {
    const db = await sqlite();
    await seedDatabase(db.prisma, { records: 2000 });
    const { prisma } = db;

    // One settings row with a logo (PNG) and JSON preferences.
    const settings = await prisma.companySettings.findUniqueOrThrow({ where: { id: 1 } });
    expect(Buffer.from(settings.logo!).subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
    expect(settings.preferences).toMatchObject({ locale: "fr-FR" });
    expect(settings.nextInvoice).toBe((await prisma.invoice.count()) + 1);

    // Users with a realistic password hash and every role.
    const users = await prisma.user.findMany();
    for (const user of users) expect(user.passwordHash).toMatch(/^scrypt\$N=16384,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(new Set(users.map((u) => u.role))).toEqual(new Set(["ADMIN", "MANAGER", "CASHIER"]));
    expect(await prisma.session.count()).toBeGreaterThan(0);

    // A category tree three levels deep.
    const categories = await prisma.category.findMany();
    const depth = (id: number | null): number => (id === null ? 0 : 1 + depth(categories.find((c) => c.id === id)!.parentId));
    expect(Math.max(...categories.map((c) => depth(c.id)))).toBe(3);

    // Products: suppliers, JSON attributes, 64-bit counters beyond 2^53, long decimals.
    const products = await prisma.product.findMany({ include: { suppliers: true } });
    expect(products.some((p) => p.suppliers.length >= 2)).toBe(true);
    expect(products.some((p) => p.suppliers.length === 0)).toBe(true);
    expect(products.some((p) => p.attributes !== null && !Array.isArray(p.attributes))).toBe(true);
    expect(products.some((p) => Array.isArray(p.attributes))).toBe(true);
    expect(products.filter((p) => p.unitsSold > 2n ** 53n).length).toBeGreaterThan(1);
    expect(products.some((p) => p.unitsSold === 2n ** 63n - 1n)).toBe(true);
    const digits = (d: { toFixed(): string } | null) => (d === null ? 0 : d.toFixed().replace(/^-?0?\.?0*/, "").replace(".", "").length);
    expect(Math.max(...products.map((p) => digits(p.costPrice)))).toBeGreaterThanOrEqual(10);
    expect(products.every((p) => digits(p.price) <= 15 && digits(p.costPrice) <= 15)).toBe(true);
    expect(products.some((p) => p.description?.includes("🍷"))).toBe(true);
    expect(products.some((p) => p.description?.includes("\n"))).toBe(true);
    expect(products.some((p) => p.weightKg === null)).toBe(true);

    // Customers: some without e-mail, some with their primary quote set (the cycle).
    const customers = await prisma.customer.findMany({ include: { primaryQuote: true } });
    expect(customers.some((c) => c.email === null)).toBe(true);
    const withPrimary = customers.filter((c) => c.primaryQuoteId !== null);
    expect(withPrimary.length).toBeGreaterThan(0);
    for (const c of withPrimary) expect(c.primaryQuote?.customerId).toBe(c.id);

    // Sales: most with a customer, some standalone; every payment method; totals add up.
    const sales = await prisma.sale.findMany({ include: { lines: true } });
    const standalone = sales.filter((s) => s.customerId === null).length;
    expect(standalone).toBeGreaterThan(0);
    expect(standalone).toBeLessThan(sales.length / 2);
    expect(new Set(sales.map((s) => s.payment))).toEqual(new Set(["CASH", "CARD", "TRANSFER", "CHECK"]));
    for (const sale of sales.slice(0, 50)) {
      const cents = sale.lines.reduce(
        (sum, l) => sum + Math.round(Number(l.unitPrice.toFixed()) * l.quantity * (1 - l.discount) * 100),
        0,
      );
      expect(Math.abs(cents - Math.round(Number(sale.total.toFixed()) * 100))).toBeLessThanOrEqual(sale.lines.length);
    }

    // Invoices: every status, one per sale at most, paid ones with a date, a few PDFs.
    const invoices = await prisma.invoice.findMany();
    expect(new Set(invoices.map((i) => i.status))).toEqual(new Set(["DRAFT", "ISSUED", "PAID", "CANCELLED"]));
    expect(invoices.every((i) => (i.status === "PAID") === (i.paidAt !== null))).toBe(true);
    const pdfs = invoices.filter((i) => i.pdf !== null);
    expect(pdfs.length).toBeGreaterThan(0);
    expect(pdfs.length).toBeLessThanOrEqual(20);
    for (const i of pdfs) expect(Buffer.from(i.pdf!).subarray(0, 8).toString()).toBe("%PDF-1.4");

    // Quotes: every status, with lines.
    const quotes = await prisma.quote.findMany({ include: { lines: true } });
    expect(new Set(quotes.map((q) => q.status))).toEqual(new Set(["DRAFT", "SENT", "ACCEPTED", "REJECTED"]));
    expect(quotes.every((q) => q.lines.length > 0)).toBe(true);

    // Nothing comes from the clock: every timestamp is before the shop's "today".
    const today = new Date("2025-06-30T16:00:00.000Z").getTime();
    for (const row of [...users, ...products, ...customers, ...quotes]) expect(row.updatedAt.getTime()).toBeLessThanOrEqual(today);
  });

  it("gives the same data on PostgreSQL as on SQLite, and leaves PostgreSQL's sequences usable", async () => {
    const a = await sqlite();
    const b = await postgres();
    await seedDatabase(a.prisma, { records: 1200 });
    const report = await seedDatabase(b.prisma, { records: 1200 });
    expect(report.provider).toBe("postgresql");
    expect(await dumpDatabase(b)).toEqual(await dumpDatabase(a));
    const product = await b.prisma.product.create({ data: { sku: "NEW-1", name: "Nouveau", price: "1.00" } });
    expect(product.id).toBe(report.counts.Product + 1);
  });

  it("writes with SQL exactly what createMany writes (SQLite: values and storage classes)", async () => {
    const a = await sqlite();
    const b = await sqlite();
    await seedDatabase(a.prisma, { records: 600, method: "sql" });
    await seedDatabase(b.prisma, { records: 600, method: "createMany" });
    const raw = (db: SqliteTestDatabase) => {
      const conn = new Database(db.file, { readonly: true });
      try {
        const tables = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
        return Object.fromEntries(
          tables.map((table) => {
            const columns = (conn.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => `"${c.name}"`);
            const select = columns.map((c) => `${c}, typeof(${c})`).join(", ");
            return [table, conn.prepare(`SELECT ${select} FROM "${table}" ORDER BY ${columns.join(", ")}`).raw().safeIntegers(true).all()];
          }),
        );
      } finally {
        conn.close();
      }
    };
    expect(raw(a)).toEqual(raw(b));
  });

  it("writes with SQL exactly what createMany writes (PostgreSQL)", async () => {
    const a = await postgres();
    const b = await postgres();
    await seedDatabase(a.prisma, { records: 400, method: "sql" });
    await seedDatabase(b.prisma, { records: 400, method: "createMany" });
    const raw = async (db: TestDatabase) => {
      const tables = Object.keys(await countRows(db));
      const out: Record<string, string> = {};
      for (const table of tables) {
        const [row] = await db.prisma.$queryRawUnsafe<{ rows: string | null }[]>(
          `SELECT json_agg(t ORDER BY t::text)::text AS rows FROM "${table}" t`,
        );
        out[table] = row?.rows ?? "[]";
      }
      return out;
    };
    expect(await raw(a)).toEqual(await raw(b));
  });
});

describe("npm run seed", () => {
  it("seeds the database given by --url and prints the counts", async () => {
    const db = await sqlite();
    const { stdout } = await run(`${repoRoot}/node_modules/.bin/tsx`, ["prisma/seed.ts", "--records", "250", "--url", db.url], {
      cwd: repoRoot,
    });
    expect(stdout).toMatch(/seeded 250 records in \d+ ms/);
    expect(stdout).toMatch(/CompanySettings 1, User \d+/);
    expect((await countRows(db)).sales).toBe(planCounts(250).Sale);
  });
});

describe("dumpDatabase", () => {
  it("normalises decimals whatever their notation", () => {
    expect(canonicalDecimal("19.990000000000000000000000000000")).toBe("19.99");
    expect(canonicalDecimal("20")).toBe("20");
    expect(canonicalDecimal("1200")).toBe("1200");
    expect(canonicalDecimal("1.2e3")).toBe("1200");
    expect(canonicalDecimal("0.000123")).toBe("0.000123");
    expect(canonicalDecimal("1.6e-7")).toBe("0.00000016");
    expect(canonicalDecimal("-0.50")).toBe("-0.5");
    expect(canonicalDecimal("-0")).toBe("0");
    expect(canonicalDecimal("000.0")).toBe("0");
  });

  it("reads JSON scalars and tiny decimals alike on SQLite and PostgreSQL", async () => {
    // SQLite's JSONB column has numeric affinity: the JSON 123 is stored as an INTEGER, which
    // Prisma's $queryRawUnsafe refuses to read; the dump reads SQLite files directly.
    const at = new Date("2024-02-29T23:59:59.999Z");
    const rows = [
      { id: 1, sku: "a", name: "a", price: "1", attributes: "123", createdAt: at, updatedAt: at },
      { id: 2, sku: "b", name: "b", price: "1.50", attributes: 123, createdAt: at, updatedAt: at },
      { id: 3, sku: "c", name: "c", price: "0.000000001", attributes: true, createdAt: at, updatedAt: at },
      { id: 4, sku: "d", name: "d", price: "-42", attributes: { b: [1, "é"], a: null }, createdAt: at, updatedAt: at },
    ];
    const dumps = [];
    for (const db of [await sqlite(), await postgres()]) {
      await db.prisma.product.createMany({ data: rows });
      dumps.push((await dumpDatabase(db)).products);
    }
    expect(dumps[0]?.map((p) => [p.attributes, p.price])).toEqual([
      ['"123"', "1"],
      ["123", "1.5"],
      ["true", "0.000000001"],
      ['{"a":null,"b":[1,"é"]}', "-42"],
    ]);
    expect(dumps[1]).toEqual(dumps[0]);
  });

  it("dumps every table, join table included, and can leave tables and columns out", async () => {
    const db = await sqlite();
    await seedDatabase(db.prisma, { records: 100 });
    const dump = await dumpDatabase(db, { excludeTables: ["sessions"], excludeColumns: { users: ["password_hash"] } });
    expect(Object.keys(dump)).toContain("_ProductToSupplier");
    expect(dump.sessions).toBeUndefined();
    expect(dump.users?.[0]).not.toHaveProperty("password_hash");
    expect(dump.users?.[0]).toHaveProperty("email");
    const product = dump.products?.find((p) => p.id === 3);
    expect(product?.units_sold).toBe("9223372036854775807");
    expect(typeof product?.created_at).toBe("string");
  });
});

/**
 * Writing generated rows to a database through any Prisma client (SQLite or PostgreSQL).
 *
 * Two writers:
 * - `sql` (the default): multi-row `INSERT … VALUES` statements with inline literals, sent with
 *   `$executeRawUnsafe`. Values are written exactly as Prisma itself stores them (SQLite:
 *   ISO-8601 text with `+00:00`, booleans as 0/1, decimals as REAL; PostgreSQL: native types).
 *   About 20 times faster than `createMany`, whose per-value cost in Prisma 7 (query compiler
 *   plus driver adapter) dominates large seeds: 100k records take a few seconds, not a minute.
 * - `createMany`: Prisma's own `createMany` / `update`; slow, kept as the reference the SQL
 *   writer is checked against (tests compare the raw rows both produce).
 */
import type { ClientProvider, RuntimeDataModel } from "../../scripts/lib/client-internals.ts";
import type { SeedSink, RowsByModel } from "./generate.ts";
import type { SeedModel } from "./plan.ts";

export type SeedProvider = ClientProvider;

/** What the seed needs from a Prisma client or transaction client. */
export interface RawExecutor {
  $executeRawUnsafe(query: string, ...values: unknown[]): PromiseLike<number>;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

function quoteString(value: string, provider: SeedProvider): string {
  if (value.includes("\0")) throw new Error("NUL characters cannot be stored in a text column");
  const body = value.replace(/'/g, "''");
  // E'' strings read backslashes the same way whatever standard_conforming_strings says.
  if (provider === "postgresql" && value.includes("\\")) return `E'${body.replace(/\\/g, "\\\\")}'`;
  return `'${body}'`;
}

const decimalPattern = /^-?\d+(\.\d+)?$/;

/** A SQL literal for `value` in a column of Prisma type `type`, as Prisma would store it. */
export function sqlLiteral(value: unknown, type: string, provider: SeedProvider): string {
  if (value === null || value === undefined) return "NULL";
  switch (type) {
    case "String":
      return quoteString(String(value), provider);
    case "Int":
      if (typeof value !== "number" || !Number.isSafeInteger(value)) throw new Error(`Not an Int: ${String(value)}`);
      return String(value);
    case "BigInt":
      if (typeof value !== "bigint") throw new Error(`Not a BigInt: ${String(value)}`);
      return value.toString();
    case "Float":
      if (typeof value !== "number" || !Number.isFinite(value)) throw new Error(`Not a finite Float: ${String(value)}`);
      return String(value);
    case "Decimal": {
      const text = String(value);
      if (!decimalPattern.test(text)) throw new Error(`Not a Decimal string: ${text}`);
      // The SQLite adapter binds Number.parseFloat(decimal): write that very double.
      return provider === "sqlite" ? String(Number.parseFloat(text)) : text;
    }
    case "Boolean":
      if (typeof value !== "boolean") throw new Error(`Not a Boolean: ${String(value)}`);
      return provider === "sqlite" ? (value ? "1" : "0") : value ? "TRUE" : "FALSE";
    case "DateTime": {
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new Error(`Not a Date: ${String(value)}`);
      const iso = value.toISOString();
      return provider === "sqlite" ? `'${iso.replace("Z", "+00:00")}'` : `'${iso.slice(0, -1).replace("T", " ")}'`;
    }
    case "Json":
      return quoteString(JSON.stringify(value), provider);
    case "Bytes": {
      if (!(value instanceof Uint8Array)) throw new Error("Not bytes (Uint8Array)");
      const hex = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("hex");
      return provider === "sqlite" ? `X'${hex}'` : `decode('${hex}', 'hex')`;
    }
    default:
      // Enums: their value is the label.
      return quoteString(String(value), provider);
  }
}

/** Statements stay under this many characters (SQLite's limit is far above). */
const MAX_STATEMENT_CHARS = 2_000_000;

export class SqlSink implements SeedSink {
  private readonly tables: Map<string, { table: string; columns: { field: string; column: string; type: string }[] }>;

  constructor(
    private readonly db: RawExecutor,
    private readonly provider: SeedProvider,
    dataModel: RuntimeDataModel,
  ) {
    this.tables = new Map(
      Object.entries(dataModel.models).map(([name, model]) => [
        name,
        {
          table: model.dbName ?? name,
          columns: model.fields
            .filter((f) => f.kind === "scalar" || f.kind === "enum")
            .map((f) => ({ field: f.name, column: f.dbName ?? f.name, type: f.kind === "enum" ? "Enum" : f.type })),
        },
      ]),
    );
  }

  private async insertRows(table: string, columns: string[], rows: string[]): Promise<void> {
    const head = `INSERT INTO ${quoteIdent(table)} (${columns.map(quoteIdent).join(", ")}) VALUES `;
    let values: string[] = [];
    let size = head.length;
    for (const row of rows) {
      if (values.length > 0 && size + row.length + 1 > MAX_STATEMENT_CHARS) {
        await this.db.$executeRawUnsafe(head + values.join(","));
        values = [];
        size = head.length;
      }
      values.push(row);
      size += row.length + 1;
    }
    if (values.length > 0) await this.db.$executeRawUnsafe(head + values.join(","));
  }

  async insert<M extends SeedModel>(model: M, rows: RowsByModel[M][]): Promise<void> {
    const meta = this.tables.get(model);
    if (!meta) throw new Error(`No model ${model} in the client's data model`);
    const literals = rows.map((row) => {
      const record = row as Record<string, unknown>;
      return `(${meta.columns.map((c) => sqlLiteral(record[c.field], c.type, this.provider)).join(",")})`;
    });
    await this.insertRows(meta.table, meta.columns.map((c) => c.column), literals);
  }

  async linkProductsToSuppliers(pairs: [number, number][]): Promise<void> {
    // Implicit many-to-many: column A holds the id of the model whose name sorts first.
    await this.insertRows("_ProductToSupplier", ["A", "B"], pairs.map(([product, supplier]) => `(${product},${supplier})`));
  }

  async setPrimaryQuotes(pairs: [string, number][]): Promise<void> {
    if (pairs.length === 0) return;
    const cases = pairs.map(([customer, quote]) => `WHEN ${quoteString(customer, this.provider)} THEN ${quote}`).join(" ");
    const ids = pairs.map(([customer]) => quoteString(customer, this.provider)).join(",");
    await this.db.$executeRawUnsafe(`UPDATE "customers" SET "primary_quote_id" = CASE "id" ${cases} END WHERE "id" IN (${ids})`);
  }
}

type Delegate = {
  createMany(args: { data: unknown[] }): PromiseLike<unknown>;
  update(args: { where: unknown; data: unknown }): PromiseLike<unknown>;
};

/** Writes through Prisma's own `createMany` (and `update` for relations). */
export class CreateManySink implements SeedSink {
  /** Customers' `updatedAt`, put back when their primary quote is set (Prisma would bump it). */
  private readonly customerUpdatedAt = new Map<string, unknown>();

  constructor(private readonly client: object) {}

  private delegate(model: string): Delegate {
    const name = model[0]!.toLowerCase() + model.slice(1);
    return (this.client as Record<string, Delegate>)[name]!;
  }

  async insert<M extends SeedModel>(model: M, rows: RowsByModel[M][]): Promise<void> {
    // A Json column left NULL must be omitted (a JS null would mean JSON null, and is refused).
    const data = rows.map((row) => Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined)));
    if (model === "Customer") for (const row of data) this.customerUpdatedAt.set(row.id as string, row.updatedAt);
    await this.delegate(model).createMany({ data });
  }

  async linkProductsToSuppliers(pairs: [number, number][]): Promise<void> {
    const byProduct = new Map<number, number[]>();
    for (const [product, supplier] of pairs) byProduct.set(product, [...(byProduct.get(product) ?? []), supplier]);
    for (const [product, suppliers] of byProduct) {
      await this.delegate("Product").update({
        where: { id: product },
        data: { suppliers: { connect: suppliers.map((id) => ({ id })) } },
      });
    }
  }

  async setPrimaryQuotes(pairs: [string, number][]): Promise<void> {
    for (const [customer, quote] of pairs) {
      const updatedAt = this.customerUpdatedAt.get(customer);
      await this.delegate("Customer").update({ where: { id: customer }, data: { primaryQuoteId: quote, updatedAt } });
    }
  }
}

/**
 * The reference schema's tables, children before parents. SQLite checks each deleted parent row
 * against its children, and most foreign-key columns have no index: deleting a child table first
 * keeps that check cheap (parents first made clearing 100k records take half a minute).
 */
const clearOrder = [
  "quote_lines",
  "sale_lines",
  "invoices",
  "_ProductToSupplier",
  "sessions",
  "sales",
  "quotes",
  "customers",
  "products",
  "suppliers",
  "categories",
  "users",
  "company_settings",
];

/** Every table of the data model plus the implicit many-to-many join table, children first. */
function allTables(dataModel: RuntimeDataModel): string[] {
  const tables = [...Object.entries(dataModel.models).map(([name, m]) => m.dbName ?? name), "_ProductToSupplier"];
  const rank = (table: string) => (clearOrder.includes(table) ? clearOrder.indexOf(table) : -1);
  return tables.sort((a, b) => rank(a) - rank(b));
}

/** Deletes every row of every table (inside the seed's transaction). */
export async function clearTables(db: RawExecutor, provider: SeedProvider, dataModel: RuntimeDataModel): Promise<void> {
  const tables = allTables(dataModel);
  if (provider === "postgresql") {
    await db.$executeRawUnsafe(`TRUNCATE TABLE ${tables.map(quoteIdent).join(", ")} RESTART IDENTITY CASCADE`);
    return;
  }
  // Foreign keys are checked at commit: the Customer ↔ Quote cycle cannot get in the way.
  await db.$executeRawUnsafe("PRAGMA defer_foreign_keys = ON");
  for (const table of tables) await db.$executeRawUnsafe(`DELETE FROM ${quoteIdent(table)}`);
}

/**
 * PostgreSQL: explicit ids do not move `SERIAL` sequences; move them past the seeded ids so
 * that the next `create` gets a fresh one. (SQLite's AUTOINCREMENT follows on its own.)
 */
export async function syncSequences(db: RawExecutor, provider: SeedProvider, dataModel: RuntimeDataModel): Promise<void> {
  if (provider !== "postgresql") return;
  for (const [name, model] of Object.entries(dataModel.models)) {
    const id = model.fields.find((f) => f.name === "id" && f.type === "Int");
    if (!id) continue;
    const table = quoteIdent(model.dbName ?? name);
    const column = id.dbName ?? id.name;
    await db.$executeRawUnsafe(
      `SELECT setval(pg_get_serial_sequence('${table.replace(/'/g, "''")}', '${column}'), MAX(${quoteIdent(column)})) FROM ${table} HAVING MAX(${quoteIdent(column)}) IS NOT NULL AND pg_get_serial_sequence('${table.replace(/'/g, "''")}', '${column}') IS NOT NULL`,
    );
  }
}

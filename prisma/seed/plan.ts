/**
 * How many records of each model a seed of about `records` records gets.
 *
 * The small models (settings, users, sessions, categories, suppliers) grow slowly, as they would
 * in a real shop; the rest is shared out like a shop's history (mostly sales and their lines).
 * From about 60 records up the total is exactly `records`; below that every model still gets
 * the few rows that exercise all its cases (about 56 records in all).
 * Links (the rows of `_ProductToSupplier`) are not records of a model and are not counted.
 */

export const seedModels = [
  "CompanySettings",
  "User",
  "Session",
  "Category",
  "Supplier",
  "Product",
  "Customer",
  "Quote",
  "QuoteLine",
  "Sale",
  "SaleLine",
  "Invoice",
] as const;

export type SeedModel = (typeof seedModels)[number];
export type SeedCounts = Record<SeedModel, number>;

/** Categories in the catalogue tree (see french.ts). */
export const CATEGORY_TREE_SIZE = 31;

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

export function planCounts(records: number): SeedCounts {
  if (!Number.isSafeInteger(records) || records < 0) throw new Error(`records must be a non-negative integer, not ${records}`);
  const users = clamp(3 + Math.floor(records / 5000), 3, 25);
  const sessions = users * 2;
  const categories = clamp(Math.round(records / 50), 8, CATEGORY_TREE_SIZE);
  const suppliers = clamp(Math.round(records / 250), 3, 400);
  const rest = records - (1 + users + sessions + categories + suppliers);
  const share = (ratio: number, min: number) => Math.max(min, Math.floor(rest * ratio));
  const products = share(0.05, 6);
  const customers = share(0.05, 4);
  const sales = share(0.2, 6);
  const invoices = Math.min(sales, share(0.08, 4));
  const quotes = share(0.03, 3);
  const quoteLines = share(0.075, quotes + 1);
  const saleLines = Math.max(sales + 2, rest - (products + customers + sales + invoices + quotes + quoteLines));
  return {
    CompanySettings: 1,
    User: users,
    Session: sessions,
    Category: categories,
    Supplier: suppliers,
    Product: products,
    Customer: customers,
    Quote: quotes,
    QuoteLine: quoteLines,
    Sale: sales,
    SaleLine: saleLines,
    Invoice: invoices,
  };
}

export function totalOf(counts: SeedCounts): number {
  return seedModels.reduce((sum, model) => sum + counts[model], 0);
}

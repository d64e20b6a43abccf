/**
 * The demo data itself: rows for every model of the reference schema, generated in a fixed
 * order from seeded random streams and handed to a `SeedSink` in batches, so that memory stays
 * flat whatever the size (only products' prices and customers' creation dates are kept).
 *
 * Rows use Prisma field names and `createMany` input values (Decimal as string, BigInt as
 * bigint, Bytes as Uint8Array, DateTime as Date, Json as a value; `undefined` for a Json
 * column left NULL). Every scalar field is given explicitly, timestamps included: nothing
 * depends on the clock, so the same seed gives the same rows.
 */
import type { Prisma } from "../../generated/prisma/client.ts";
import { companyLogo, simplePdf } from "./binary.ts";
import {
  businessWords,
  catalogue,
  cities,
  companyForms,
  customerNotes,
  firstNames,
  lastNames,
  productQualities,
  streetNames,
  streetTypes,
  supplierNames,
  type CategoryNode,
} from "./french.ts";
import type { SeedCounts, SeedModel } from "./plan.ts";
import type { Random } from "./random.ts";

export interface RowsByModel {
  CompanySettings: Prisma.CompanySettingsCreateManyInput;
  User: Prisma.UserCreateManyInput;
  Session: Prisma.SessionCreateManyInput;
  Category: Prisma.CategoryCreateManyInput;
  Supplier: Prisma.SupplierCreateManyInput;
  Product: Prisma.ProductCreateManyInput;
  Customer: Prisma.CustomerCreateManyInput;
  Quote: Prisma.QuoteCreateManyInput;
  QuoteLine: Prisma.QuoteLineCreateManyInput;
  Sale: Prisma.SaleCreateManyInput;
  SaleLine: Prisma.SaleLineCreateManyInput;
  Invoice: Prisma.InvoiceCreateManyInput;
}

/** Where generated rows go (a database writer, or a collector in tests). */
export interface SeedSink {
  insert<M extends SeedModel>(model: M, rows: RowsByModel[M][]): Promise<void>;
  /** Rows of `_ProductToSupplier`: [product id, supplier id]. */
  linkProductsToSuppliers(pairs: [productId: number, supplierId: number][]): Promise<void>;
  /** Second phase of the Customer ↔ Quote cycle: customers' `primaryQuoteId`. */
  setPrimaryQuotes(pairs: [customerId: string, quoteId: number][]): Promise<void>;
}

export interface GenerateOptions {
  counts: SeedCounts;
  random: Random;
  /** The shop's "today": the newest timestamp in the data. */
  now: Date;
  /** Rows per `insert` call. */
  batchSize: number;
}

const DAY = 86_400_000;
const YEAR = 365 * DAY;

/** The shop's domain and company details. */
const SHOP = {
  name: "Épicerie fine Alami",
  domain: "alami-gestion.fr",
  legalId: "SIRET 842 615 337 00018",
  address: "24 rue Mercière, 69002 Lyon",
};

/** Lower-case ASCII for e-mail addresses. */
function slug(text: string, separator = "."): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, separator)
    .replace(new RegExp(`^\\${separator}+|\\${separator}+$`, "g"), "");
}

/** Euros from integer cents, as a Decimal string. */
function euros(cents: bigint | number): string {
  const value = BigInt(cents);
  const sign = value < 0n ? "-" : "";
  const abs = value < 0n ? -value : value;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
}

/** Decimal string → integer in units of 10^-scale (exact). */
function scaled(decimal: string, scale: number): bigint {
  const negative = decimal.startsWith("-");
  const [whole = "0", fraction = ""] = (negative ? decimal.slice(1) : decimal).split(".");
  const value = BigInt(whole + fraction.padEnd(scale, "0").slice(0, scale));
  return negative ? -value : value;
}

/** Rounds a value in units of 10^-scale to cents, half away from zero. */
function toCents(value: bigint, scale: number): bigint {
  const unit = 10n ** BigInt(scale - 2);
  const half = unit / 2n;
  return value >= 0n ? (value + half) / unit : -((-value + half) / unit);
}

const PRICE_SCALE = 12;

function phone(random: Random, mobile: boolean): string {
  const pairs = Array.from({ length: 4 }, () => String(random.int(0, 99)).padStart(2, "0")).join(" ");
  return mobile ? `+33 6 ${pairs}` : `04 ${pairs}`;
}

function address(random: Random): string {
  const [city, postcode] = random.pick(cities);
  const number = random.int(1, 180);
  const bis = random.chance(0.05) ? " bis" : "";
  return `${number}${bis} ${random.pick(streetTypes)} ${random.pick(streetNames)}, ${postcode} ${city}`;
}

/** A cuid-looking id: "c", the time in base 36, a counter, random characters (25 in all). */
function cuid(random: Random, at: number, counter: number): string {
  return `c${at.toString(36).slice(-8).padStart(8, "0")}${counter.toString(36).padStart(4, "0")}${random.base36(12)}`;
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64");
}

/** Chunks of `size` pushed to the sink as they fill. */
class Batch<M extends SeedModel> {
  private rows: RowsByModel[M][] = [];
  constructor(
    private readonly sink: SeedSink,
    private readonly model: M,
    private readonly size: number,
  ) {}
  get pending(): number {
    return this.rows.length;
  }
  push(row: RowsByModel[M]): void {
    this.rows.push(row);
  }
  async flush(): Promise<void> {
    if (this.rows.length === 0) return;
    const rows = this.rows;
    this.rows = [];
    await this.sink.insert(this.model, rows);
  }
}

/**
 * Spreads `total` children over `parents` parents, at least one each, at most `max` (except
 * the last, which takes what remains), following the running average so the sum is exact.
 */
class Spreader {
  private given = 0;
  private index = 0;
  constructor(
    private readonly random: Random,
    private readonly parents: number,
    private readonly total: number,
    private readonly max: number,
  ) {}
  next(): number {
    const i = this.index++;
    if (i === this.parents - 1) return Math.max(1, this.total - this.given);
    const target = Math.round((this.total * (i + 1)) / this.parents);
    const count = Math.min(this.max, Math.max(1, target - this.given + this.random.int(-2, 2)));
    const room = this.total - this.given - (this.parents - i - 1); // keep one for each remaining parent
    const n = Math.max(1, Math.min(count, room));
    this.given += n;
    return n;
  }
}

/** Chooses exactly `wanted` of `total` items, streaming (Knuth's selection sampling). */
class Selector {
  private seen = 0;
  private chosen = 0;
  constructor(
    private readonly random: Random,
    private readonly total: number,
    private readonly wanted: number,
  ) {}
  next(): boolean {
    const take = this.random.next() * (this.total - this.seen) < this.wanted - this.chosen;
    this.seen++;
    if (take) this.chosen++;
    return take;
  }
}

interface Leaf {
  node: CategoryNode;
  /** Path of codes from the root, e.g. ["BOI", "VIN", "ROU"]. */
  path: CategoryNode[];
}

function leaves(nodes: readonly CategoryNode[], path: CategoryNode[] = []): Leaf[] {
  return nodes.flatMap((node) =>
    node.children ? leaves(node.children, [...path, node]) : [{ node, path: [...path, node] }],
  );
}

/**
 * Categories in an order where any prefix holds parents before children: the roots, then the
 * first branch down to the third level (so that even the smallest seed has a three-level
 * tree), then the rest breadth-first.
 */
function categoryOrder(nodes: readonly CategoryNode[]): { node: CategoryNode; parent?: CategoryNode }[] {
  const all: { node: CategoryNode; parent?: CategoryNode }[] = nodes.map((node) => ({ node }));
  for (let i = 0; i < all.length; i++) {
    for (const child of all[i]!.node.children ?? []) all.push({ node: child, parent: all[i]!.node });
  }
  const branch: CategoryNode[] = [];
  for (let node = nodes[0]?.children?.[0]; node; node = node.children?.[0]) branch.push(node);
  const roots = all.filter((entry) => !entry.parent);
  const deep = branch.map((node) => all.find((entry) => entry.node === node)!);
  return [...roots, ...deep, ...all.filter((entry) => entry.parent && !branch.includes(entry.node))];
}

interface ProductInfo {
  id: number;
  /** Price as a Decimal string and in units of 10^-PRICE_SCALE. */
  price: string;
  priceScaled: bigint;
  byWeight: boolean;
}

interface CustomerInfo {
  id: string;
  createdAt: number;
  professional: boolean;
}

/** Generates every model in dependency order and hands the rows to `sink`. */
export async function generateSeed(sink: SeedSink, options: GenerateOptions): Promise<void> {
  const { counts, random, batchSize } = options;
  const now = options.now.getTime();
  const start = now - 3 * YEAR;

  // ── Users and sessions ─────────────────────────────────────────────────────────────
  const userRandom = random.fork("users");
  const users: { id: string; active: boolean; lastLoginAt: number | null }[] = [];
  const userRows: RowsByModel["User"][] = [];
  const emails = new Set<string>();
  for (let i = 0; i < counts.User; i++) {
    const first = i === 0 ? "Karim" : userRandom.pick(firstNames);
    const last = i === 0 ? "Alami" : userRandom.pick(lastNames);
    let email = `${slug(first)}.${slug(last)}@${SHOP.domain}`;
    if (emails.has(email)) email = `${slug(first)}.${slug(last)}${i + 1}@${SHOP.domain}`;
    emails.add(email);
    const createdAt = start - 120 * DAY + i * 23 * DAY + userRandom.int(0, DAY - 1);
    const active = !(i === counts.User - 1 && counts.User >= 4);
    const neverLoggedIn = i === counts.User - 2 && counts.User >= 3;
    const lastLoginAt = neverLoggedIn ? null : active ? now - userRandom.int(0, 20 * DAY) : now - userRandom.int(200, 400) * DAY;
    const id = cuid(userRandom, createdAt, i);
    const salt = base64(userRandom.bytes(16)).replace(/=+$/, "");
    const hash = base64(userRandom.bytes(32)).replace(/=+$/, "");
    users.push({ id, active, lastLoginAt });
    userRows.push({
      id,
      email,
      name: `${first} ${last}`,
      role: i === 0 ? "ADMIN" : i === 1 || userRandom.chance(0.2) ? "MANAGER" : "CASHIER",
      passwordHash: `scrypt$N=16384,r=8,p=1$${salt}$${hash}`,
      active,
      lastLoginAt: lastLoginAt === null ? null : new Date(lastLoginAt),
      createdAt: new Date(createdAt),
      updatedAt: new Date(Math.max(createdAt, (lastLoginAt ?? createdAt) - userRandom.int(1, 30) * DAY)),
    });
  }
  await settings(sink, counts, random, now);
  await sink.insert("User", userRows);

  const sessionRows: RowsByModel["Session"][] = [];
  for (let i = 0; i < counts.Session; i++) {
    const user = users[i % users.length]!;
    const loggedIn = user.lastLoginAt ?? start;
    sessionRows.push({
      id: Buffer.from(userRandom.bytes(32)).toString("hex"),
      userId: user.id,
      expiresAt: new Date(loggedIn - userRandom.int(0, 60) * DAY + 30 * DAY),
    });
  }
  await sink.insert("Session", sessionRows);
  const sellers = users.filter((user) => user.lastLoginAt !== null);

  // ── Categories ─────────────────────────────────────────────────────────────────────
  const tree = categoryOrder(catalogue).slice(0, counts.Category);
  const categoryIds = new Map<CategoryNode, number>(tree.map(({ node }, i) => [node, i + 1]));
  await sink.insert(
    "Category",
    tree.map(({ node, parent }, i) => ({ id: i + 1, name: node.name, parentId: parent ? (categoryIds.get(parent) ?? null) : null })),
  );

  // ── Suppliers ──────────────────────────────────────────────────────────────────────
  const supplierRandom = random.fork("suppliers");
  const supplierRows: RowsByModel["Supplier"][] = [];
  for (let i = 0; i < counts.Supplier; i++) {
    const base = supplierNames[i % supplierNames.length]!;
    const round = Math.floor(i / supplierNames.length);
    const name = round === 0 ? `${base} ${supplierRandom.pick(companyForms)}` : `${base} ${supplierRandom.pick(cities)[0]} ${round + 1}`;
    supplierRows.push({
      id: i + 1,
      name,
      email: supplierRandom.chance(0.85) ? `commandes${round === 0 ? "" : round + 1}@${slug(base, "-")}.fr` : null,
      phone: supplierRandom.chance(0.9) ? phone(supplierRandom, false) : null,
    });
  }
  for (let i = 0; i < supplierRows.length; i += batchSize) await sink.insert("Supplier", supplierRows.slice(i, i + batchSize));

  // ── Products, with their suppliers ─────────────────────────────────────────────────
  const productRandom = random.fork("products");
  const allLeaves = leaves(catalogue);
  const products: ProductInfo[] = [];
  const productBatch = new Batch(sink, "Product", batchSize);
  let links: [number, number][] = [];
  const flushProducts = async () => {
    await productBatch.flush();
    if (links.length > 0) await sink.linkProductsToSuppliers(links);
    links = [];
  };
  for (let j = 0; j < counts.Product; j++) {
    const id = j + 1;
    const leaf = productRandom.pick(allLeaves);
    const { node } = leaf;
    const base = productRandom.pick(node.products ?? ["Article"]);
    const quality = productRandom.pick(productQualities);
    const [size, factor] = productRandom.pick(node.sizes ?? [["unité", 1]]);
    const [low, high] = node.price ?? [1, 10];
    // Loose goods sold by the gram: a price with many decimals.
    const byWeight = j % 25 === 3;
    let price: string;
    if (byWeight) {
      price = `0.0${String(productRandom.int(10_000_000, 999_999_999)).padStart(9, "0")}`;
    } else {
      const cents = Math.round((low + productRandom.next() * (high - low)) * factor * 100);
      price = euros(Math.max(cents - (cents % 10) + 9, 9)); // prices end in 9 cents, as shops do
    }
    const priceScaled = scaled(price, PRICE_SCALE);
    // Cost price: usually to the cent, sometimes a computed one with up to 15 significant digits.
    let costPrice: string | null = null;
    if (productRandom.chance(0.7)) {
      const ratio = BigInt(productRandom.int(450_000, 780_000)); // margin, in millionths
      const cost = (priceScaled * ratio) / 1_000_000n;
      costPrice = productRandom.chance(0.15) || byWeight ? significant(cost, PRICE_SCALE, 15) : euros(toCents(cost, PRICE_SCALE));
    }
    // Lifetime units sold: a 64-bit counter; a few beyond 2^53 (and one at the maximum).
    const unitsSold =
      j === 2 ? 9_223_372_036_854_775_807n : j === 1 || j % 40 === 17 ? 9_007_199_254_740_993n + productRandom.bigint(1n << 58n) : BigInt(productRandom.int(0, 60_000));
    const categoryPath = leaf.path.filter((n) => categoryIds.has(n));
    const category = categoryPath[categoryPath.length - 1];
    const createdAt = start - 60 * DAY + Math.floor((j / counts.Product) * 2.8 * YEAR) + productRandom.int(0, DAY - 1);
    products.push({ id, price, priceScaled, byWeight });
    productBatch.push({
      id,
      sku: `${leaf.path.map((n) => n.code).join("-")}-${String(id).padStart(6, "0")}`,
      name: `${base}${quality ? ` ${quality}` : ""} — ${size}`,
      description: productRandom.chance(0.6) ? describeProduct(productRandom, base, leaf, j) : null,
      price,
      costPrice,
      stock: productRandom.chance(0.01) ? -productRandom.int(1, 3) : productRandom.chance(0.08) ? 0 : productRandom.int(1, 400),
      unitsSold,
      weightKg: productRandom.chance(0.7) ? productRandom.int(20, 12_000) / 1000 : null,
      active: productRandom.chance(0.93),
      attributes: j % 5 === 0 || j % 7 === 0 ? attributesFor(productRandom, leaf, j) : undefined,
      categoryId: productRandom.chance(0.03) || !category ? null : categoryIds.get(category)!,
      createdAt: new Date(createdAt),
      updatedAt: new Date(Math.min(now, createdAt + productRandom.int(0, 300) * DAY + productRandom.int(0, DAY - 1))),
    });
    if (!productRandom.chance(0.1)) {
      const chosen = productRandom.sample(counts.Supplier, productRandom.int(1, 3));
      for (const supplier of chosen) links.push([id, supplier + 1]);
    }
    if (productBatch.pending >= batchSize) await flushProducts();
  }
  await flushProducts();
  const pickProduct = (r: Random) => products[Math.floor(products.length * r.next() ** 2)]!; // best-sellers first

  // ── Customers (their primary quote is set once quotes exist) ────────────────────────
  const customerRandom = random.fork("customers");
  const customers: CustomerInfo[] = [];
  const customerBatch = new Batch(sink, "Customer", batchSize);
  for (let k = 0; k < counts.Customer; k++) {
    const createdAt = start - 30 * DAY + Math.floor((k / counts.Customer) * 2.9 * YEAR) + customerRandom.int(0, DAY - 1);
    const professional = customerRandom.chance(0.3);
    const first = customerRandom.pick(firstNames);
    const last = customerRandom.pick(lastNames);
    const name = professional ? `${customerRandom.pick(businessWords)} ${last} ${customerRandom.pick(companyForms)}` : `${first} ${last}`;
    const email = customerRandom.chance(0.12)
      ? null
      : professional
        ? `contact${k + 1}@${slug(name, "-")}.fr`
        : `${slug(first)}.${slug(last)}${k + 1}@${customerRandom.pick(["gmail.com", "orange.fr", "free.fr", "laposte.net", "outlook.fr"])}`;
    const balance = customerRandom.chance(0.7)
      ? "0"
      : customerRandom.chance(0.05)
        ? euros(customerRandom.int(10_000_000, 999_999_999) * 10 + customerRandom.int(0, 9))
        : euros(customerRandom.int(-50_000, 200_000));
    const id = cuid(customerRandom, createdAt, k);
    customers.push({ id, createdAt, professional });
    customerBatch.push({
      id,
      name,
      email,
      phone: customerRandom.chance(0.8) ? phone(customerRandom, !professional) : null,
      address: customerRandom.chance(professional ? 0.95 : 0.6) ? address(customerRandom) : null,
      notes: customerRandom.chance(0.15) ? customerRandom.pick(customerNotes) : null,
      balance,
      primaryQuoteId: null,
      createdAt: new Date(createdAt),
      updatedAt: new Date(Math.min(now, createdAt + customerRandom.int(0, 400) * DAY)),
    });
    if (customerBatch.pending >= batchSize) await customerBatch.flush();
  }
  await customerBatch.flush();
  /** A customer who already existed at `time` (customers are in order of creation). */
  const customerAt = (r: Random, time: number) => {
    const known = Math.floor(((time - (start - 30 * DAY)) / (2.9 * YEAR)) * customers.length);
    return customers[Math.min(customers.length - 1, Math.floor(r.next() * Math.max(1, known)))]!;
  };

  // ── Quotes and their lines; then customers' primary quotes (the cycle) ───────────────
  const quoteRandom = random.fork("quotes");
  const quoteBatch = new Batch(sink, "Quote", batchSize);
  const quoteLineBatch = new Batch(sink, "QuoteLine", batchSize);
  const quoteLines = new Spreader(quoteRandom, counts.Quote, counts.QuoteLine, 8);
  const firstQuote = new Map<string, number>();
  const quoteStatuses = ["ACCEPTED", "REJECTED", "SENT", "DRAFT"] as const;
  let quoteLineId = 0;
  for (let q = 0; q < counts.Quote; q++) {
    const id = q + 1;
    const createdAt = start + Math.floor(((q + quoteRandom.next()) / counts.Quote) * 3 * YEAR);
    const customer = customerAt(quoteRandom, createdAt);
    if (!firstQuote.has(customer.id)) firstQuote.set(customer.id, id);
    const age = now - createdAt;
    const status =
      q < quoteStatuses.length
        ? quoteStatuses[q]!
        : age < 20 * DAY
          ? quoteRandom.weighted([["DRAFT", 2], ["SENT", 5], ["ACCEPTED", 1]] as const)
          : quoteRandom.weighted([["ACCEPTED", 6], ["REJECTED", 3], ["SENT", 1]] as const);
    let total = 0n;
    const lines = quoteLines.next();
    for (let position = 0; position < lines; position++) {
      const product = pickProduct(quoteRandom);
      const quantity = product.byWeight ? quoteRandom.int(100, 5000) : quoteRandom.int(1, customer.professional ? 48 : 12);
      // Quotes sometimes offer a negotiated price, rounded to the cent.
      const unitPrice =
        !product.byWeight && quoteRandom.chance(0.25) ? euros(toCents((product.priceScaled * 95n) / 100n, PRICE_SCALE)) : product.price;
      total += toCents(scaled(unitPrice, PRICE_SCALE) * BigInt(quantity), PRICE_SCALE);
      quoteLineBatch.push({ id: ++quoteLineId, quoteId: id, productId: product.id, quantity, unitPrice });
    }
    const updatedAt = Math.min(now, createdAt + quoteRandom.int(0, 15) * DAY + quoteRandom.int(0, DAY - 1));
    quoteBatch.push({
      id,
      number: `DEV-${new Date(createdAt).getUTCFullYear()}-${String(id).padStart(5, "0")}`,
      customerId: customer.id,
      status,
      validUntil: quoteRandom.chance(0.1) ? null : new Date(createdAt + 30 * DAY),
      total: euros(total),
      createdAt: new Date(createdAt),
      updatedAt: new Date(updatedAt),
    });
    if (quoteBatch.pending >= batchSize || quoteLineBatch.pending >= batchSize) {
      await quoteBatch.flush();
      await quoteLineBatch.flush();
    }
  }
  await quoteBatch.flush();
  await quoteLineBatch.flush();
  const primary: [string, number][] = [];
  for (const customer of customers) {
    const quote = firstQuote.get(customer.id);
    if (quote !== undefined && (primary.length === 0 || quoteRandom.chance(0.5))) primary.push([customer.id, quote]);
  }
  for (let i = 0; i < primary.length; i += batchSize) await sink.setPrimaryQuotes(primary.slice(i, i + batchSize));

  // ── Sales, their lines and invoices ────────────────────────────────────────────────
  const saleRandom = random.fork("sales");
  const saleBatch = new Batch(sink, "Sale", batchSize);
  const lineBatch = new Batch(sink, "SaleLine", batchSize);
  const invoiceBatch = new Batch(sink, "Invoice", batchSize);
  const saleLines = new Spreader(saleRandom, counts.Sale, counts.SaleLine, 12);
  const invoiced = new Selector(saleRandom, counts.Sale, counts.Invoice);
  const invoiceStatuses = ["PAID", "CANCELLED", "ISSUED", "DRAFT"] as const;
  const pdfLimit = Math.min(20, Math.max(2, Math.round(counts.Invoice / 500)));
  let invoiceId = 0;
  let pdfs = 0;
  const flushSales = async () => {
    await saleBatch.flush();
    await lineBatch.flush();
    await invoiceBatch.flush();
  };
  for (let s = 0; s < counts.Sale; s++) {
    const id = s + 1;
    const day = start + Math.floor(((s + 0.5) / counts.Sale) * 3 * YEAR / DAY) * DAY;
    const soldAt = day + 7 * 3_600_000 + saleRandom.int(0, 11 * 3_600_000 - 1); // 8:00–19:00 in Lyon
    const standalone = s === 0 || saleRandom.chance(0.15);
    const customer = standalone ? null : customerAt(saleRandom, soldAt);
    const hasInvoice = invoiced.next();
    let total = 0n;
    const lines = saleLines.next();
    for (let position = 1; position <= lines; position++) {
      const product = pickProduct(saleRandom);
      const quantity = product.byWeight ? saleRandom.int(50, 2000) : saleRandom.weighted([[1, 10], [2, 5], [3, 2], [6, 1], [12, 1]] as const);
      const percent = saleRandom.weighted([[0, 20], [5, 2], [10, 2], [15, 1], [20, 1]] as const);
      const amount = (product.priceScaled * BigInt(quantity) * BigInt(100 - percent)) / 100n;
      total += toCents(amount, PRICE_SCALE);
      lineBatch.push({ saleId: id, position, productId: product.id, quantity, unitPrice: product.price, discount: percent / 100 });
    }
    const payment = hasInvoice
      ? saleRandom.weighted([["TRANSFER", 5], ["CARD", 3], ["CHECK", 2]] as const)
      : saleRandom.weighted([["CARD", 55], ["CASH", 30], ["TRANSFER", 5], ["CHECK", 5]] as const);
    saleBatch.push({
      id,
      reference: `V${new Date(soldAt).getUTCFullYear()}-${String(id).padStart(7, "0")}`,
      customerId: customer?.id ?? null,
      sellerId: saleRandom.chance(0.92) && sellers.length > 0 ? saleRandom.pick(sellers).id : null,
      soldAt: new Date(soldAt),
      payment,
      total: euros(total),
    });
    if (hasInvoice) {
      invoiceId++;
      const issuedAt = soldAt + saleRandom.int(0, 2 * DAY);
      const age = now - issuedAt;
      const status =
        invoiceId <= invoiceStatuses.length
          ? invoiceStatuses[invoiceId - 1]!
          : age < 10 * DAY
            ? saleRandom.weighted([["DRAFT", 3], ["ISSUED", 5], ["PAID", 2]] as const)
            : age < 60 * DAY
              ? saleRandom.weighted([["ISSUED", 4], ["PAID", 6], ["CANCELLED", 1]] as const)
              : saleRandom.weighted([["PAID", 18], ["CANCELLED", 1], ["ISSUED", 1]] as const);
      const number = `FAC-${new Date(issuedAt).getUTCFullYear()}-${String(invoiceId).padStart(6, "0")}`;
      const withPdf = (status === "ISSUED" || status === "PAID") && pdfs < pdfLimit && (pdfs === 0 || saleRandom.chance(0.5));
      if (withPdf) pdfs++;
      invoiceBatch.push({
        id: invoiceId,
        number,
        saleId: id,
        status,
        issuedAt: new Date(issuedAt),
        dueAt: status === "DRAFT" && saleRandom.chance(0.5) ? null : new Date(issuedAt + 30 * DAY),
        pdf: withPdf ? invoicePdf(number, issuedAt, euros(total), lines) : null,
        paidAt: status === "PAID" ? new Date(Math.min(now, issuedAt + saleRandom.int(0, 45 * DAY))) : null,
      });
    }
    if (saleBatch.pending >= batchSize || lineBatch.pending >= batchSize) await flushSales();
  }
  await flushSales();
}

/** A Decimal string for `value` (units of 10^-scale) with at most `digits` significant digits. */
function significant(value: bigint, scale: number, digits: number): string {
  const text = value.toString().padStart(scale + 1, "0");
  const whole = text.slice(0, text.length - scale);
  const keep = Math.max(0, digits - (whole === "0" ? 0 : whole.length));
  let fraction = text.slice(text.length - scale);
  if (whole === "0") {
    const zeros = fraction.length - fraction.replace(/^0+/, "").length;
    fraction = fraction.slice(0, zeros + keep);
  } else {
    fraction = fraction.slice(0, keep);
  }
  fraction = fraction.replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : whole;
}

async function settings(sink: SeedSink, counts: SeedCounts, random: Random, now: number): Promise<void> {
  const r = random.fork("settings");
  await sink.insert("CompanySettings", [
    {
      id: 1,
      companyName: SHOP.name,
      legalId: SHOP.legalId,
      address: SHOP.address,
      currency: "EUR",
      vatRate: "5.5",
      invoicePrefix: "FAC",
      nextInvoice: counts.Invoice + 1,
      logo: companyLogo(),
      preferences: {
        locale: "fr-FR",
        timezone: "Europe/Paris",
        ticket: { footer: "Merci de votre visite et à bientôt !", showVat: true, copies: 1 },
        vatRates: [5.5, 10, 20],
        openingHours: { lundi: null, mardi: ["09:00", "19:00"], samedi: ["08:30", "19:30"] },
        backup: { daily: true, keep: 30 },
      },
      updatedAt: new Date(now - r.int(1, 5) * DAY),
    },
  ]);
}

function describeProduct(random: Random, base: string, leaf: Leaf, index: number): string {
  const origin = random.pick(cities)[0];
  const sentences = [
    `${base} sélectionné par nos soins auprès d'un producteur près de ${origin}.`,
    `Rayon « ${leaf.path.map((n) => n.name).join(" › ")} ».`,
    random.chance(0.3) ? "À conserver au sec, à l'abri de la lumière." : "",
    index % 50 === 7 ? "Idéal pour l'apéritif 🍷 — Ø 12 cm, ½ portion offerte." : "",
    index % 31 === 11 ? "Conseil du caviste :\n« servir frais, entre 8 et 10 °C »." : "",
  ];
  return sentences.filter(Boolean).join(" ");
}

function attributesFor(random: Random, leaf: Leaf, index: number): Prisma.InputJsonValue {
  if (index % 140 === 0) return ["vegan", "sans gluten"];
  const root = leaf.path[0]!.code;
  const common = { origine: random.pick(["France", "Italie", "Espagne", "Maroc", "Éthiopie"]), bio: random.chance(0.4) };
  switch (root) {
    case "BOI":
      return {
        ...common,
        degre: leaf.path.some((n) => n.code === "VIN") ? random.int(115, 145) / 10 : 0,
        millesime: leaf.path.some((n) => n.code === "VIN") ? random.int(2015, 2023) : null,
        accords: random.chance(0.5) ? ["fromages", "viandes rouges"] : [],
      };
    case "FRA":
      return { ...common, conservation: { temperature: "4 °C", jours: random.int(5, 40) }, allergenes: ["lait"] };
    case "DRO":
      return { ...common, ecolabel: random.chance(0.5), contenance: { valeur: random.int(1, 5), unite: "l" } };
    default:
      return {
        ...common,
        allergenes: random.chance(0.3) ? ["gluten", "fruits à coque"] : [],
        nutrition: { energieKcal: random.int(50, 600), sucres: random.int(0, 600) / 10 },
      };
  }
}

function invoicePdf(number: string, issuedAt: number, total: string, lines: number): Uint8Array<ArrayBuffer> {
  const date = new Date(issuedAt).toISOString().slice(0, 10).split("-").reverse().join("/");
  return simplePdf([
    `${SHOP.name} — ${SHOP.address}`,
    SHOP.legalId,
    "",
    `Facture ${number} du ${date}`,
    `${lines} article${lines > 1 ? "s" : ""}`,
    `Total TTC : ${total.replace(".", ",")} €`,
    "",
    "Paiement à 30 jours. Pas d'escompte pour paiement anticipé.",
  ]);
}

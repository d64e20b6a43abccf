/**
 * Deterministic demo data for the reference schema ("Alami Gestion", an épicerie fine in Lyon).
 *
 * `seedDatabase(prisma, { records })` empties every table, then writes about `records` records
 * (exactly that many from about 60 up), the same ones for the same `records` and `seed` on every
 * machine and every database: ids, texts, decimals and timestamps all come from a seeded random
 * generator and a fixed "today", never from the clock. It works with either generated client
 * (`generated/prisma` for SQLite, `generated/prisma-postgres` for PostgreSQL and PGlite) and runs
 * in one transaction, so a failed seed leaves the database as it was.
 */
import { generateSeed } from "./generate.ts";
import { planCounts, seedModels, totalOf, type SeedCounts, type SeedModel } from "./plan.ts";
import { Random } from "./random.ts";
import { clientDataModel, clientProvider } from "../../scripts/lib/client-internals.ts";
import {
  clearTables,
  CreateManySink,
  SqlSink,
  syncSequences,
  type RawExecutor,
  type SeedProvider,
} from "./writers.ts";

export { planCounts, seedModels, totalOf, type SeedCounts, type SeedModel } from "./plan.ts";
export type { SeedProvider } from "./writers.ts";

/** The default "today" of the demo data. */
export const DEFAULT_SEED_NOW = new Date("2025-06-30T16:00:00.000Z");
export const DEFAULT_SEED = "alami";

export interface SeedOptions {
  /** About how many records in total (links between products and suppliers not counted). */
  records: number;
  /** Another seed gives other data of the same shape. Default "alami". */
  seed?: string | number;
  /** The shop's "today": the newest timestamp in the data. Default 2025-06-30T16:00:00Z. */
  now?: Date;
  /** `sql` (default, fast) or `createMany` (Prisma's own writes, slow; for cross-checks). */
  method?: "sql" | "createMany";
  /** Rows per batch (default 2000). Does not change the data. */
  batchSize?: number;
  /** Called after each batch with the rows written so far for that model. */
  onProgress?: (progress: { model: SeedModel | "ProductToSupplier"; written: number; planned?: number }) => void;
}

export interface SeedReport {
  provider: SeedProvider;
  /** Records written per model. */
  counts: SeedCounts;
  /** Sum of `counts`. */
  total: number;
  /** Rows of implicit many-to-many join tables, by relation (`ProductToSupplier`). */
  links: { ProductToSupplier: number };
  /** Customers whose `primaryQuoteId` is set (the Customer ↔ Quote cycle). */
  primaryQuotes: number;
  durationMs: number;
}

/** The client methods the seed uses: any generated PrismaClient has them. */
export interface SeedClient extends RawExecutor {
  // biome-ignore lint: the transaction client's type differs per generated client.
  $transaction<R>(fn: (tx: any) => Promise<R>, options?: { maxWait?: number; timeout?: number }): Promise<R>;
}

/** Empties the database, then writes the demo data. Returns what was written. */
export async function seedDatabase(prisma: SeedClient, options: SeedOptions): Promise<SeedReport> {
  const started = performance.now();
  const provider = clientProvider(prisma);
  const dataModel = clientDataModel(prisma);
  const counts = planCounts(options.records);
  const written = Object.fromEntries(seedModels.map((m) => [m, 0])) as SeedCounts;
  let links = 0;
  let primaryQuotes = 0;
  await prisma.$transaction(
    async (tx: RawExecutor) => {
      await clearTables(tx, provider, dataModel);
      const target = options.method === "createMany" ? new CreateManySink(tx) : new SqlSink(tx, provider, dataModel);
      await generateSeed(
        {
          async insert(model, rows) {
            await target.insert(model, rows);
            written[model] += rows.length;
            options.onProgress?.({ model, written: written[model], planned: counts[model] });
          },
          async linkProductsToSuppliers(pairs) {
            await target.linkProductsToSuppliers(pairs);
            links += pairs.length;
            options.onProgress?.({ model: "ProductToSupplier", written: links });
          },
          async setPrimaryQuotes(pairs) {
            await target.setPrimaryQuotes(pairs);
            primaryQuotes += pairs.length;
          },
        },
        {
          counts,
          random: new Random(String(options.seed ?? DEFAULT_SEED)),
          now: options.now ?? DEFAULT_SEED_NOW,
          batchSize: options.batchSize ?? 2000,
        },
      );
      await syncSequences(tx, provider, dataModel);
    },
    { maxWait: 60_000, timeout: 24 * 3_600_000 },
  );
  return {
    provider,
    counts: written,
    total: totalOf(written),
    links: { ProductToSupplier: links },
    primaryQuotes,
    durationMs: Math.round(performance.now() - started),
  };
}

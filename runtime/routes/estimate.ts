/**
 * What an export will weigh before it is downloaded: per-model counts, and the file size
 * extrapolated from a sample of each model's records (encoded as the file encodes them, then
 * gzip'd to measure the compression ratio). Small samples compress worse than a whole file,
 * so the estimate errs on the large side. The advice tier follows the size of the download.
 */
import { gzipSync } from "node:zlib";
import type { Backup } from "../backup.ts";
import { delegateOf, type Database } from "../database.ts";
import { modelsInModules } from "../layout.ts";

export const WARN_BYTES = 10 * 1024 * 1024;
export const SELECTIVE_BYTES = 50 * 1024 * 1024;
const SAMPLE_SIZE = 50;
/** Metadata, section keys and the trailer. */
const DOCUMENT_OVERHEAD = 2048;

export type EstimateTier = "normal" | "warn" | "selective";

export interface ExportEstimate {
  readonly modules: readonly string[];
  readonly models: Readonly<Record<string, { readonly module: string; readonly count: number; readonly estimatedBytes: number }>>;
  readonly byModule: Readonly<Record<string, { readonly count: number; readonly estimatedBytes: number }>>;
  readonly totalRecords: number;
  readonly compress: boolean;
  /** The expected size of the download: compressed unless `compress` is false. */
  readonly estimatedBytes: number;
  readonly uncompressedBytes: number;
  readonly compressedBytes: number;
  /** `normal` under 10 MB; `warn` up to 50 MB; `selective` beyond (export fewer modules). */
  readonly tier: EstimateTier;
  readonly advice: string;
}

export async function estimateExport<Client>(backup: Backup<Client>, prisma: Client, options: { modules?: readonly string[]; compress?: boolean } = {}): Promise<ExportEstimate> {
  const { schema, codecs } = backup;
  const db = prisma as unknown as Database;
  const selected = modelsInModules(schema, options.modules);
  const compress = options.compress ?? true;
  const models: Record<string, { module: string; count: number; estimatedBytes: number }> = {};
  let sampleText = "";
  let uncompressed = DOCUMENT_OVERHEAD;
  for (const name of schema.plan.order.filter((n) => selected.has(n))) {
    const model = schema.models[name]!;
    const delegate = delegateOf(db, model.delegate);
    const count = await delegate.count();
    const sample = count === 0 ? [] : await delegate.findMany({ take: SAMPLE_SIZE });
    const text = sample.map((row) => JSON.stringify(codecs[name]!.toRecord(row))).join(",\n");
    const perRecord = sample.length === 0 ? 0 : (text.length + 2) / sample.length;
    const estimatedBytes = Math.round(perRecord * count);
    models[name] = { module: model.module, count, estimatedBytes };
    uncompressed += estimatedBytes;
    sampleText += text;
  }
  const sampleBytes = new TextEncoder().encode(sampleText);
  const ratio = sampleBytes.length === 0 ? 1 : Math.min(1, gzipSync(sampleBytes).length / sampleBytes.length);
  const compressedBytes = Math.round(uncompressed * ratio);
  const estimatedBytes = compress ? compressedBytes : uncompressed;
  const byModule: Record<string, { count: number; estimatedBytes: number }> = {};
  for (const model of Object.values(models)) {
    const bucket = (byModule[model.module] ??= { count: 0, estimatedBytes: 0 });
    bucket.count += model.count;
    bucket.estimatedBytes += Math.round((compress ? ratio : 1) * model.estimatedBytes);
  }
  const tier: EstimateTier = estimatedBytes < WARN_BYTES ? "normal" : estimatedBytes <= SELECTIVE_BYTES ? "warn" : "selective";
  return {
    modules: [...new Set(Object.values(models).map((m) => m.module))].sort(),
    models,
    byModule,
    totalRecords: Object.values(models).reduce((sum, m) => sum + m.count, 0),
    compress,
    estimatedBytes,
    uncompressedBytes: uncompressed,
    compressedBytes,
    tier,
    advice: adviceFor(tier, byModule),
  };
}

function adviceFor(tier: EstimateTier, byModule: Record<string, { estimatedBytes: number }>): string {
  if (tier === "normal") return "A small file: download it as it is.";
  if (tier === "warn") return "A large file: the download may take a while. Keep the page open until it finishes.";
  const largest = Object.entries(byModule).sort((a, b) => b[1].estimatedBytes - a[1].estimatedBytes)[0]?.[0];
  return `A very large file: consider a selective export, module by module${largest ? ` (the largest is "${largest}")` : ""}. A full export still works: it streams.`;
}

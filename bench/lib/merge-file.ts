/**
 * The merge workload: an export edited so that, imported into the database it came from,
 * about 10% of the records are updated and about 10% are new, with exact expected counts.
 *
 * - Changed: every record whose position among its model's records is 5 modulo 10, on the
 *   first field a merge may take (not an id, key, natural key or `@updatedAt`): text gets a
 *   suffix, numbers grow, dates move a day; `@updatedAt` moves a day too, so `newest`/`auto`
 *   take the file's side. Conflicts (`ask`, two different values) are resolved with
 *   `resolutions: { default: "incoming" }`, so every changed record counts as updated.
 * - New: every top-level record at a position 0 modulo 10 is copied with fresh ids and unique
 *   values, its nested records with it; an invoice is copied with the sale it belongs to.
 *
 * The edits know the reference schema's unique columns (listed below); another schema fails
 * loudly instead of producing a file that cannot merge.
 */
import { readFile, writeFile } from "node:fs/promises";
import { gunzipSync, gzipSync } from "node:zlib";
import type { FieldSpec, ModelSpec } from "../../runtime/schema.ts";
import type { BackupMetadata } from "../../runtime/options.ts";
import { documentText, entryId, layout, modelOf, schema, type FileRecord } from "./document.ts";

/** Unique text columns of the reference schema (beyond ids), made unique again in copies. */
const UNIQUE_TEXT: Readonly<Record<string, readonly string[]>> = {
  Category: ["name"],
  Customer: ["email"],
  Invoice: ["number"],
  Product: ["sku"],
  Quote: ["number"],
  Sale: ["reference"],
  Supplier: ["email"],
  User: ["email"],
};
/** Unique foreign keys: cleared in copies, or (Invoice.saleId) pointed at the copied sale. */
const UNIQUE_CLEARED: Readonly<Record<string, readonly string[]>> = { Customer: ["primaryQuoteId"] };
const COPIED_WITH_PARENT: Readonly<Record<string, { field: string; target: string }>> = { Invoice: { field: "saleId", target: "Sale" } };
const KNOWN_MODELS = ["Category", "CompanySettings", "Customer", "Invoice", "Product", "Quote", "QuoteLine", "Sale", "SaleLine", "Supplier", "User"];

export interface ModelExpectation {
  inFile: number;
  created: number;
  updated: number;
  skipped: number;
  deleted: number;
  conflicts: number;
}

export interface MergeExpectation {
  readonly records: number;
  readonly models: Record<string, ModelExpectation>;
  readonly links: Record<string, { inFile: number; created: number; deleted: number }>;
}

const DAY = 86_400_000;

function laterDate(value: unknown): unknown {
  return typeof value === "string" ? new Date(Date.parse(value) + DAY).toISOString() : value;
}

/** The field a merge of this model may change, or undefined. */
function changeableField(model: ModelSpec): FieldSpec | undefined {
  const excluded = new Set<string>([
    ...model.id,
    ...model.relations.flatMap((r) => r.fields),
    ...(Array.isArray(model.match) ? model.match : []),
    ...(model.updatedAt ? [model.updatedAt] : []),
  ]);
  const candidates = model.fields.filter((field) => !excluded.has(field.name) && field.merge !== "existing");
  for (const kind of ["String", "Decimal", "Int", "Float", "DateTime"] as const) {
    const found = candidates.find((field) => field.kind === kind);
    if (found) return found;
  }
  return undefined;
}

function changed(field: FieldSpec, value: unknown): unknown {
  switch (field.kind) {
    case "String":
      return value === null ? "modifié" : `${value as string} (modifié)`;
    case "Decimal":
      return value === null ? "1" : (value as string).includes(".") ? `${value as string}7` : `${value as string}.5`;
    case "Int":
      return ((value as number | null) ?? 0) + 1;
    case "Float":
      return ((value as number | null) ?? 0) + 0.25;
    case "DateTime":
      return value === null ? new Date(0).toISOString() : laterDate(value);
    default:
      throw new Error(`No change for a ${field.kind}`);
  }
}

/** `unchanged`: models whose records are left as they are (the copies still include them). */
export async function makeMergeFile(input: string, output: string, unchanged: readonly string[] = []): Promise<MergeExpectation> {
  for (const name of unchanged) modelOf(name); // an unknown name fails here
  const unknown = Object.keys(schema.models).filter((name) => !KNOWN_MODELS.includes(name));
  if (unknown.length > 0) throw new Error(`The merge workload knows the reference schema only; ${unknown.join(", ")} are new: list their unique columns in bench/lib/merge-file.ts`);

  const document = JSON.parse(gunzipSync(await readFile(input)).toString("utf8")) as { metadata: BackupMetadata } & Record<string, Record<string, unknown>>;
  const models: Record<string, ModelExpectation> = {};
  for (const name of Object.keys(document.metadata.counts)) models[name] = { inFile: document.metadata.counts[name]!, created: 0, updated: 0, skipped: 0, deleted: 0, conflicts: 0 };
  const links: MergeExpectation["links"] = {};
  for (const name of Object.keys(schema.links)) links[name] = { inFile: 0, created: 0, deleted: 0 };

  const entries = new Map<string, FileRecord[] | FileRecord | null>();
  for (const [section, list] of Object.entries(layout.sections)) {
    for (const entry of list) entries.set(entryId(entry), (document[section]?.[entry.key] as FileRecord[] | FileRecord | null | undefined) ?? null);
  }

  // Every record, nested ones included, with its model: the order of the file.
  const all: { model: ModelSpec; record: FileRecord }[] = [];
  const visit = (model: ModelSpec, record: FileRecord) => {
    all.push({ model, record });
    for (const child of layout.childrenOf(model.name)) for (const nested of (record[child.key] as FileRecord[] | undefined) ?? []) visit(modelOf(child.model), nested);
  };
  for (const list of Object.values(layout.sections)) {
    for (const entry of list) {
      const value = entries.get(entryId(entry));
      if (value === null || value === undefined) continue;
      for (const record of Array.isArray(value) ? value : [value]) visit(modelOf(entry.model), record);
    }
  }
  const maxId = new Map<string, number>();
  for (const { model, record } of all) {
    for (const linkName of model.links) links[linkName]!.inFile += ((record[schema.links[linkName]!.field] as unknown[] | undefined) ?? []).length;
    const id = record[model.id[0]!];
    if (typeof id === "number") maxId.set(model.name, Math.max(maxId.get(model.name) ?? 0, id));
  }

  // ~10% changed.
  const seen = new Map<string, number>();
  for (const { model, record } of all) {
    const position = seen.get(model.name) ?? 0;
    seen.set(model.name, position + 1);
    const field = model.single || unchanged.includes(model.name) ? undefined : changeableField(model);
    if (!field || position % 10 !== 5) continue;
    record[field.name] = changed(field, record[field.name]);
    if (model.updatedAt) record[model.updatedAt] = laterDate(record[model.updatedAt]);
    models[model.name]!.updated++;
  }

  // ~10% new: copies with fresh ids and unique values.
  let copies = 0;
  const copiedIds = new Map<string, Map<unknown, unknown>>();
  const freshId = (model: ModelSpec, old: unknown) => {
    const id = typeof old === "number" ? (maxId.get(model.name) ?? 0) + 1 : `bench${String(++copies).padStart(8, "0")}`;
    if (typeof id === "number") maxId.set(model.name, id);
    const map = copiedIds.get(model.name) ?? new Map<unknown, unknown>();
    map.set(old, id);
    copiedIds.set(model.name, map);
    return id;
  };
  const copy = (model: ModelSpec, record: FileRecord): FileRecord => {
    const parentKeys = new Set(layout.parentRelationOf(model.name)?.fields ?? []);
    const clone: FileRecord = { ...record };
    for (const id of model.id) if (!parentKeys.has(id)) clone[id] = freshId(model, record[id]);
    for (const field of UNIQUE_TEXT[model.name] ?? []) if (typeof clone[field] === "string") clone[field] = `${clone[field] as string}-copie${++copies}`;
    for (const field of UNIQUE_CLEARED[model.name] ?? []) clone[field] = null;
    models[model.name]!.created++;
    for (const linkName of model.links) links[linkName]!.created += ((clone[schema.links[linkName]!.field] as unknown[] | undefined) ?? []).length;
    for (const child of layout.childrenOf(model.name)) {
      clone[child.key] = ((record[child.key] as FileRecord[] | undefined) ?? []).map((nested) => copy(modelOf(child.model), nested));
    }
    return clone;
  };
  for (const list of Object.values(layout.sections)) {
    for (const entry of list) {
      const model = modelOf(entry.model);
      const records = entries.get(entryId(entry));
      if (model.single || !Array.isArray(records) || COPIED_WITH_PARENT[model.name]) continue;
      const originals = records.length;
      for (let i = 0; i < originals; i += 10) records.push(copy(model, records[i]!));
    }
  }
  for (const list of Object.values(layout.sections)) {
    for (const entry of list) {
      const rule = COPIED_WITH_PARENT[entry.model];
      const records = entries.get(entryId(entry));
      if (!rule || !Array.isArray(records)) continue;
      const model = modelOf(entry.model);
      const originals = records.length;
      for (let i = 0; i < originals; i++) {
        const parent = copiedIds.get(rule.target)?.get(records[i]![rule.field]);
        if (parent !== undefined) records.push({ ...copy(model, records[i]!), [rule.field]: parent });
      }
    }
  }

  for (const counts of Object.values(models)) {
    counts.inFile += counts.created;
    counts.skipped = counts.inFile - counts.created - counts.updated;
  }
  for (const counts of Object.values(links)) counts.inFile += counts.created;
  const counts = Object.fromEntries(Object.entries(models).map(([name, m]) => [name, m.inFile]));
  const metadata: BackupMetadata = { ...document.metadata, counts, total_records: Object.values(counts).reduce((sum, n) => sum + n, 0) };
  await writeFile(output, gzipSync(Buffer.from(documentText(metadata, entries), "utf8")));
  return { records: metadata.total_records, models, links };
}

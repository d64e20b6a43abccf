/**
 * The naive Prisma baseline: what an app writes in an afternoon with the generated codecs.
 *
 * - Export: one `findMany` per model, everything at once, the join table in one raw query
 *   (a nested `select` of the suppliers fails on SQLite past 999 products: P2029, too many
 *   bound parameters), records grouped under their parents in memory, the whole document as
 *   one string, `gzip` (node:zlib), one file write.
 * - Import: the whole file read, gunzip'd, checksum-verified and `JSON.parse`d, then in one
 *   interactive transaction: `deleteMany` (replace), one `createMany` per model in the plan's
 *   order, one `update` per cycle-closing key, one `update … connect` per product for its
 *   suppliers, sequences moved on PostgreSQL.
 */
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import { codecs } from "../../generated/backup/codecs/index.ts";
import type { AnyPrismaClient } from "../../scripts/lib/database-url.ts";
import { locateChecksum } from "../../runtime/format/checksum.ts";
import type { ModelSpec } from "../../runtime/schema.ts";
import { toDbValue, toFileValue } from "../../runtime/values.ts";
import type { BenchProvider } from "./databases.ts";
import { documentText, entryId, layout, metadataOf, modelOf, schema, selected, type FileRecord } from "./document.ts";

type Row = Record<string, unknown>;
// biome-ignore lint: delegates are reached by name, as the runtime does.
type Delegate = { findMany(args?: object): Promise<Row[]>; createMany(args: object): Promise<unknown>; deleteMany(args?: object): Promise<unknown>; update(args: object): Promise<unknown>; updateMany(args: object): Promise<unknown> };
type Client = Record<string, unknown> & {
  $transaction<T>(run: (tx: Record<string, unknown> & { $queryRawUnsafe(sql: string, ...values: unknown[]): Promise<unknown> }) => Promise<T>, options?: object): Promise<T>;
};

const delegate = (client: Record<string, unknown>, model: ModelSpec) => client[model.delegate] as Delegate;
const codecOf = (name: string) => (codecs as Record<string, { toRecord(row: Row): FileRecord; fromRecord(record: FileRecord): Row }>)[name]!;
const orderById = (model: ModelSpec) => model.id.map((field) => ({ [field]: "asc" }));
const keyOf = (values: unknown[]) => values.map(String).join("\u0000");

export async function naiveExport(prisma: AnyPrismaClient, provider: BenchProvider, file: string, now = new Date()): Promise<{ records: number; jsonBytes: number }> {
  const client = prisma as unknown as Record<string, unknown>;
  const rows = new Map<string, Row[]>();
  for (const name of schema.plan.order) {
    if (!selected.has(name)) continue;
    const model = modelOf(name);
    const select = Object.fromEntries(model.fields.map((field) => [field.name, true]));
    rows.set(name, await delegate(client, model).findMany({ select, orderBy: orderById(model) }));
  }
  const linked = new Map<string, Map<string, unknown[]>>();
  for (const link of Object.values(schema.links)) {
    const other = link.ownerColumn === "A" ? "B" : "A";
    const kind = modelOf(link.target).fields.find((field) => field.name === modelOf(link.target).id[0])!.kind;
    const byOwner = new Map<string, unknown[]>();
    const pairs = await prisma.$queryRawUnsafe<{ owner: unknown; other: unknown }[]>(`SELECT "${link.ownerColumn}" AS owner, "${other}" AS other FROM "${link.table}" ORDER BY 1, 2`);
    for (const pair of pairs) {
      const key = String(pair.owner);
      const list = byOwner.get(key) ?? [];
      list.push(toFileValue(kind, pair.other));
      byOwner.set(key, list);
    }
    linked.set(link.name, byOwner);
  }

  const records = new Map<string, FileRecord[]>();
  for (const [name, list] of rows) {
    const model = modelOf(name);
    records.set(
      name,
      list.map((row) => {
        const record = codecOf(name).toRecord(row);
        for (const linkName of model.links) {
          record[schema.links[linkName]!.field] = linked.get(linkName)?.get(String(row[model.id[0]!])) ?? [];
        }
        return record;
      }),
    );
  }
  // Children under their parents (records are shared objects: the order of placing does not matter).
  for (const name of schema.plan.order) {
    for (const child of layout.childrenOf(name)) {
      const byParent = new Map<string, FileRecord[]>();
      rows.get(child.model)!.forEach((row, i) => {
        const key = keyOf(child.relation.fields.map((field) => row[field]));
        const list = byParent.get(key);
        if (list) list.push(records.get(child.model)![i]!);
        else byParent.set(key, [records.get(child.model)![i]!]);
      });
      rows.get(name)!.forEach((row, i) => {
        records.get(name)![i]![child.key] = byParent.get(keyOf(child.relation.references.map((field) => row[field]))) ?? [];
      });
    }
  }
  const entries = new Map<string, FileRecord[] | FileRecord | null>();
  for (const list of Object.values(layout.sections)) {
    for (const entry of list) {
      const model = modelOf(entry.model);
      const all = records.get(entry.model)!;
      if (model.single) entries.set(entryId(entry), all[0] ?? null);
      else if (entry.kind === "orphans") {
        const fields = layout.parentRelationOf(model.name)!.fields;
        entries.set(entryId(entry), all.filter((_, i) => fields.every((field) => rows.get(entry.model)![i]![field] === null)));
      } else entries.set(entryId(entry), all);
    }
  }
  const counts = Object.fromEntries([...rows].map(([name, list]) => [name, list.length]));
  const text = documentText(metadataOf(provider, counts, now), entries);
  const bytes = Buffer.from(text, "utf8");
  await writeFile(file, await promisify(gzip)(bytes));
  return { records: [...rows.values()].reduce((sum, list) => sum + list.length, 0), jsonBytes: bytes.length };
}

export async function naiveImport(prisma: AnyPrismaClient, provider: BenchProvider, file: string): Promise<{ records: number; jsonBytes: number }> {
  const text = await promisify(gunzip)(await readFile(file));
  const located = locateChecksum(text);
  if (!located || createHash("sha256").update(text.subarray(0, located.coveredLength)).digest("hex") !== located.expected) throw new Error("Checksum mismatch");
  const document = JSON.parse(text.toString("utf8")) as Record<string, Record<string, unknown>>;

  const data = new Map<string, Row[]>(schema.plan.order.map((name) => [name, []]));
  const deferred = new Map<string, { where: Row; data: Row }[]>();
  const connects: { model: ModelSpec; field: string; targetId: string; where: Row; ids: unknown[]; keep: Row }[] = [];
  const collect = (model: ModelSpec, record: FileRecord, parent: FileRecord | null | undefined) => {
    const row: Row = { ...codecOf(model.name).fromRecord(record) };
    const relation = parent === undefined ? undefined : layout.parentRelationOf(model.name);
    relation?.fields.forEach((field, i) => {
      row[field] = parent ? parent[relation.references[i]!] : null;
    });
    for (const omitted of model.omitted) {
      if (omitted.fallback !== undefined && !omitted.hasDefault) row[omitted.name] = toDbValue(omitted.kind, omitted.fallback);
    }
    // Prisma stamps @updatedAt on every update unless the data sets it: keep the file's.
    const keep = model.updatedAt ? { [model.updatedAt]: row[model.updatedAt] } : {};
    for (const field of model.relations.filter((r) => r.deferred).flatMap((r) => r.fields)) {
      if (row[field] !== null && row[field] !== undefined) {
        const list = deferred.get(model.name) ?? [];
        list.push({ where: Object.fromEntries(model.id.map((id) => [id, row[id]])), data: { [field]: row[field], ...keep } });
        deferred.set(model.name, list);
      }
      delete row[field];
    }
    data.get(model.name)!.push(row);
    for (const linkName of model.links) {
      const link = schema.links[linkName]!;
      const ids = record[link.field] as unknown[];
      if (ids.length > 0) connects.push({ model, field: link.field, targetId: modelOf(link.target).id[0]!, where: { [model.id[0]!]: row[model.id[0]!] }, ids, keep });
    }
    for (const child of layout.childrenOf(model.name)) {
      for (const childRecord of (record[child.key] as FileRecord[] | undefined) ?? []) collect(modelOf(child.model), childRecord, record);
    }
  };
  for (const [section, list] of Object.entries(layout.sections)) {
    for (const entry of list) {
      const value = document[section]?.[entry.key];
      const model = modelOf(entry.model);
      if (model.single) {
        if (value) collect(model, value as FileRecord, undefined);
      } else for (const record of (value as FileRecord[] | undefined) ?? []) collect(model, record, entry.kind === "orphans" ? null : undefined);
    }
  }

  await (prisma as unknown as Client).$transaction(
    async (tx) => {
      for (const name of schema.plan.order) {
        const model = modelOf(name);
        for (const field of model.relations.filter((r) => r.deferred).flatMap((r) => r.fields)) {
          await delegate(tx, model).updateMany({ where: { [field]: { not: null } }, data: { [field]: null } });
        }
      }
      for (const name of [...schema.plan.order].reverse()) await delegate(tx, modelOf(name)).deleteMany();
      for (const [name, rows] of data) if (rows.length > 0) await delegate(tx, modelOf(name)).createMany({ data: rows });
      for (const [name, updates] of deferred) for (const update of updates) await delegate(tx, modelOf(name)).update(update);
      for (const { model, field, targetId, where, ids, keep } of connects) {
        await delegate(tx, model).update({ where, data: { [field]: { connect: ids.map((id) => ({ [targetId]: id })) }, ...keep } });
      }
      if (provider === "postgresql") {
        for (const name of schema.plan.order) {
          const model = modelOf(name);
          for (const field of model.fields.filter((f) => f.autoincrement)) {
            await tx.$queryRawUnsafe(`SELECT setval(pg_get_serial_sequence('"${model.table}"', '${field.column}'), COALESCE((SELECT MAX("${field.column}") FROM "${model.table}"), 0) + 1, false)`);
          }
        }
      }
    },
    { timeout: 24 * 3_600_000, maxWait: 60_000 },
  );
  return { records: [...data.values()].reduce((sum, rows) => sum + rows.length, 0), jsonBytes: text.length };
}

/**
 * Writes the backup document as text, model by model, inside one read transaction.
 *
 * Layout (docs/FORMAT.md): metadata first, then the `company` and `data` sections, one record a
 * line, nested records inside their parent's line, and the checksum trailer last (the caller
 * appends it, since it hashes what this writes). Records are in primary-key order, so the
 * output depends only on the database's content and the clock.
 */
import type { BackupDefinition } from "../backup.ts";
import type { Dialect, Queries } from "../database.ts";
import type { FileRecord, Row } from "../codec.ts";
import { layoutOf, modelsInModules, SECTIONS, type ChildEntry, type Layout, type SectionEntry } from "../layout.ts";
import type { BackupMetadata, ExportOptions } from "../options.ts";
import { rowReader, tupleKey, type RowFilter, type RowReader } from "../rows.ts";
import type { ModelSpec } from "../schema.ts";
import { FORMAT_NAME, FORMAT_VERSION } from "../format/version.ts";
import { toFileValue } from "../values.ts";
import { idFieldOf, readLinks } from "./links.ts";
import { textDialectOf } from "./record-sql.ts";
import { TextReader } from "./text-reader.ts";

export const DEFAULT_PAGE_SIZE = 2_000;

export interface WriteContext {
  readonly definition: BackupDefinition;
  readonly queries: Queries;
  readonly dialect: Dialect;
  readonly options: ExportOptions;
  /** Appends text to the document; resolves when there is room for more. */
  readonly emit: (text: string) => Promise<void>;
  /**
   * Let the database write the records' text where it can (default true); false converts every
   * row with the codecs, the path the database-written text is checked against.
   */
  readonly recordsAsText?: boolean;
}

export async function writeDocument(context: WriteContext): Promise<BackupMetadata> {
  const { definition, options, emit } = context;
  const selected = modelsInModules(definition.schema, options.modules);
  const layout = layoutOf(definition.schema, selected);
  const reader = rowReader(context.queries, context.dialect);
  const metadata = await metadataOf(context, reader, selected);
  const progress = { done: 0, total: metadata.total_records };
  const writer: ModelWriter = { ...context, reader, layout, selected, progress, textReader: await textReaderOf(context, layout, selected) };

  await emit(`{"metadata":${JSON.stringify(metadata)}`);
  for (const section of SECTIONS) {
    await emit(`,\n${JSON.stringify(section)}:{`);
    const entries = layout.sections[section];
    for (const [index, entry] of entries.entries()) {
      await emit(`${index === 0 ? "" : ","}\n${JSON.stringify(entry.key)}:`);
      await writeEntry(writer, entry);
    }
    await emit("}");
  }
  options.onProgress?.({ phase: "done", done: progress.total, total: progress.total });
  return metadata;
}

async function metadataOf(context: WriteContext, reader: RowReader, selected: ReadonlySet<string>): Promise<BackupMetadata> {
  const { definition, options } = context;
  const counts: Record<string, number> = {};
  const fields: Record<string, string[]> = {};
  for (const name of definition.schema.plan.order) {
    const model = definition.schema.models[name];
    if (!model || !selected.has(name)) continue;
    counts[name] = await reader.count(model);
    fields[name] = model.fields.map((field) => field.name);
  }
  const modules = [...new Set([...selected].map((name) => definition.schema.models[name]!.module))].sort();
  return {
    format: FORMAT_NAME,
    version: FORMAT_VERSION,
    exported_at: (options.now?.() ?? new Date()).toISOString(),
    app_version: options.appVersion ?? null,
    provider: context.dialect.provider,
    schema_fingerprint: definition.schema.fingerprint,
    modules,
    compressed: options.compress ?? true,
    total_records: Object.values(counts).reduce((sum, count) => sum + count, 0),
    counts,
    fields,
  };
}

interface ModelWriter extends WriteContext {
  readonly reader: RowReader;
  readonly layout: Layout;
  readonly selected: ReadonlySet<string>;
  readonly progress: { done: number; total: number };
  /** Records written as text by the database, when it can (else the codecs convert rows). */
  readonly textReader: TextReader | undefined;
}

/** The database-written records of a SQL database that can write them, inside this transaction. */
async function textReaderOf(context: WriteContext, layout: Layout, selected: ReadonlySet<string>): Promise<TextReader | undefined> {
  const text = context.dialect.bulk && context.recordsAsText !== false ? textDialectOf(context.dialect) : undefined;
  if (!text) return undefined;
  if (text.provider === "postgresql") {
    // trim_scale and numeric infinities need PostgreSQL 14; timestamps are written in UTC; a
    // page of records is sorted into text cells in memory rather than through temporary files.
    const [version] = await context.queries.$queryRawUnsafe<{ ok: boolean }[]>("SELECT current_setting('server_version_num')::int >= 140000 AS ok");
    if (!version?.ok) return undefined;
    await context.queries.$executeRawUnsafe("SET LOCAL TIME ZONE 'UTC'");
    await context.queries.$executeRawUnsafe("SET LOCAL work_mem = '32MB'");
  }
  return new TextReader(context.queries, { schema: context.definition.schema, dialect: context.dialect, text, layout, selected });
}

async function writeEntry(writer: ModelWriter, entry: SectionEntry): Promise<void> {
  const model = writer.definition.schema.models[entry.model]!;
  const filter: RowFilter = entry.kind === "orphans" ? { unset: writer.layout.parentRelationOf(model.name)!.fields } : {};
  const pageSize = writer.options.pageSize ?? DEFAULT_PAGE_SIZE;
  if (writer.textReader?.supports(model.name)) return writeTextEntry(writer, writer.textReader, model, filter, pageSize);

  if (model.single) {
    const first = await writer.reader.pages(model, filter, 1).next();
    const rows = first.done ? [] : first.value;
    const [record] = await recordsOf(writer, model, rows);
    await writer.emit(record ? JSON.stringify(record) : "null");
    return;
  }
  let count = 0;
  await writer.emit("[");
  for await (const rows of writer.reader.pages(model, filter, pageSize)) {
    let text = "";
    for (const record of await recordsOf(writer, model, rows)) text += `${count++ === 0 ? "" : ","}\n${JSON.stringify(record)}`;
    await writer.emit(text);
  }
  await writer.emit(count === 0 ? "]" : "\n]");
}

/** The same entry, its records written as text by the database. */
async function writeTextEntry(writer: ModelWriter, reader: TextReader, model: ModelSpec, filter: RowFilter, pageSize: number): Promise<void> {
  if (model.single) {
    const first = await reader.pages(model, filter, 1).next();
    await writer.emit(first.done ? "null" : first.value[0]!.text);
    reportRecords(writer, model, first.done ? 0 : 1);
    return;
  }
  let count = 0;
  await writer.emit("[");
  for await (const texts of reader.pages(model, filter, pageSize)) {
    const records = texts.reduce((sum, texts) => sum + texts.count, 0);
    // Each text is let go once written (the page holds none by the time the next is read).
    for (let next = texts.shift(); next; next = texts.shift()) {
      await writer.emit(count === 0 ? "\n" : ",\n");
      await writer.emit(next.text);
      count += next.count;
    }
    reportRecords(writer, model, records);
  }
  await writer.emit(count === 0 ? "]" : "\n]");
}

/**
 * Progress of database-written records counts the top-level records of each page (their nested
 * records arrive inside them, uncounted); the final report says every record was written.
 */
function reportRecords(writer: ModelWriter, model: ModelSpec, count: number): void {
  reportProgress(writer, model, count);
}

/** Rows → file records, with their links and nested children attached. */
async function recordsOf(writer: ModelWriter, model: ModelSpec, rows: Row[]): Promise<FileRecord[]> {
  const codec = writer.definition.codecs[model.name]!;
  const records = rows.map((row) => codec.toRecord(row));
  await attachLinks(writer, model, rows, records);
  for (const child of writer.layout.childrenOf(model.name)) await attachChildren(writer, child, rows, records);
  reportProgress(writer, model, rows.length);
  return records;
}

async function attachLinks(writer: ModelWriter, model: ModelSpec, rows: Row[], records: FileRecord[]): Promise<void> {
  for (const name of model.links) {
    const link = writer.definition.schema.links[name]!;
    if (!writer.selected.has(link.target)) continue;
    const idField = model.id[0]!;
    const targetId = idFieldOf(writer.definition.schema.models[link.target]!);
    const linked = await readLinks(writer.queries, writer.dialect, link, rows.map((row) => row[idField]));
    records.forEach((record, index) => {
      const ids = linked.get(String(rows[index]![idField])) ?? [];
      record[link.field] = ids.map((id) => toFileValue(targetId.kind, id));
    });
  }
}

async function attachChildren(writer: ModelWriter, child: ChildEntry, parents: Row[], records: FileRecord[]): Promise<void> {
  const model = writer.definition.schema.models[child.model]!;
  const { fields, references } = child.relation;
  const parentKeys = parents.map((parent) => references.map((field) => parent[field]));
  const rows = await writer.reader.whereAny(model, fields, parentKeys);
  const childRecords = await recordsOf(writer, model, rows);
  const byParent = new Map<string, FileRecord[]>();
  rows.forEach((row, index) => {
    const key = tupleKey(fields.map((field) => row[field]));
    const list = byParent.get(key) ?? [];
    list.push(childRecords[index]!);
    byParent.set(key, list);
  });
  records.forEach((record, index) => {
    record[child.key] = byParent.get(tupleKey(parentKeys[index]!)) ?? [];
  });
}

function reportProgress(writer: ModelWriter, model: ModelSpec, count: number): void {
  writer.progress.done += count;
  writer.options.onProgress?.({ phase: "export", model: model.name, done: writer.progress.done, total: writer.progress.total });
}

/**
 * The backup file format (docs/FORMAT.md) as the baselines write and read it, independently
 * of the runtime's export and import: the same text, piece by piece (metadata, sections, one
 * record a line, the checksum trailer), so the bench can assert byte-equality with ours.
 * Shared with the runtime: only the schema-derived layout and the checksum trailer's shape.
 */
import { createHash, type Hash } from "node:crypto";
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { open } from "node:fs/promises";
import { createGunzip, createGzip } from "node:zlib";
import { pipeline } from "node:stream/promises";
import { backupSchema } from "../../generated/backup/schema.ts";
import { checksumTrailer, locateChecksum } from "../../runtime/format/checksum.ts";
import { FORMAT_NAME, FORMAT_VERSION } from "../../runtime/format/version.ts";
import { layoutOf, modelsInModules, type Layout, type SectionEntry } from "../../runtime/layout.ts";
import type { BackupMetadata } from "../../runtime/options.ts";
import type { BackupSchema, ModelSpec } from "../../runtime/schema.ts";

export type FileRecord = Record<string, unknown>;

export const schema: BackupSchema = backupSchema;
export const selected: ReadonlySet<string> = modelsInModules(schema, undefined);
export const layout: Layout = layoutOf(schema, selected);

export function modelOf(name: string): ModelSpec {
  const model = schema.models[name];
  if (!model) throw new Error(`No model ${name} in the backup schema`);
  return model;
}

/** The metadata member, keys in the order the exporter writes them. */
export function metadataOf(provider: string, counts: Record<string, number>, exportedAt: Date): BackupMetadata {
  const ordered: Record<string, number> = {};
  const fields: Record<string, string[]> = {};
  for (const name of schema.plan.order) {
    if (!selected.has(name)) continue;
    ordered[name] = counts[name] ?? 0;
    fields[name] = modelOf(name).fields.map((field) => field.name);
  }
  return {
    format: FORMAT_NAME,
    version: FORMAT_VERSION,
    exported_at: exportedAt.toISOString(),
    app_version: null,
    provider,
    schema_fingerprint: schema.fingerprint,
    modules: [...new Set([...selected].map((name) => modelOf(name).module))].sort(),
    compressed: true,
    total_records: Object.values(ordered).reduce((sum, n) => sum + n, 0),
    counts: ordered,
    fields,
  };
}

/**
 * Writes the document's text in the exporter's layout, given each section entry's records.
 * `emit` receives the text in pieces (a page of records at a time, at most).
 */
export class DocumentText {
  private listed = 0;

  constructor(private readonly emit: (text: string) => void | Promise<void>) {}

  begin(metadata: BackupMetadata): void | Promise<void> {
    return this.emit(`{"metadata":${JSON.stringify(metadata)}`);
  }

  section(name: string): void | Promise<void> {
    return this.emit(`,\n${JSON.stringify(name)}:{`);
  }

  /** Opens entry `index` of the current section; a single model's record follows with `single`. */
  entry(index: number, key: string): void | Promise<void> {
    return this.emit(`${index === 0 ? "" : ","}\n${JSON.stringify(key)}:`);
  }

  single(record: FileRecord | null): void | Promise<void> {
    return this.emit(record ? JSON.stringify(record) : "null");
  }

  listStart(): void | Promise<void> {
    this.listed = 0;
    return this.emit("[");
  }

  /** One page of records: one line each. */
  records(records: readonly FileRecord[]): void | Promise<void> {
    if (records.length === 0) return;
    let text = "";
    for (const record of records) text += `${this.listed++ === 0 ? "" : ","}\n${JSON.stringify(record)}`;
    return this.emit(text);
  }

  listEnd(): void | Promise<void> {
    return this.emit(this.listed === 0 ? "]" : "\n]");
  }

  sectionEnd(): void | Promise<void> {
    return this.emit("}");
  }
}

/** A whole document in memory (naive exporter, merge file): entry `section.key` → its records. */
export function documentText(metadata: BackupMetadata, entries: ReadonlyMap<string, FileRecord[] | FileRecord | null>): string {
  const parts: string[] = [];
  const text = new DocumentText((piece) => void parts.push(piece));
  void text.begin(metadata);
  for (const [section, sectionEntries] of Object.entries(layout.sections)) {
    void text.section(section);
    sectionEntries.forEach((entry, index) => {
      void text.entry(index, entry.key);
      const value = entries.get(entryId(entry)) ?? (modelOf(entry.model).single ? null : []);
      if (!Array.isArray(value)) {
        void text.single(value as FileRecord | null);
        return;
      }
      void text.listStart();
      void text.records(value);
      void text.listEnd();
    });
    void text.sectionEnd();
  }
  const body = parts.join("");
  return body + checksumTrailer(createHash("sha256").update(body).digest("hex"));
}

export function entryId(entry: SectionEntry): string {
  return `${entry.section}.${entry.key}`;
}

/**
 * Streams text to a gzip'd file, hashing the UTF-8 bytes as they go (node:zlib, default level,
 * like CompressionStream), with backpressure; `finish` appends the checksum trailer.
 */
export class GzipFileSink {
  private readonly hash: Hash = createHash("sha256");
  private readonly gzip = createGzip();
  private readonly done: Promise<void>;
  private pending = "";
  private jsonBytes = 0;

  constructor(file: string) {
    this.done = pipeline(this.gzip, createWriteStream(file));
    this.done.catch(() => {});
  }

  write(text: string): void | Promise<void> {
    this.pending += text;
    if (this.pending.length >= 64 * 1024) return this.flush();
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const bytes = Buffer.from(this.pending, "utf8");
    this.pending = "";
    this.hash.update(bytes);
    await this.push(bytes);
  }

  private async push(bytes: Buffer): Promise<void> {
    this.jsonBytes += bytes.length;
    if (!this.gzip.write(bytes)) await once(this.gzip, "drain");
  }

  async finish(): Promise<{ jsonBytes: number; checksum: string }> {
    await this.flush();
    const checksum = this.hash.digest("hex");
    await this.push(Buffer.from(checksumTrailer(checksum), "utf8"));
    this.gzip.end();
    await this.done;
    return { jsonBytes: this.jsonBytes, checksum };
  }
}

/** The uncompressed size a gzip file records in its last four bytes (exact below 4 GiB). */
export async function gzipContentSize(file: string): Promise<number> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    const tail = Buffer.alloc(4);
    await handle.read(tail, 0, 4, size - 4);
    return tail.readUInt32LE(0);
  } finally {
    await handle.close();
  }
}

/** The metadata member, from the first line of a gzip'd document (read no further). */
export async function readMetadata(file: string): Promise<BackupMetadata> {
  const decoder = new TextDecoder();
  const stream = createReadStream(file).pipe(createGunzip());
  let text = "";
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      text += decoder.decode(chunk, { stream: true });
      if (text.includes("\n")) break;
    }
  } finally {
    stream.destroy();
  }
  const line = text.slice(0, text.indexOf("\n"));
  return JSON.parse(line.slice('{"metadata":'.length, line.endsWith(",") ? -1 : undefined)) as BackupMetadata;
}

/** The bytes of the trailer window are held back from the hash until the end shows where it starts. */
const HELD_BACK = 256;

export interface LineReadResult {
  readonly jsonBytes: number;
  readonly checksumOk: boolean;
  readonly expected?: string;
  readonly actual: string;
}

/**
 * Reads a gzip'd document line by line (the writer puts one record a line) while hashing the
 * bytes the checksum covers. `onLine` may return a promise to slow the reader down.
 */
export async function readLines(file: string, onLine: (line: string) => void | Promise<void>): Promise<LineReadResult> {
  const hash = createHash("sha256");
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let held = Buffer.alloc(0);
  let rest = "";
  let jsonBytes = 0;
  for await (const chunk of createReadStream(file).pipe(createGunzip()) as AsyncIterable<Buffer>) {
    jsonBytes += chunk.length;
    const joined = held.length === 0 ? chunk : Buffer.concat([held, chunk]);
    const cut = Math.max(0, joined.length - HELD_BACK);
    hash.update(joined.subarray(0, cut));
    held = Buffer.from(joined.subarray(cut));
    const text = rest + decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", start)) {
      const pending = onLine(text.slice(start, end));
      if (pending) await pending;
      start = end + 1;
    }
    rest = text.slice(start);
  }
  rest += decoder.decode();
  if (rest.length > 0) {
    const pending = onLine(rest);
    if (pending) await pending;
  }
  const located = locateChecksum(held);
  hash.update(held.subarray(0, located?.coveredLength ?? held.length));
  const actual = hash.digest("hex");
  return { jsonBytes, checksumOk: located !== undefined && located.expected === actual, ...(located ? { expected: located.expected } : {}), actual };
}

/**
 * Reads a document in the exporter's line layout and hands over each top-level record with
 * its section entry (nested records stay inside their parent). Lines it does not expect are
 * an error: the raw importer reads the canonical layout only.
 *
 *     {"metadata":{…},            "users":[           ]},
 *     "company":{                 {…record…},         "data":{
 *     "settings":{…},             {…record…}          …  ]},  "checksum":"…"}
 */
export class LineParser {
  private section: string | undefined;
  private list: SectionEntry | undefined;
  metadata: BackupMetadata | undefined;
  ended = false;

  constructor(private readonly onRecord: (entry: SectionEntry, record: FileRecord) => void | Promise<void>) {}

  readonly line = (line: string): void | Promise<void> => {
    if (this.list) {
      if (line.charCodeAt(0) === 0x7b /* { */) return this.onRecord(this.list, JSON.parse(line.endsWith(",") ? line.slice(0, -1) : line) as FileRecord);
      if (line.startsWith("]")) {
        this.list = undefined;
        if (line.startsWith("]}")) this.section = undefined;
        return;
      }
    } else if (this.section === undefined) {
      if (line.startsWith('{"metadata":')) {
        this.metadata = JSON.parse(line.slice('{"metadata":'.length, line.endsWith(",") ? -1 : undefined)) as BackupMetadata;
        return;
      }
      if (line.startsWith('"checksum"')) {
        this.ended = true;
        return;
      }
      if (line.endsWith(":{")) {
        this.section = JSON.parse(line.slice(0, -2)) as string;
        return;
      }
    } else {
      const entries = layout.sections[this.section as keyof Layout["sections"]];
      const colon = line.indexOf('":');
      const key = colon > 0 ? (JSON.parse(line.slice(0, colon + 1)) as string) : undefined;
      const entry = entries.find((candidate) => candidate.key === key);
      let value = line.slice(colon + 2, line.endsWith(",") ? -1 : undefined);
      if (entry && value === "[") {
        this.list = entry;
        return;
      }
      if (entry && entry === entries[entries.length - 1] && value.endsWith("}")) {
        value = value.slice(0, -1); // the section closes on this line
        this.section = undefined;
      }
      if (entry && value === "[]") return;
      if (entry && modelOf(entry.model).single) {
        if (value !== "null") return this.onRecord(entry, JSON.parse(value) as FileRecord);
        return;
      }
    }
    throw new Error(`Unexpected line in the backup file: ${line.slice(0, 120)}`);
  };
}

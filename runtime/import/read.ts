/**
 * The first reading of a file, before anything is written: the bytes are inflated, hashed and
 * parsed as they stream, every record is validated and every reference checked, keeping only
 * the keys the checks need. A file in the canonical layout is read line by line; any other is
 * read again as one document (bounded by the size limit). What comes out is a source that walks
 * the records again for the analysis and the write.
 */
import type { BackupDefinition } from "../backup.ts";
import type { Dialect, Queries } from "../database.ts";
import { nodePrimitives, nodeStreamPrimitives } from "../format/node-primitives.ts";
import { openBackup } from "../format/open.ts";
import { readText } from "../format/stream.ts";
import { layoutOf, type Layout } from "../layout.ts";
import type { BackupMetadata, ImportOptions, Problem } from "../options.ts";
import { RecordReader, coverageOf } from "./collect.ts";
import { rowReader } from "../rows.ts";
import { KeySet } from "./key-set.ts";
import { CanonicalLines } from "./lines.ts";
import { ReferenceCheck, type Forward } from "./references.ts";
import { documentSource, lineSource, type RecordSource, type RecordVisitor } from "./source.ts";

export interface ReadFile {
  /** `lines`: streamed in the canonical layout; `document`: any other layout, parsed whole. */
  readonly reading: "lines" | "document";
  readonly compressed: boolean;
  /** The file's verified SHA-256. */
  readonly checksum: string;
  readonly metadata: BackupMetadata;
  readonly covered: ReadonlySet<string>;
  readonly layout: Layout;
  /** Walks the (valid) records again, in file order. */
  readonly source: RecordSource;
  /**
   * Replace mode: per model, the ids the file holds (the others are deleted). A nested model
   * whose table was empty when the file was read may be missing: its ids were checked among
   * siblings only (see `RecordReader`), there being no rows to compare them with.
   */
  readonly ids: ReadonlyMap<string, KeySet>;
  readonly forward: Forward;
  /** Valid records per model. */
  readonly counts: Readonly<Record<string, number>>;
}

export type ReadOutcome =
  | { readonly ok: true; readonly file: ReadFile; readonly warnings: Problem[] }
  | { readonly ok: false; readonly problems: Problem[]; readonly warnings: Problem[]; readonly metadata?: BackupMetadata };

export interface ReadOptions {
  readonly mode: "merge" | "replace";
  readonly maxBytes: number;
  /** Where references to records outside the file are looked up; without it they are not checked. */
  readonly database?: { readonly queries: Queries; readonly dialect: Dialect };
  readonly onProgress?: ImportOptions["onProgress"];
}

/** Validation progress is reported every this many top-level records. */
const PROGRESS_EVERY = 5_000;

/** A reading in progress: the checks, created once the metadata is known. */
interface Checks {
  readonly metadata: BackupMetadata;
  readonly covered: Set<string>;
  readonly layout: Layout;
  readonly reader: RecordReader;
  readonly references: ReferenceCheck;
}

export async function readBackup(definition: BackupDefinition, bytes: Uint8Array, options: ReadOptions): Promise<ReadOutcome> {
  const { schema } = definition;
  const keepIds = options.mode === "replace" ? await nestedModelsWithRows(definition, options.database) : new Set<string>();
  let warnings: Problem[] = [];
  const checksFor = (metadata: BackupMetadata): Checks => {
    warnings = [];
    const covered = coverageOf(definition, metadata, warnings);
    const layout = layoutOf(schema, covered);
    const ids = new Map([...covered].map((name) => [name, new KeySet()]));
    const references = new ReferenceCheck(definition, covered, options.mode, ids);
    const reader = new RecordReader(definition, layout, covered, metadata.counts, warnings, references, { ids, keepIds });
    return { metadata, covered, layout, reader, references };
  };

  let checks: Checks | undefined;
  let read = 0;
  const visitor: RecordVisitor = {
    record: (entry, raw, path) => {
      const { reader, metadata } = checks!;
      if (++read % PROGRESS_EVERY === 0 && options.onProgress) {
        let done = 0;
        for (const count of reader.seen.values()) done += count; // nested records included
        options.onProgress({ phase: "validate", model: entry.model, done, total: metadata.total_records });
      }
      return reader.record(entry, raw, path);
    },
    entryEnd: () => undefined,
    problem: (found) => checks!.reader.problem(found),
  };
  const lines = new CanonicalLines(
    (metadata) => {
      checks = checksFor(metadata);
      return checks.layout;
    },
    schema.models,
    visitor,
  );
  const verdict = await readText(bytes, nodeStreamPrimitives, options.maxBytes, (text) => lines.push(text));
  if (verdict.problem) return { ok: false, problems: [verdict.problem], warnings: [] };
  const outcome = lines.end();
  if (outcome.kind === "invalid_metadata") return { ok: false, problems: [outcome.problem], warnings: [] };

  let source: RecordSource;
  let { compressed, checksum } = verdict as Required<typeof verdict>;
  if (outcome.kind === "canonical") {
    source = lineSource(bytes, nodeStreamPrimitives, options.maxBytes, checks!.layout, schema.models);
  } else {
    // Not the canonical layout: read the file as one document, with fresh checks.
    const opened = await openBackup(bytes, nodePrimitives, options.maxBytes);
    if (!opened.ok) return { ok: false, problems: opened.problems, warnings: [] };
    ({ compressed } = opened);
    checksum = opened.document.checksum;
    checks = checksFor(opened.document.metadata);
    source = documentSource(opened.document, checks.layout, schema.models);
    await source.walk(checks.reader);
  }

  const { metadata, covered, layout, reader, references } = checks!;
  reader.finish();
  if (reader.errors.length > 0) return { ok: false, problems: reader.errors, warnings, metadata };
  const { errors, forward } = await references.finish(options.database);
  if (errors.length > 0) return { ok: false, problems: errors, warnings, metadata };
  const reading = outcome.kind === "canonical" ? "lines" : "document";
  const ids = options.mode === "replace" ? new Map([...reader.ids].filter(([name]) => !reader.partialIds.has(name))) : new Map();
  return { ok: true, file: { reading, compressed, checksum, metadata, covered, layout, source, ids, forward, counts: Object.fromEntries(reader.seen) }, warnings };
}

/**
 * Nested models whose table holds rows: a replace compares them with the file's ids, which the
 * reading then keeps whole (for the others a check among siblings is enough).
 */
async function nestedModelsWithRows(definition: BackupDefinition, database: ReadOptions["database"]): Promise<Set<string>> {
  const withRows = new Set<string>();
  if (!database) return withRows;
  const reader = rowReader(database.queries, database.dialect);
  for (const model of Object.values(definition.schema.models)) {
    if (model.nest && (await reader.count(model)) > 0) withRows.add(model.name);
  }
  return withRows;
}

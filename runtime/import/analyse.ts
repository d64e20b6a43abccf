/**
 * Analysis: compares the file's records with the database, model by model in plan order, and
 * decides every write before any is made: create, update (merged field by field), skip,
 * delete (replace mode), the second-phase foreign keys that close cycles, and the links.
 * Natural keys map incoming ids to existing records; references are rewritten through the
 * mapping before the next model is analysed, which is why the order is the plan's.
 */
import type { BackupDefinition } from "../backup.ts";
import type { FileRecord, Row } from "../codec.ts";
import type { Dialect, Queries } from "../database.ts";
import { readLinks } from "../export/links.ts";
import { recordIdOf } from "../layout.ts";
import type { Conflict, IdMapping, ImportOptions, ModelCounts } from "../options.ts";
import { rowReader, tupleKey, whereId, type RowReader } from "../rows.ts";
import type { ModelSpec } from "../schema.ts";
import { toDbValue, toFileValue } from "../values.ts";
import { Incoming, type IncomingLink } from "./incoming.ts";
import { mergeRecord } from "./merge.ts";
import { BackupError, clipped, problem } from "../problems.ts";

export interface Update {
  readonly where: object;
  readonly data: Row;
  readonly path: string;
  readonly recordId: string;
}

/** A record to create, in file form (references rewritten, a nested record's parent key filled in). */
export interface Create {
  readonly record: FileRecord;
  readonly path: string;
  readonly recordId: string;
}

export interface ModelWrites {
  readonly model: ModelSpec;
  /** Records to create, in an order that keeps self-references valid. */
  readonly creates: Create[];
  /** Fields the creates leave unset: deferred keys, set in the second phase (`deferred`). */
  readonly later: ReadonlySet<string>;
  readonly updates: Update[];
  /** Replace mode: rows the file does not hold, by primary key. */
  readonly deletes: object[];
  /** Second phase: deferred foreign keys. */
  readonly deferred: Update[];
}

export interface LinkWrites {
  readonly name: string;
  readonly insert: [unknown, unknown][];
  /** Replace mode: remove every existing pair first. */
  readonly clear: boolean;
  readonly counts: { inFile: number; created: number; deleted: number };
}

interface Context {
  readonly definition: BackupDefinition;
  readonly queries: Queries;
  readonly dialect: Dialect;
  readonly options: ImportOptions;
  readonly replace: boolean;
  readonly reader: RowReader;
  /** Per model: file id text → the existing record's id values (file form). */
  readonly mappings: Map<string, Map<string, FileRecord>>;
  /** Relations (`Model.relation`) set in the second phase, with the cycle-closing ones. */
  readonly late: ReadonlySet<string>;
}

/** What the analysis has found so far: the report's figures. */
export interface Findings {
  readonly counts: Record<string, ModelCounts>;
  readonly conflicts: Conflict[];
  resolved: number;
  readonly idMappings: IdMapping[];
  readonly links: Record<string, LinkWrites["counts"]>;
}

/**
 * The analysis of a file's records batch by batch, in file order, each model's batches in plan
 * order: what it learns from one batch (records mapped to existing ones by natural key) serves
 * the next. Deciding a batch needs only the database and what came before it, so a batch can
 * be written before the next is read.
 */
export class Analyser {
  readonly findings: Findings = { counts: {}, conflicts: [], resolved: 0, idMappings: [], links: {} };
  private readonly context: Context;
  private readonly batches = new Map<string, Batch>();

  constructor(definition: BackupDefinition, queries: Queries, dialect: Dialect, options: ImportOptions, late: ReadonlySet<string> = new Set()) {
    this.context = { definition, queries, dialect, options, replace: options.mode === "replace", reader: rowReader(queries, dialect), mappings: new Map(), late };
  }

  /** Before the first batch: which tables are empty (the common case of a restore: no look-ups). */
  async start(covered: ReadonlySet<string>, inFile: Readonly<Record<string, number>>): Promise<void> {
    for (const name of this.context.definition.schema.plan.order) {
      if (!covered.has(name)) continue;
      const model = this.context.definition.schema.models[name]!;
      const counts: ModelCounts = { inFile: inFile[name] ?? 0, created: 0, updated: 0, skipped: 0, deleted: 0, conflicts: 0 };
      this.findings.counts[name] = counts;
      const empty = (await this.context.reader.count(model)) === 0;
      const mapping = new Map<string, FileRecord>();
      this.context.mappings.set(name, mapping);
      this.batches.set(name, { model, counts, findings: this.findings, empty, mapping });
    }
  }

  /** Decides the writes of some records of one model (any number, in file order). */
  async batch(model: ModelSpec, entries: readonly Incoming[]): Promise<ModelWrites> {
    const batch = this.batches.get(model.name)!;
    const writes: ModelWrites = { model, creates: [], later: laterFields(this.context, model), updates: [], deletes: [], deferred: [] };
    // A self-referencing model goes generation by generation, so that a record's parent is mapped
    // (to an existing record recognised by its natural key) before the record is looked up.
    for (const generation of generations(this.context, model, entries)) await analyseBatch(this.context, batch, writes, generation);
    return writes;
  }

  /**
   * Replace mode: the existing rows whose id the file does not hold, by primary key. Without
   * `inFile` (the table was empty when the file was read, so its ids were not kept) the table
   * must still be empty.
   */
  async deletions(model: ModelSpec, inFile: ((record: FileRecord) => boolean) | undefined): Promise<object[]> {
    const batch = this.batches.get(model.name)!;
    const deletes: object[] = [];
    if (!batch.empty) {
      if (!inFile) throw new BackupError([problem("database_error", `${model.name} records were added to the database while the file was being checked, so the replace could not compare them with the file; nothing was written. Run the import again.`, { model: model.name })]);
      for await (const rows of this.context.reader.pages(model, {}, 5_000)) {
        for (const row of rows) if (!inFile(toFileRecord(model, row))) deletes.push(whereId(model, row));
      }
    }
    batch.counts.deleted = deletes.length;
    return deletes;
  }

  /** The pairs of a many-to-many link to insert (all of them in replace mode, which clears the table first). */
  async links(name: string, pairs: readonly IncomingLink[]): Promise<LinkWrites> {
    const writes = await analyseLink(this.context, name, pairs);
    this.findings.links[name] = writes.counts;
    return writes;
  }
}

interface Batch {
  readonly model: ModelSpec;
  readonly counts: ModelCounts;
  readonly findings: Findings;
  readonly empty: boolean;
  /** File id text → the existing record's id values (file form). */
  readonly mapping: Map<string, FileRecord>;
}

/** The fields of a model set in the second phase: cycle-closing keys and references to later records. */
function laterFields(context: Context, model: ModelSpec): ReadonlySet<string> {
  return new Set(model.relations.filter((r) => r.deferred || context.late.has(`${model.name}.${r.name}`)).flatMap((r) => r.fields));
}

async function analyseBatch(context: Context, batch: Batch, writes: ModelWrites, entries: readonly Incoming[]): Promise<void> {
  const { model, counts, findings, empty, mapping } = batch;
  const deferredFields = writes.later;
  const records = entries.map((entry) => rewriteReferences(context, model, entry.record));
  // An empty table (a restore's common case) has nothing to look up: every record is created.
  const existingOf = empty ? () => undefined : await existingRecords(context, model, records);

  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    const record = records[i]!;
    const existing = existingOf(record);
    if (!existing) {
      // The entry itself, unless its references were rewritten: its id is worked out only if a write fails.
      writes.creates.push(record === entry.record ? entry : new Incoming(model, entry.path, record));
      const deferred = deferredData(model, record, deferredFields);
      if (deferred) writes.deferred.push({ where: whereId(model, toDbRow(model, record)), data: deferred, path: entry.path, recordId: entry.recordId });
      counts.created++;
      continue;
    }
    const existingFile = toFileRecord(model, existing);
    const existingId = recordIdOf(model, existingFile);
    if (existingId !== recordIdOf(model, record)) {
      mapping.set(entry.recordId, Object.fromEntries(model.id.map((f) => [f, existingFile[f]])));
      findings.idMappings.push({ model: model.name, from: entry.recordId, to: existingId });
    }
    const outcome = mergeRecord({
      model,
      existing: existingFile,
      incoming: record,
      recordId: entry.recordId,
      path: entry.path,
      resolutions: context.options.resolutions,
      skip: new Set(model.id),
      takeIncoming: context.replace,
    });
    findings.conflicts.push(...outcome.conflicts);
    findings.resolved += outcome.resolved;
    counts.conflicts += outcome.conflicts.length;
    const changed = Object.keys(outcome.changes);
    const now = changed.filter((field) => !deferredFields.has(field));
    const later = changed.filter((field) => deferredFields.has(field));
    const where = whereId(model, existing);
    // Replace restores the file's state, @updatedAt included.
    const restore = context.replace ? record : undefined;
    if (now.length > 0) writes.updates.push({ where, data: keepUpdatedAt(model, dbData(model, outcome.changes, now), restore), path: entry.path, recordId: entry.recordId });
    // Keys set in the second phase (cycle-closing ones, references to later records) change there.
    if (later.length > 0) writes.deferred.push({ where, data: keepUpdatedAt(model, dbData(model, outcome.changes, later), restore), path: entry.path, recordId: entry.recordId });
    // A record with an open conflict is counted as such until someone decides.
    if (outcome.conflicts.length === 0) counts[changed.length > 0 ? "updated" : "skipped"]++;
  }
}

/** A look-up of the existing row of each record: by natural key (merge mode), else by id. */
async function existingRecords(context: Context, model: ModelSpec, records: FileRecord[]): Promise<(record: FileRecord) => Row | undefined> {
  const byId = indexBy(model.id, await context.reader.whereAny(model, model.id, records.map((record) => dbTuple(model, model.id, record))));
  const byMatch = context.replace ? undefined : await naturalMatches(context, model, records);
  return (record) => byMatch?.(record) ?? byId.get(tupleKey(dbTuple(model, model.id, record)));
}

/** Records in generations: those whose parent (same model) is not in the file first, then their children, … */
function generations(context: Context, model: ModelSpec, entries: readonly Incoming[]): (readonly Incoming[])[] {
  const selfRelations = model.relations.filter((r) => r.target === model.name && !r.deferred);
  if (selfRelations.length === 0 || !context.definition.schema.plan.selfReferencing.includes(model.name)) return [entries];
  const byId = new Map(entries.map((entry) => [entry.recordId, entry]));
  const parentsOf = (entry: Incoming) =>
    selfRelations.map((relation) => byId.get(relation.fields.map((field) => idTextOf(entry.record[field])).join(","))).filter((parent): parent is Incoming => parent !== undefined && parent !== entry);
  // Depth first with a stack of our own: a tree may be thousands of levels deep.
  const depth = new Map<Incoming, number>();
  for (const start of entries) {
    const path = [start];
    const onPath = new Set(path);
    while (path.length > 0) {
      const entry = path[path.length - 1]!;
      const parents = parentsOf(entry);
      const next = parents.find((parent) => !depth.has(parent));
      if (next) {
        if (onPath.has(next)) {
          throw new BackupError([problem("invalid_record", `${model.name} records refer to each other in a loop: a record cannot be its own ancestor. Fix the file.`, { path: next.path, model: model.name, recordId: clipped(next.recordId) })]);
        }
        path.push(next);
        onPath.add(next);
        continue;
      }
      depth.set(entry, parents.reduce((level, parent) => Math.max(level, depth.get(parent)! + 1), 0));
      onPath.delete(path.pop()!);
    }
  }
  const levels: Incoming[][] = [];
  for (const entry of entries) (levels[depth.get(entry)!] ??= []).push(entry);
  return levels.filter(Boolean);
}

/** Foreign keys pointing at records that were mapped to existing ones now point at those. */
function rewriteReferences(context: Context, model: ModelSpec, record: FileRecord): FileRecord {
  let rewritten = record;
  for (const relation of model.relations) {
    const target = context.definition.schema.models[relation.target];
    const mapping = context.mappings.get(relation.target);
    if (!target || !mapping || mapping.size === 0 || relation.references.join() !== target.id.join()) continue;
    const key = relation.fields.map((field) => idTextOf(record[field])).join(",");
    const mapped = mapping.get(key);
    if (!mapped) continue;
    if (rewritten === record) rewritten = { ...record };
    relation.fields.forEach((field, i) => {
      rewritten[field] = mapped[relation.references[i]!];
    });
  }
  return rewritten;
}

function idTextOf(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** A lookup of existing records by natural key, or undefined when the model has none. */
async function naturalMatches(context: Context, model: ModelSpec, records: FileRecord[]): Promise<((record: FileRecord) => Row | undefined) | undefined> {
  const match = model.match;
  if (!match) return undefined;
  if (match === "singleton") {
    const first = await context.reader.pages(model, {}, 1).next();
    const row = first.done ? undefined : first.value[0];
    return () => row;
  }
  // A natural key may hold nulls (a root category: no parent, a name): records are looked up
  // per pattern of unset fields, those fields matched with IS NULL.
  const isSet = (record: FileRecord, field: string) => record[field] !== null && record[field] !== undefined;
  const patterns = new Map<string, { set: string[]; unset: string[]; records: FileRecord[] }>();
  for (const record of records) {
    const set = match.filter((field) => isSet(record, field));
    if (set.length === 0) continue;
    const key = set.join(",");
    const pattern = patterns.get(key) ?? { set, unset: match.filter((field) => !isSet(record, field)), records: [] };
    pattern.records.push(record);
    patterns.set(key, pattern);
  }
  const index = new Map<string, Row>();
  for (const { set, unset, records: group } of patterns.values()) {
    const rows = await context.reader.whereAny(model, set, group.map((record) => dbTuple(model, set, record)), { unset });
    for (const row of rows) index.set(tupleKey(match.map((field) => row[field])), row);
  }
  return (record) => (match.some((field) => isSet(record, field)) ? index.get(tupleKey(dbTuple(model, match, record))) : undefined);
}

function indexBy(fields: readonly string[], rows: Row[]): Map<string, Row> {
  return new Map(rows.map((row) => [tupleKey(fields.map((field) => row[field])), row]));
}

function kindOf(model: ModelSpec, field: string) {
  return model.fields.find((f) => f.name === field)!.kind;
}

function dbTuple(model: ModelSpec, fields: readonly string[], record: FileRecord): unknown[] {
  return fields.map((field) => toDbValue(kindOf(model, field), record[field]));
}

function toFileRecord(model: ModelSpec, row: Row): FileRecord {
  return Object.fromEntries(model.fields.map((field) => [field.name, toFileValue(field.kind, row[field.name])]));
}

function toDbRow(model: ModelSpec, record: FileRecord): Row {
  return Object.fromEntries(model.fields.filter((f) => f.name in record).map((field) => [field.name, toDbValue(field.kind, record[field.name])]));
}

function dbData(model: ModelSpec, values: Record<string, unknown>, fields: string[]): Row {
  return Object.fromEntries(fields.map((field) => [field, toDbValue(kindOf(model, field), values[field])]));
}

function deferredData(model: ModelSpec, record: FileRecord, deferredFields: ReadonlySet<string>): Row | undefined {
  if (deferredFields.size === 0) return undefined; // most models: once per record, no list to build
  const set = [...deferredFields].filter((field) => record[field] !== null && record[field] !== undefined);
  return set.length > 0 ? keepUpdatedAt(model, dbData(model, record, set), record) : undefined;
}

/**
 * Prisma stamps `@updatedAt` with the current time on every update unless the data sets it:
 * writes that restore the file's state (given its `record`) set it to the file's value.
 */
function keepUpdatedAt(model: ModelSpec, data: Row, record: FileRecord | undefined): Row {
  if (!record || !model.updatedAt || record[model.updatedAt] === undefined || model.updatedAt in data) return data;
  return { ...data, [model.updatedAt]: toDbValue("DateTime", record[model.updatedAt]) };
}

async function analyseLink(context: Context, name: string, pairs: readonly IncomingLink[]): Promise<LinkWrites> {
  const { schema } = context.definition;
  const link = schema.links[name]!;
  const owner = schema.models[link.owner]!;
  const target = schema.models[link.target]!;
  const mapId = (model: ModelSpec, value: unknown) => {
    const mapped = context.mappings.get(model.name)?.get(idTextOf(value));
    return toDbValue(kindOf(model, model.id[0]!), mapped ? mapped[model.id[0]!] : value);
  };
  const wanted = new Map<string, [unknown, unknown]>();
  for (const pair of pairs) {
    const mapped: [unknown, unknown] = [mapId(owner, pair.owner), mapId(target, pair.target)];
    wanted.set(tupleKey(mapped), mapped);
  }
  const owners = [...new Set([...wanted.values()].map(([o]) => o))];
  const existing = new Set<string>();
  let existingCount = 0;
  if (context.replace) {
    const [{ count }] = await context.queries.$queryRawUnsafe<{ count: unknown }[]>(`SELECT COUNT(*) AS count FROM ${context.dialect.quote(link.table)}`) as [{ count: unknown }];
    existingCount = Number(count);
  }
  for (const [ownerId, targets] of await readLinks(context.queries, context.dialect, link, owners)) {
    for (const targetId of targets) existing.add(tupleKey([ownerId, targetId]));
  }
  const fresh = [...wanted.entries()].filter(([key]) => !existing.has(key)).map(([, pair]) => pair);
  if (context.replace) {
    const kept = wanted.size - fresh.length;
    return { name, insert: [...wanted.values()], clear: true, counts: { inFile: pairs.length, created: fresh.length, deleted: existingCount - kept } };
  }
  return { name, insert: fresh, clear: false, counts: { inFile: pairs.length, created: fresh.length, deleted: 0 } };
}

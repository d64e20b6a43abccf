/**
 * Reads every record of a file: validates each with its generated Zod schema, fills nested
 * records' parent keys, finds duplicate ids and natural keys, and collects problems with their
 * JSON path, model, record id and field, many at once. A `RecordReader` visits the records a
 * source walks and hands each valid one to a sink, so that a file is read in one pass without
 * holding its records; `collectRecords` keeps them all, for callers that want them in memory.
 */
import type { BackupDefinition } from "../backup.ts";
import type { FileRecord } from "../codec.ts";
import { isObject } from "../format/metadata.ts";
import type { BackupDocument } from "../format/open.ts";
import { layoutOf, recordIdOf, type ChildEntry, type Layout, type SectionEntry } from "../layout.ts";
import type { BackupMetadata, Problem } from "../options.ts";
import { clipped, problem, quoted } from "../problems.ts";
import type { FieldSpec, ModelSpec, RelationSpec } from "../schema.ts";
import { Incoming, type IncomingLink, type IncomingSet } from "./incoming.ts";
import { KeySet } from "./key-set.ts";
import { documentSource, type RecordVisitor } from "./source.ts";

/** Past this many errors the rest are counted, not listed. */
export const MAX_LISTED_ERRORS = 100;

export interface Collected extends IncomingSet {
  readonly errors: Problem[];
  readonly warnings: Problem[];
}

/** Where valid records go as they are read. */
export interface RecordSink {
  /** A record, after its parent (if nested) and before its children. */
  add(incoming: Incoming): void;
  link(name: string, link: IncomingLink): void;
  /** After each top-level record with everything nested in it; a promise makes the reading wait. */
  settle?(): void | Promise<void>;
  entryEnd?(entry: SectionEntry): void | Promise<void>;
}

/** Which models of a file this schema backs up; the others are named in warnings. */
export function coverageOf(definition: BackupDefinition, metadata: BackupMetadata, warnings: Problem[]): Set<string> {
  const { schema } = definition;
  const covered = new Set<string>();
  for (const name of Object.keys(metadata.counts)) {
    if (Object.hasOwn(schema.models, name)) covered.add(name); // not "constructor", "__proto__"…
    else warnings.push(problem("unknown_field", `The file has records of ${quoted(name)}, a model this app does not back up; they are ignored.`, { model: clipped(name) }));
  }
  if (metadata.schema_fingerprint !== schema.fingerprint) {
    warnings.push(problem("schema_changed", "The file was exported from a different version of the data model; records are checked field by field."));
  }
  return covered;
}

/** Every record of a document parsed whole, in memory. */
export async function collectRecords(definition: BackupDefinition, document: BackupDocument): Promise<Collected> {
  const warnings: Problem[] = [];
  const covered = coverageOf(definition, document.metadata, warnings);
  const records = new Map<string, Incoming[]>([...covered].map((name) => [name, []]));
  const links = new Map<string, IncomingLink[]>();
  const sink: RecordSink = {
    add: (incoming) => void records.get(incoming.model.name)!.push(incoming),
    link: (name, link) => void (links.get(name) ?? links.set(name, []).get(name)!).push(link),
  };
  const layout = layoutOf(definition.schema, covered);
  const reader = new RecordReader(definition, layout, covered, document.metadata.counts, warnings, sink);
  await documentSource(document, layout, definition.schema.models).walk(reader);
  reader.finish();
  return { covered, records, links, errors: reader.errors, warnings };
}

export interface ReaderOptions {
  /**
   * A second reading of records a first reading validated: no Zod, no duplicate checks.
   */
  readonly trusted?: boolean;
  /** Where the ids of the records read go, per model (shared with a `ReferenceCheck`). */
  readonly ids?: Map<string, KeySet>;
  /**
   * Models whose ids are kept whole even where checking them among siblings would do (see
   * `Shape.siblingId`): replace mode's, for tables with rows to compare with the file.
   */
  readonly keepIds?: ReadonlySet<string>;
}

type Where = Omit<Problem, "code" | "message">;

interface Shape {
  readonly children: readonly ChildEntry[];
  /** The relation to the parent, for a nested record. */
  readonly parentRelation: RelationSpec | undefined;
  /** Link list field → link name. */
  readonly linkFields: ReadonlyMap<string, string>;
  /** Every member a record of this shape may have: fields, link lists, nested lists, parent keys. */
  readonly members: ReadonlySet<string>;
  /** The fields a record of this shape carries (not the parent keys the nesting implies). */
  readonly fields: readonly FieldSpec[];
  /**
   * A nested record whose id is its parent's id and these fields (a sale's lines: sale id and
   * position): unique ids among siblings are unique ids in the file, so the check needs a set
   * per parent rather than one holding every id of the file.
   */
  readonly siblingId: readonly string[] | undefined;
}

export class RecordReader implements RecordVisitor {
  readonly errors: Problem[] = [];
  /** Valid records read, per model. */
  readonly seen = new Map<string, number>();
  /** Per covered model: the ids of the records read (see `idKey`). */
  readonly ids: Map<string, KeySet>;
  /** Models some of whose ids were checked among siblings only, and are missing from `ids`. */
  readonly partialIds = new Set<string>();
  private readonly naturalKeys = new Map<string, KeySet>();
  private readonly warned = new Set<string>();
  private readonly shapes = new Map<string, Shape>();
  private readonly nestedShapes = new Map<string, Shape>();
  private unlisted = 0;

  constructor(
    private readonly definition: BackupDefinition,
    private readonly layout: Layout,
    private readonly covered: ReadonlySet<string>,
    private readonly counts: Readonly<Record<string, number>>,
    private readonly warnings: Problem[],
    private readonly sink: RecordSink,
    private readonly options: ReaderOptions = {},
  ) {
    this.ids = options.ids ?? new Map();
    for (const name of covered) {
      this.seen.set(name, 0);
      if (!this.ids.has(name)) this.ids.set(name, new KeySet());
    }
  }

  record(entry: SectionEntry, raw: unknown, path: string): void | Promise<void> {
    const model = this.definition.schema.models[entry.model]!;
    try {
      this.visit(model, raw, path, entry.kind === "orphans" ? null : undefined);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      // Recursion over the value (validation, ids, messages) ran out of stack.
      this.error(problem("invalid_record", "The record holds a value nested too deeply to read. Fix the file, or use another copy of the backup.", { path, model: model.name }));
    }
    return this.sink.settle?.();
  }

  entryEnd(entry: SectionEntry): void | Promise<void> {
    return this.sink.entryEnd?.(entry);
  }

  problem(found: Problem): void {
    this.error(found);
  }

  /** After the last record: the counts are checked against the metadata. */
  finish(): void {
    this.checkCounts();
    if (this.unlisted > 0) this.errors.push(problem("invalid_record", `…and ${this.unlisted} more problems of the same kinds.`));
  }

  /**
   * `parent`: the parent's validated record; `null` for orphans (parent key unset); undefined at
   * top level. `siblings`: the ids of the record's siblings read so far, where `siblingId` says.
   */
  private visit(model: ModelSpec, raw: unknown, path: string, parent: FileRecord | null | undefined, siblings?: Set<unknown>): void {
    if (!isObject(raw)) {
      this.error(problem("invalid_record", `Expected a ${model.name} record (an object), found ${describe(raw)}.`, { path, model: model.name }));
      return;
    }
    const shape = this.shapeOf(model, parent !== undefined);
    if (!this.options.trusted && !this.validate(model, raw, shape, path)) return;
    // Valid, the object is the record itself (what a validation keeps is its known fields, as
    // they are): what follows reads fields by name, so its other members (nested lists, link
    // lists, fields this app does not know) are passed over, and nothing is copied.
    const record: FileRecord = raw;
    // A nested record's parent key comes from the parent.
    const parentRelation = shape.parentRelation;
    if (parentRelation) {
      for (let i = 0; i < parentRelation.fields.length; i++) record[parentRelation.fields[i]!] = parent === null ? null : parent![parentRelation.references[i]!];
    }
    if (!this.options.trusted && !this.isUnique(model, shape, record, path, siblings)) return;
    this.seen.set(model.name, this.seen.get(model.name)! + 1);
    this.sink.add(new Incoming(model, path, record));
    for (const [field, name] of shape.linkFields) {
      const targets = record[field];
      if (Array.isArray(targets)) this.collectLinks(model, name, targets, record, path);
    }

    for (const child of shape.children) {
      const list = raw[child.key];
      if (list === undefined) continue;
      const childPath = `${path}.${child.key}`;
      if (!Array.isArray(list)) {
        this.error(problem("invalid_record", `"${child.key}" must be a list of ${child.model} records.`, { ...whereOf(model, raw, path), path: childPath }));
        continue;
      }
      const childModel = this.definition.schema.models[child.model]!;
      const siblings = this.shapeOf(childModel, true).siblingId && list.length > 1 && !this.options.trusted ? new Set<unknown>() : undefined;
      list.forEach((item, index) => this.visit(childModel, item, `${childPath}[${index}]`, record, siblings));
    }
  }

  /**
   * Whether the record is valid: through its codec's plain test, else through its generated Zod
   * schema (which reads own members only: a "__proto__" member stays a member), whose problems
   * are then listed.
   */
  private validate(model: ModelSpec, raw: Record<string, unknown>, shape: Shape, path: string): boolean {
    this.checkFields(model, raw, shape, path);
    const codec = this.definition.codecs[model.name]!;
    if (codec.isRecord(raw)) return true;
    const parsed = codec.record.safeParse(raw);
    if (parsed.success) return true;
    const where = whereOf(model, raw, path);
    for (const issue of parsed.error.issues) {
      const field = issue.path.length > 0 ? String(issue.path[0]) : undefined;
      const issuePath = issue.path.reduce<string>((acc, part) => (typeof part === "number" ? `${acc}[${part}]` : `${acc}.${String(part)}`), path);
      this.error(problem("invalid_record", issue.message, { ...where, path: issuePath, ...(field ? { field } : {}) }));
    }
    return false;
  }

  /** Ids and natural keys must be unique in the file. Hot (once per record): no closures. */
  private isUnique(model: ModelSpec, shape: Shape, record: FileRecord, path: string, siblings: Set<unknown> | undefined): boolean {
    if (shape.siblingId) {
      const key = shape.siblingId.length === 1 ? record[shape.siblingId[0]!] : recordIdOf(model, record);
      if (siblings && !addNew(siblings, key)) return this.duplicateId(model, record, path);
      if (this.options.keepIds?.has(model.name)) this.ids.get(model.name)!.add(idKey(model, record));
      else this.partialIds.add(model.name);
    } else if (!this.ids.get(model.name)!.add(idKey(model, record))) {
      return this.duplicateId(model, record, path);
    }
    const match = model.match;
    if (Array.isArray(match) && match.some((field) => record[field] !== null && record[field] !== undefined)) {
      // Unset fields count as values: two root categories with the same name are the same key.
      // A single field's value is its own key (a text or number the record already holds), else the fields' JSON.
      const single = match.length === 1 ? record[match[0]!] : undefined;
      const key = typeof single === "string" || typeof single === "number" ? single : keyText(match, record);
      let keys = this.naturalKeys.get(model.name);
      if (!keys) this.naturalKeys.set(model.name, (keys = new KeySet()));
      if (!keys.add(key)) {
        const shown = keyText(match, record);
        this.duplicate("duplicate_key", model, `${match.join(", ")} ${clipped(shown)}`, path, shown);
        return false;
      }
    }
    return true;
  }

  private duplicateId(model: ModelSpec, record: FileRecord, path: string): false {
    const id = recordIdOf(model, record);
    this.duplicate("duplicate_id", model, `id ${clipped(id)}`, path, id);
    return false;
  }

  /** What reading a model's records needs, worked out once per model and placement. */
  private shapeOf(model: ModelSpec, nested: boolean): Shape {
    const shapes = nested ? this.nestedShapes : this.shapes;
    let shape = shapes.get(model.name);
    if (shape) return shape;
    const children = this.layout.childrenOf(model.name);
    const parentRelation = nested ? this.layout.parentRelationOf(model.name) : undefined;
    const linkFields = new Map(model.links.map((name) => [this.definition.schema.links[name]!.field, name]));
    const members = new Set([...model.fields.map((field) => field.name), ...linkFields.keys(), ...children.map((child) => child.key)]);
    const fields = model.fields.filter((field) => !parentRelation?.fields.includes(field.name));
    shape = { children, parentRelation, linkFields, members, fields, siblingId: parentRelation && this.siblingIdOf(model, parentRelation) };
    shapes.set(model.name, shape);
    return shape;
  }

  /**
   * The id fields that tell a nested record from its siblings, when its id is its parent's id
   * (which the parent's own check makes unique) and these fields; otherwise undefined. The
   * relation is then required (an id is), so every such record has a parent: none is an orphan.
   * The id is composite, so no reference check shares its set with `ids` (see `ReferenceCheck`).
   */
  private siblingIdOf(model: ModelSpec, parentRelation: RelationSpec): readonly string[] | undefined {
    const parent = this.definition.schema.models[parentRelation.target]!;
    const referencesParentId = parentRelation.references.length === parent.id.length && parent.id.every((field) => parentRelation.references.includes(field));
    const siblingId = model.id.filter((field) => !parentRelation.fields.includes(field));
    const extendsParentId = parentRelation.fields.every((field) => model.id.includes(field)) && siblingId.length > 0;
    return parentRelation.required && referencesParentId && extendsParentId ? siblingId : undefined;
  }

  /** Unknown fields warn once per model and field; missing optional fields warn; missing required ones are errors. */
  private checkFields(model: ModelSpec, raw: Record<string, unknown>, shape: Shape, path: string): void {
    for (const key in raw) {
      if (shape.members.has(key)) continue;
      this.warnOnce(`${model.name}.${key}:unknown`, () => problem("unknown_field", `The file's ${model.name} records have a field ${quoted(key)} that this app does not know; it is ignored.`, { model: model.name, field: clipped(key) }));
    }
    for (const field of shape.fields) {
      if (Object.hasOwn(raw, field.name)) continue;
      if (field.required && !field.hasDefault && !field.updatedAt) {
        this.error(problem("missing_field", `Required field "${field.name}" is missing: the file was made with a data model that lacks it. Export the backup again with this version of the app.`, { ...whereOf(model, raw, path), field: field.name }));
      } else {
        this.warnOnce(`${model.name}.${field.name}:missing`, () => problem("missing_field", `The file's ${model.name} records have no "${field.name}"; existing values are kept and new records get the default.`, { model: model.name, field: field.name }));
      }
    }
  }

  private collectLinks(model: ModelSpec, name: string, targets: readonly unknown[], record: FileRecord, path: string): void {
    const link = this.definition.schema.links[name]!;
    if (!this.covered.has(link.target)) return;
    const owner = record[model.id[0]!];
    targets.forEach((target, index) => this.sink.link(name, { owner, target, path: `${path}.${link.field}[${index}]` }));
  }

  /** Only keys are kept, not where they were (a file may hold millions): the other is "an earlier one". */
  private duplicate(code: "duplicate_id" | "duplicate_key", model: ModelSpec, what: string, path: string, shown: string): void {
    this.error(problem(code, `Two ${model.name} records have ${what}: this one and an earlier one. Each must be unique; fix the file.`, { path, model: model.name, recordId: clipped(shown) }));
  }

  private checkCounts(): void {
    if (this.errors.length > 0) return; // records that failed validation are not counted
    for (const [name, found] of this.seen) {
      const expected = this.counts[name];
      if (expected !== found) {
        this.error(problem("invalid_metadata", `metadata.counts says ${expected} ${name} records, but the file holds ${found}: it was edited or damaged. Use another copy of the backup.`, { path: `metadata.counts.${name}`, model: name }));
      }
    }
  }

  private warnOnce(key: string, warning: () => Problem): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.warnings.push(warning());
  }

  private error(error: Problem): void {
    if (this.errors.length < MAX_LISTED_ERRORS) this.errors.push(error);
    else this.unlisted++;
  }
}

/** A record's id as kept in sets: the number itself for a single numeric id (no string to keep), else its text. */
export type IdKey = string | number;

export function idKey(model: ModelSpec, record: FileRecord): IdKey {
  const value = model.id.length === 1 ? record[model.id[0]!] : undefined;
  return typeof value === "number" ? value : recordIdOf(model, record);
}

/** Where a record stands, for its problems. */
function whereOf(model: ModelSpec, raw: Record<string, unknown>, path: string): Where {
  const recordId = model.id.every((field) => Object.hasOwn(raw, field)) ? recordIdOf(model, raw) : undefined;
  return { path, model: model.name, ...(recordId !== undefined ? { recordId: clipped(recordId) } : {}) };
}

/** Key fields as text: their JSON values, joined. */
function keyText(fields: readonly string[], record: FileRecord): string {
  return fields.map((field) => JSON.stringify(record[field] ?? null)).join(",");
}

/** Adds a key to a set; false when it was there already. */
function addNew(set: Set<unknown>, key: unknown): boolean {
  const before = set.size;
  return set.add(key).size !== before;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return `a ${typeof value}`;
}

/**
 * Reads every record of an opened document: walks the layout, validates each record with its
 * generated Zod schema, fills nested records' parent keys, and collects problems with their
 * JSON path, model, record id and field, many at once.
 */
import type { BackupDefinition } from "../backup.ts";
import type { FileRecord } from "../codec.ts";
import { isObject, type BackupDocument } from "../format/open.ts";
import { layoutOf, recordIdOf, SECTIONS, type Layout } from "../layout.ts";
import type { Problem } from "../options.ts";
import { problem } from "../problems.ts";
import type { ModelSpec } from "../schema.ts";
import type { Incoming, IncomingLink, IncomingSet } from "./incoming.ts";

/** Past this many errors the rest are counted, not listed. */
export const MAX_LISTED_ERRORS = 100;

export interface Collected extends IncomingSet {
  readonly errors: Problem[];
  readonly warnings: Problem[];
}

export function collectRecords(definition: BackupDefinition, document: BackupDocument): Collected {
  const { schema } = definition;
  const counts = document.metadata.counts;
  const warnings: Problem[] = [];
  const covered = new Set<string>();
  for (const name of Object.keys(counts)) {
    if (Object.hasOwn(schema.models, name)) covered.add(name); // not "constructor", "__proto__"…
    else warnings.push(problem("unknown_field", `The file has records of "${name}", a model this app does not back up; they are ignored.`, { model: name }));
  }
  if (document.metadata.schema_fingerprint !== schema.fingerprint) {
    warnings.push(problem("schema_changed", "The file was exported from a different version of the data model; records are checked field by field."));
  }
  const walker = new Walker(definition, layoutOf(schema, covered), covered, counts, warnings);
  walker.walk(document);
  return { covered, records: walker.records, links: walker.links, errors: walker.errors, warnings };
}

class Walker {
  readonly records = new Map<string, Incoming[]>();
  readonly links = new Map<string, IncomingLink[]>();
  readonly errors: Problem[] = [];
  private readonly ids = new Map<string, Map<string, string>>();
  private readonly naturalKeys = new Map<string, Map<string, string>>();
  private readonly warned = new Set<string>();
  private unlisted = 0;

  constructor(
    private readonly definition: BackupDefinition,
    private readonly layout: Layout,
    private readonly covered: ReadonlySet<string>,
    private readonly counts: Readonly<Record<string, number>>,
    private readonly warnings: Problem[],
  ) {
    for (const name of covered) this.records.set(name, []);
  }

  walk(document: BackupDocument): void {
    for (const section of SECTIONS) {
      const value = document[section];
      const entries = this.layout.sections[section];
      if (value === undefined && entries.length === 0) continue;
      if (!isObject(value)) {
        this.error(problem("invalid_record", `"${section}" must be an object.`, { path: section }));
        continue;
      }
      for (const entry of entries) {
        const model = this.definition.schema.models[entry.model]!;
        const path = `${section}.${entry.key}`;
        const entryValue = value[entry.key];
        if (model.single) {
          if (entryValue !== null && entryValue !== undefined) this.visit(model, entryValue, path, undefined);
        } else if (entryValue === undefined) {
          if (entry.kind === "records" && (this.counts[model.name] ?? 0) > 0) {
            this.error(problem("invalid_record", `"${path}" is missing, but metadata.counts says the file has ${model.name} records.`, { path, model: model.name }));
          }
        } else if (!Array.isArray(entryValue)) {
          this.error(problem("invalid_record", `"${path}" must be a list of ${model.name} records.`, { path, model: model.name }));
        } else {
          entryValue.forEach((item, index) => this.visit(model, item, `${path}[${index}]`, entry.kind === "orphans" ? null : undefined));
        }
      }
    }
    this.checkCounts();
    if (this.unlisted > 0) this.errors.push(problem("invalid_record", `…and ${this.unlisted} more problems of the same kinds.`));
  }

  /** `parent`: the parent's validated record; `null` for orphans (parent key unset); undefined at top level. */
  private visit(model: ModelSpec, raw: unknown, path: string, parent: FileRecord | null | undefined): void {
    if (!isObject(raw)) {
      this.error(problem("invalid_record", `Expected a ${model.name} record (an object), found ${describe(raw)}.`, { path, model: model.name }));
      return;
    }
    const children = this.layout.childrenOf(model.name);
    const childKeys = new Set(children.map((child) => child.key));
    const linkFields = new Map(model.links.map((name) => [this.definition.schema.links[name]!.field, name]));
    const parentRelation = parent !== undefined ? this.layout.parentRelationOf(model.name) : undefined;
    const implied = new Set(parentRelation?.fields ?? []);

    const body: FileRecord = {};
    for (const key of Object.keys(raw)) {
      if (childKeys.has(key) || implied.has(key)) continue;
      Object.defineProperty(body, key, { value: raw[key], enumerable: true, writable: true, configurable: true }); // a "__proto__" member stays a member
    }
    const recordIdHint = model.id.every((field) => field in raw) ? recordIdOf(model, raw) : undefined;
    const where = { path, model: model.name, ...(recordIdHint !== undefined ? { recordId: recordIdHint } : {}) };
    this.checkFields(model, body, implied, where);

    const parsed = this.definition.codecs[model.name]!.record.safeParse(body);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path.length > 0 ? String(issue.path[0]) : undefined;
        const issuePath = issue.path.reduce<string>((acc, part) => (typeof part === "number" ? `${acc}[${part}]` : `${acc}.${String(part)}`), path);
        this.error(problem("invalid_record", issue.message, { ...where, path: issuePath, ...(field ? { field } : {}) }));
      }
      return;
    }
    const record: FileRecord = { ...parsed.data }; // a copy: link lists are read from parsed.data below
    if (parentRelation && parent !== undefined) {
      parentRelation.fields.forEach((field, i) => {
        record[field] = parent === null ? null : parent[parentRelation.references[i]!];
      });
    }
    for (const [field] of linkFields) delete record[field];
    const id = recordIdOf(model, record);
    if (!this.unique(this.ids, model, id, path, "duplicate_id", `id ${id}`)) return;
    if (Array.isArray(model.match) && model.match.some((field) => record[field] !== null && record[field] !== undefined)) {
      // Unset fields count as values: two root categories with the same name are the same key.
      const key = model.match.map((field) => JSON.stringify(record[field] ?? null)).join(",");
      if (!this.unique(this.naturalKeys, model, key, path, "duplicate_key", `${model.match.join(", ")} ${key}`)) return;
    }
    this.records.get(model.name)!.push({ model, path, record, id });
    this.collectLinks(model, parsed.data, linkFields, id, path);

    for (const child of children) {
      const list = raw[child.key];
      if (list === undefined) continue;
      const childPath = `${path}.${child.key}`;
      if (!Array.isArray(list)) {
        this.error(problem("invalid_record", `"${child.key}" must be a list of ${child.model} records.`, { ...where, path: childPath }));
        continue;
      }
      const childModel = this.definition.schema.models[child.model]!;
      list.forEach((item, index) => this.visit(childModel, item, `${childPath}[${index}]`, record));
    }
  }

  /** Unknown fields warn once per model and field; missing optional fields warn; missing required ones are errors. */
  private checkFields(model: ModelSpec, body: FileRecord, implied: ReadonlySet<string>, where: Omit<Problem, "code" | "message">): void {
    const known = new Set([...model.fields.map((f) => f.name), ...model.links.map((name) => this.definition.schema.links[name]!.field)]);
    for (const key of Object.keys(body)) {
      if (!known.has(key)) this.warnOnce(`${model.name}.${key}:unknown`, problem("unknown_field", `The file's ${model.name} records have a field "${key}" that this app does not know; it is ignored.`, { model: model.name, field: key }));
    }
    for (const field of model.fields) {
      if (implied.has(field.name) || field.name in body) continue;
      if (field.required && !field.hasDefault && !field.updatedAt) {
        this.error(problem("missing_field", `Required field "${field.name}" is missing: the file was made with a data model that lacks it. Export the backup again with this version of the app.`, { ...where, field: field.name }));
      } else {
        this.warnOnce(`${model.name}.${field.name}:missing`, problem("missing_field", `The file's ${model.name} records have no "${field.name}"; existing values are kept and new records get the default.`, { model: model.name, field: field.name }));
      }
    }
  }

  private collectLinks(model: ModelSpec, data: FileRecord, linkFields: Map<string, string>, ownerId: string, path: string): void {
    for (const [field, name] of linkFields) {
      const link = this.definition.schema.links[name]!;
      const targets = data[field];
      if (!this.covered.has(link.target) || !Array.isArray(targets)) continue;
      const list = this.links.get(name) ?? [];
      const owner = recordValueOfId(model, ownerId, data);
      targets.forEach((target, index) => list.push({ owner, target, path: `${path}.${field}[${index}]` }));
      this.links.set(name, list);
    }
  }

  private unique(index: Map<string, Map<string, string>>, model: ModelSpec, key: string, path: string, code: "duplicate_id" | "duplicate_key", what: string): boolean {
    const seen = index.get(model.name) ?? new Map<string, string>();
    index.set(model.name, seen);
    const first = seen.get(key);
    if (first !== undefined) {
      this.error(problem(code, `Two ${model.name} records have ${what}: ${first} and this one. Each must be unique; fix the file.`, { path, model: model.name, recordId: key }));
      return false;
    }
    seen.set(key, path);
    return true;
  }

  private checkCounts(): void {
    if (this.errors.length > 0) return; // records that failed validation are not counted
    for (const [name, list] of this.records) {
      const expected = this.counts[name];
      if (expected !== list.length) {
        this.error(problem("invalid_metadata", `metadata.counts says ${expected} ${name} records, but the file holds ${list.length}: it was edited or damaged. Use another copy of the backup.`, { path: `metadata.counts.${name}`, model: name }));
      }
    }
  }

  private warnOnce(key: string, warning: Problem): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.warnings.push(warning);
  }

  private error(error: Problem): void {
    if (this.errors.length < MAX_LISTED_ERRORS) this.errors.push(error);
    else this.unlisted++;
  }
}

/** The owner's single id value in file form. */
function recordValueOfId(model: ModelSpec, _id: string, data: FileRecord): unknown {
  return data[model.id[0]!];
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return `a ${typeof value}`;
}

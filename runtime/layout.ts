/**
 * Where records stand in the file, derived from the backup schema: the keys of each section,
 * which models are nested in which, and the records' ids. Shared by export and import so that
 * both read the same layout. Browser-safe.
 */
import type { BackupSchema, ModelSpec, RelationSpec, Section } from "./schema.ts";

/** A key at the top of a section. */
export interface SectionEntry {
  readonly section: Section;
  readonly key: string;
  readonly model: string;
  /** `records`: every record of a top-level model; `orphans`: nested records whose parent is unset. */
  readonly kind: "records" | "orphans";
}

/** A nested model as seen from its parent. */
export interface ChildEntry {
  /** Key inside the parent's record, e.g. `"sales"`. */
  readonly key: string;
  readonly model: string;
  /** The child's relation to the parent. */
  readonly relation: RelationSpec;
}

export interface Layout {
  readonly sections: Readonly<Record<Section, readonly SectionEntry[]>>;
  childrenOf(model: string): readonly ChildEntry[];
  /** The relation through which a nested model hangs under its parent. */
  parentRelationOf(model: string): RelationSpec | undefined;
}

export const SECTIONS: readonly Section[] = ["company", "data"];

/** The layout of the models selected (all by default); children of unselected parents are left out with them. */
export function layoutOf(schema: BackupSchema, selected: ReadonlySet<string> = new Set(Object.keys(schema.models))): Layout {
  const rank = new Map(schema.plan.order.map((name, index) => [name, index]));
  const byRank = (a: string, b: string) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0);
  const models = Object.values(schema.models).filter((model) => selected.has(model.name)).sort((a, b) => byRank(a.name, b.name));

  const sections: Record<Section, SectionEntry[]> = { company: [], data: [] };
  const children = new Map<string, ChildEntry[]>();
  const parentRelations = new Map<string, RelationSpec>();
  for (const model of models) {
    if (!model.nest) {
      sections[model.section].push({ section: model.section, key: model.key, model: model.name, kind: "records" });
      continue;
    }
    const relation = relationNamed(model, model.nest.relation);
    parentRelations.set(model.name, relation);
    if (selected.has(model.nest.parent)) {
      const list = children.get(model.nest.parent) ?? [];
      list.push({ key: model.key, model: model.name, relation });
      children.set(model.nest.parent, list);
    }
    if (model.nest.orphans) {
      sections[model.section].push({ section: model.section, key: model.nest.orphans, model: model.name, kind: "orphans" });
    }
  }
  for (const section of SECTIONS) sections[section] = orderEntries(schema, sections[section], children);
  return {
    sections,
    childrenOf: (model) => children.get(model) ?? [],
    parentRelationOf: (model) => parentRelations.get(model),
  };
}

/**
 * Orders a section's entries so that every record a subtree refers to (outside deferred
 * relations) stands in an earlier entry: a reader then meets parents before the records that
 * need them. Ties keep the import plan's order.
 */
function orderEntries(schema: BackupSchema, entries: SectionEntry[], children: ReadonlyMap<string, ChildEntry[]>): SectionEntry[] {
  const subtree = (name: string): string[] => [name, ...(children.get(name) ?? []).flatMap((child) => subtree(child.model))];
  const contents = entries.map((entry) => new Set(subtree(entry.model)));
  const needs = entries.map((_, index) => {
    const targets = [...contents[index]!].flatMap((name) => schema.models[name]!.relations.filter((r) => !r.deferred).map((r) => r.target));
    return new Set(entries.map((_, other) => other).filter((other) => other !== index && targets.some((t) => contents[other]!.has(t) && !contents[index]!.has(t))));
  });
  const ordered: SectionEntry[] = [];
  const placed = new Set<number>();
  while (ordered.length < entries.length) {
    const next = entries.findIndex((_, index) => !placed.has(index) && [...needs[index]!].every((other) => placed.has(other)));
    const pick = next === -1 ? entries.findIndex((_, index) => !placed.has(index)) : next;
    placed.add(pick);
    ordered.push(entries[pick]!);
  }
  return ordered;
}

export function relationNamed(model: ModelSpec, name: string): RelationSpec {
  const relation = model.relations.find((r) => r.name === name);
  if (!relation) throw new Error(`Backup schema: ${model.name} has no relation "${name}"`);
  return relation;
}

/** A record's id as text: its id fields' values in file form, joined with `,` for composite ids. */
export function recordIdOf(model: ModelSpec, record: Readonly<Record<string, unknown>>): string {
  return model.id.map((field) => idText(record[field])).join(",");
}

export function idText(value: unknown): string {
  if (typeof value === "string") return value;
  return typeof value === "number" ? String(value) : JSON.stringify(value); // the same text for numbers, faster
}

/**
 * Models of the schema selected by module names (all when `modules` is absent or empty), with the
 * parents their nested models hang under: a nested record cannot stand without its parent.
 */
export function modelsInModules(schema: BackupSchema, modules: readonly string[] | undefined): Set<string> {
  const wanted = modules && modules.length > 0 ? new Set(modules) : undefined;
  const selected = new Set(Object.values(schema.models).filter((m) => !wanted || wanted.has(m.module)).map((m) => m.name));
  for (const name of [...selected]) {
    for (let parent = schema.models[name]?.nest?.parent; parent && !selected.has(parent); parent = schema.models[parent]?.nest?.parent) {
      selected.add(parent);
    }
  }
  return selected;
}

/** Module names that the schema does not have. */
export function unknownModules(schema: BackupSchema, modules: readonly string[] | undefined): string[] {
  return (modules ?? []).filter((name) => !schema.modules.includes(name));
}

/**
 * Relations as the backup sees them: the to-one relations whose foreign keys a model keeps in
 * its records (they order the import), and the implicit many-to-many relations, restored last
 * from id lists that one side's records carry.
 */
import type { DMMF } from "@prisma/generator-helper";
import type { LinkSpec } from "../../runtime/schema.ts";
import type { GraphField, GraphRelation } from "./graph.ts";
import type { Reporter } from "./report.ts";

/**
 * The to-one relations of a model that hold a foreign key. A relation whose foreign key is
 * omitted is not restored, so it is left out; one to a skipped model must be; one to a view
 * keeps its key as plain data.
 */
export function buildRelations(model: DMMF.Model, fields: readonly GraphField[], excluded: { skipped: ReadonlySet<string>; views: ReadonlySet<string> }, reporter: Reporter): GraphRelation[] {
  const { skipped, views } = excluded;
  const relations: GraphRelation[] = [];
  const byName = new Map(fields.map((field) => [field.name, field]));
  for (const field of model.fields) {
    const keys = field.relationFromFields ?? [];
    if (field.kind !== "object" || keys.length === 0) continue;
    const omitted = keys.filter((key) => byName.get(key)?.omit);
    if (omitted.length > 0 && omitted.length < keys.length) {
      reporter.field("invalid_omit", `omit all the foreign key fields of "${field.name}" (${keys.join(", ")}) or none of them`, model.name, omitted[0]!);
      continue;
    }
    // A view has no rows to create first: its foreign key is plain data for the backup.
    if (omitted.length === keys.length || views.has(field.type)) continue;
    if (skipped.has(field.type)) {
      reporter.field(
        "skipped_target",
        `"${field.name}" points at ${field.type}, which is skipped: omit its foreign key (${keys.join(", ")}), or back up ${field.type}`,
        model.name,
        field.name,
      );
      continue;
    }
    relations.push({
      name: field.name,
      target: field.type,
      fields: [...keys],
      references: [...(field.relationToFields ?? [])],
      required: keys.every((key) => byName.get(key)?.required ?? true),
    });
  }
  return relations;
}

/**
 * Implicit many-to-many relations between backed-up models. Prisma stores them in `_Name` with
 * columns A and B: A holds the ids of the model whose name sorts first (for a self-relation, the
 * side whose field name sorts first). That side's records carry the list of linked ids.
 */
export function findLinks(datamodel: DMMF.Datamodel, skipped: ReadonlySet<string>): LinkSpec[] {
  const sides = new Map<string, { model: string; field: DMMF.Field }[]>();
  for (const model of datamodel.models) {
    for (const field of model.fields) {
      if (field.kind !== "object" || !field.isList || (field.relationFromFields ?? []).length > 0 || !field.relationName) continue;
      const list = sides.get(field.relationName) ?? [];
      list.push({ model: model.name, field });
      sides.set(field.relationName, list);
    }
  }
  const links: LinkSpec[] = [];
  for (const [name, pair] of sides) {
    if (pair.length !== 2) continue; // a one-to-many back relation: the other side holds a foreign key
    const [a, b] = [...pair].sort((x, y) => compare(x.model, y.model) || compare(x.field.name, y.field.name));
    if (skipped.has(a!.model) || skipped.has(b!.model)) continue;
    links.push({ name, table: `_${name}`, owner: a!.model, field: a!.field.name, target: b!.model, ownerColumn: "A" });
  }
  return links.sort((x, y) => compare(x.name, y.name));
}

/** Plain code-unit order, as Prisma sorts names (not locale-aware). */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * `nest` and `orphans`: a nested model's records stand inside their parent's record, under the
 * parent's list field of that relation. Checked here: the relation exists, points at another
 * backed-up model through a foreign key this model keeps, the parent holds a list of them, an
 * optional relation says where parentless records go (and only then), and nesting does not go
 * round in a circle.
 */
import type { DMMF } from "@prisma/generator-helper";
import type { ModelOptions } from "../annotations/catalog.ts";
import { suggest } from "../spelling.ts";
import type { NestSpec } from "../../runtime/schema.ts";
import type { GraphField, GraphRelation } from "./graph.ts";
import { defaultKey } from "./naming.ts";
import type { Reporter } from "./report.ts";

export interface NestInput {
  readonly model: DMMF.Model;
  readonly options: ModelOptions;
  readonly fields: readonly GraphField[];
  readonly relations: readonly GraphRelation[];
}

/** A resolved nest: the parent and the parent's field that holds the records (the nested model's key). */
export interface ResolvedNest extends NestSpec {
  readonly key: string;
}

export function resolveNests(inputs: ReadonlyMap<string, NestInput>, skipped: ReadonlySet<string>, reporter: Reporter): Map<string, ResolvedNest> {
  const nests = new Map<string, ResolvedNest>();
  for (const [name, input] of inputs) {
    const nest = resolveNest(input, inputs, skipped, reporter);
    if (nest) nests.set(name, nest);
  }
  const circular = modelsInNestingCircles(nests);
  for (const name of circular) {
    const circle = [name];
    for (let parent = nests.get(name)!.parent; parent !== name; parent = nests.get(parent)!.parent) circle.push(parent);
    // One message per circle, on the model whose name sorts first.
    if (circle.some((other) => other < name)) continue;
    reporter.model("invalid_nest", `nesting goes round in a circle: ${[...circle, name].join(" in ")}`, name, inputs.get(name)!.options.nest!.at);
  }
  for (const name of circular) nests.delete(name);
  return nests;
}

function resolveNest(input: NestInput, inputs: ReadonlyMap<string, NestInput>, skipped: ReadonlySet<string>, reporter: Reporter): ResolvedNest | undefined {
  const { model, options } = input;
  const option = options.nest;
  if (!option) return undefined;
  const fail = (message: string, code: "invalid_nest" | "unknown_field" | "invalid_orphans" | "invalid_key" = "invalid_nest", at = option.at) => {
    reporter.model(code, message, model.name, at);
    return undefined;
  };
  const parents = model.fields.filter((field) => field.kind === "object" && (field.relationFromFields ?? []).length > 0).map((field) => field.name);
  const candidates = parents.length > 0 ? `relations to a parent: ${parents.join(", ")}` : `${model.name} has no relation that holds a foreign key`;

  const field = model.fields.find((f) => f.name === option.value);
  if (!field) {
    return fail(`unknown field "${option.value}" in nest (${parents.length > 0 ? suggest(option.value, parents) : candidates})`, "unknown_field");
  }
  if (field.kind !== "object") return fail(`"${field.name}" is not a relation (${candidates})`);
  if ((field.relationFromFields ?? []).length === 0) {
    return fail(`"${field.name}" does not point at a parent: nest names a to-one relation whose foreign key ${model.name} holds (${candidates})`);
  }
  if (field.type === model.name) return fail(`a model cannot nest inside itself ("${field.name}" points at ${model.name})`);
  if (!inputs.has(field.type)) return fail(`cannot nest inside ${field.type}: it is ${skipped.has(field.type) ? "skipped" : "not backed up"}`);
  const relation = input.relations.find((r) => r.name === field.name);
  if (!relation) return fail(`cannot nest through "${field.name}": its foreign key is omitted`);

  const parent = inputs.get(field.type)!.model;
  const back = parent.fields.find((f) => f.relationName === field.relationName && f.type === model.name && f !== field);
  if (!back) return fail(`${parent.name} has no field for the other side of "${field.name}"`);
  if (!back.isList) return fail(`${parent.name}.${back.name} holds one ${model.name}, not a list: nest needs a one-to-many relation`);

  if (relation.required && options.orphans) {
    return fail(`orphans has no use: "${field.name}" is required, so every ${model.name} has a parent`, "invalid_orphans", options.orphans.at);
  }
  if (!relation.required && !options.orphans) {
    const example = `@backup(nest: ${field.name}, orphans: "standalone_${defaultKey(model.name)}")`;
    return fail(`"${field.name}" is optional: name the key of the records without a parent, e.g. ${example}`, "invalid_orphans");
  }
  if (options.key) {
    return fail(`key does not apply to a nested model: its records stand under ${parent.name}.${back.name}`, "invalid_key", options.key.at);
  }
  return { parent: parent.name, relation: field.name, key: back.name, ...(options.orphans ? { orphans: options.orphans.value } : {}) };
}

/** Models whose chain of parents comes back to them. */
function modelsInNestingCircles(nests: ReadonlyMap<string, ResolvedNest>): string[] {
  const circular: string[] = [];
  for (const name of nests.keys()) {
    const seen = new Set<string>();
    for (let current: string | undefined = name; current !== undefined; current = nests.get(current)?.parent) {
      if (current === name && seen.size > 0) {
        circular.push(name);
        break;
      }
      if (seen.has(current)) break;
      seen.add(current);
    }
  }
  return circular;
}

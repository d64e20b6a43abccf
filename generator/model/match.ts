/**
 * `match`: the natural key that recognises an existing record whose id differs. It must name
 * backed-up scalar fields that together form a `@unique` or `@@unique` constraint (in any
 * order), so that at most one existing record can match; `singleton` is the one row of a
 * `single` model, which is also the default there.
 */
import type { DMMF } from "@prisma/generator-helper";
import type { ModelOptions } from "../annotations/catalog.ts";
import { suggest } from "../spelling.ts";
import { uniqueConstraintsOf } from "./fields.ts";
import type { GraphField } from "./graph.ts";
import type { Reporter } from "./report.ts";

export function resolveMatch(model: DMMF.Model, options: ModelOptions, fields: readonly GraphField[], reporter: Reporter): readonly string[] | "singleton" | undefined {
  const option = options.match;
  if (!option) return options.single ? "singleton" : undefined;
  if (option.value === "singleton") return "singleton";
  const fail = (code: "unknown_field" | "invalid_match", message: string) => {
    reporter.model(code, message, model.name, option.at);
    return undefined;
  };

  const scalars = fields.map((field) => field.name);
  for (const name of option.value) {
    const field = fields.find((f) => f.name === name);
    if (field?.omit) return fail("invalid_match", `"${name}" is omitted, so the file has no value to match on`);
    if (field) continue;
    const relation = model.fields.find((f) => f.name === name && f.kind === "object");
    if (relation) {
      const keys = relation.relationFromFields ?? [];
      return fail("invalid_match", `"${name}" is a relation: match names scalar fields${keys.length > 0 ? ` (its foreign key: ${keys.join(", ")})` : ""}`);
    }
    return fail("unknown_field", `unknown field "${name}" in match (${suggest(name, scalars)})`);
  }

  const wanted = new Set(option.value);
  const uniques = uniqueConstraintsOf(model);
  if (uniques.some((unique) => unique.length === wanted.size && unique.every((name) => wanted.has(name)))) return option.value;
  const listed = uniques.map(shown).join(", ");
  const known = uniques.length > 0 ? `its unique constraints: ${listed}` : `${model.name} has no unique constraint besides its id`;
  return fail("invalid_match", `${shown(option.value)} is not a unique constraint of ${model.name} (${known})`);
}

function shown(fields: readonly string[]): string {
  return fields.length === 1 ? `"${fields[0]}"` : `[${fields.join(", ")}]`;
}

/**
 * The schema fingerprint (docs/FORMAT.md): SHA-256 of a canonical JSON description of the
 * backed-up models, each with its backed-up fields (name, type, required, list), both sorted by
 * name. Things a backup does not carry (skipped models, omitted fields, annotations that only
 * place or merge records) leave it unchanged.
 */
import { createHash } from "node:crypto";
import { canonicalJson } from "../../runtime/codec.ts";
import type { ModelSpec } from "../../runtime/schema.ts";
import { compare } from "../model/relations.ts";

export function fingerprintOf(models: readonly ModelSpec[]): string {
  const description = [...models]
    .sort((a, b) => compare(a.name, b.name))
    .map((model) => ({
      name: model.name,
      fields: [...model.fields]
        .sort((a, b) => compare(a.name, b.name))
        .map((field) => ({ name: field.name, type: field.enum ?? field.kind, required: field.required, list: field.list })),
    }));
  return createHash("sha256").update(canonicalJson(description)).digest("hex");
}

/**
 * Checks every reference of the file before anything is written: each foreign key and each
 * many-to-many id must name a record that is in the file or already in the database (in
 * replace mode, a model the file covers is replaced, so its targets must be in the file).
 */
import type { BackupDefinition } from "../backup.ts";
import type { Dialect, Queries } from "../database.ts";
import type { Problem } from "../options.ts";
import { problem } from "../problems.ts";
import { rowReader, tupleKey } from "../rows.ts";
import type { ModelSpec, RelationSpec } from "../schema.ts";
import { toDbValue } from "../values.ts";
import type { IncomingSet } from "./incoming.ts";
import { MAX_LISTED_ERRORS } from "./collect.ts";

interface Pending {
  readonly target: ModelSpec;
  readonly fields: readonly string[];
  readonly tuple: unknown[];
  readonly where: Omit<Problem, "code" | "message">;
  readonly describe: string;
}

export async function checkReferences(
  definition: BackupDefinition,
  queries: Queries,
  dialect: Dialect,
  incoming: IncomingSet,
  mode: "merge" | "replace",
): Promise<Problem[]> {
  const reader = rowReader(queries, dialect);
  const { schema } = definition;
  const inFile = new Map<string, Set<string>>();
  const keysOf = (target: ModelSpec, fields: readonly string[]) => {
    const cacheKey = `${target.name}:${fields.join(",")}`;
    let keys = inFile.get(cacheKey);
    if (!keys) {
      keys = new Set((incoming.records.get(target.name) ?? []).map((entry) => tupleKey(fields.map((f) => entry.record[f]))));
      inFile.set(cacheKey, keys);
    }
    return keys;
  };

  const pending: Pending[] = [];
  const errors: Problem[] = [];
  const refuse = (item: Pending, reason: string) => {
    if (errors.length < MAX_LISTED_ERRORS) {
      errors.push(problem("dangling_reference", `${item.describe} ${reason} Import a backup that includes it, or fix the reference.`, item.where));
    }
  };
  const check = (target: ModelSpec, fields: readonly string[], tuple: unknown[], where: Pending["where"], describe: string) => {
    if (keysOf(target, fields).has(tupleKey(tuple))) return;
    const item = { target, fields, tuple, where, describe };
    if (mode === "replace" && incoming.covered.has(target.name)) refuse(item, "is not in the file, and a replace import keeps only what the file holds.");
    else pending.push(item);
  };

  for (const [name, list] of incoming.records) {
    const model = schema.models[name]!;
    for (const relation of model.relations) {
      const target = schema.models[relation.target];
      if (!target) continue; // a model left out of backups: the database enforces it
      for (const entry of list) {
        const tuple = relation.fields.map((field) => entry.record[field]);
        if (tuple.some((value) => value === null || value === undefined)) continue;
        const field = relation.fields.join(",");
        check(target, relation.references, tuple, { path: `${entry.path}.${relation.fields[0]}`, model: name, recordId: entry.id, field }, referenceText(relation, target, tuple));
      }
    }
  }
  for (const [name, pairs] of incoming.links) {
    const link = schema.links[name]!;
    const target = schema.models[link.target]!;
    for (const pair of pairs) {
      check(target, target.id, [pair.target], { path: pair.path, model: link.owner, recordId: String(pair.owner), field: link.field }, `"${link.field}" links to ${target.name} ${JSON.stringify(pair.target)}, which`);
    }
  }

  // One query per target and key shape for everything the file does not hold.
  const groups = new Map<string, Pending[]>();
  for (const item of pending) {
    const key = `${item.target.name}:${item.fields.join(",")}`;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  for (const items of groups.values()) {
    const { target, fields } = items[0]!;
    const kinds = fields.map((name) => target.fields.find((f) => f.name === name)!.kind);
    const distinct = new Map(items.map((item) => [tupleKey(item.tuple), item.tuple.map((value, i) => toDbValue(kinds[i]!, value))]));
    const found = await reader.whereAny(target, fields, [...distinct.values()]);
    const existing = new Set(found.map((row) => tupleKey(fields.map((f) => toComparable(row[f])))));
    for (const item of items) {
      if (!existing.has(tupleKey(item.tuple))) refuse(item, "is neither in the file nor in the database.");
    }
  }
  return errors;
}

function referenceText(relation: RelationSpec, target: ModelSpec, tuple: unknown[]): string {
  const value = tuple.length === 1 ? JSON.stringify(tuple[0]) : `(${tuple.map((v) => JSON.stringify(v)).join(", ")})`;
  return `"${relation.fields.join(", ")}" refers to ${target.name} ${value}, which`;
}

/** Database values compared with file values: both through tupleKey's text forms. */
function toComparable(value: unknown): unknown {
  if (value instanceof Uint8Array) return Array.from(value).join(",");
  return value;
}

/**
 * The merge rules, field by field, for a record that exists both in the database and in the
 * file. Pure: values in file form in, a decision out.
 *
 * Strategy per field (the field's own, else the model's):
 * - `existing` keeps the database's value; `incoming` takes the file's;
 * - `newest`: the side whose `@updatedAt` is later wins (equal: the database's);
 * - `ask`: any difference is a conflict;
 * - `auto`: like `newest` when the model has an `@updatedAt` field; otherwise a value present on
 *   one side only is kept, and two different values are a conflict.
 * A conflict is settled by `resolutions` (by conflict id, then `default`), or reported.
 */
import type { FileRecord } from "../codec.ts";
import type { Conflict, ImportOptions, Resolution } from "../options.ts";
import type { FieldSpec, JsonValue, MergeStrategy, ModelSpec } from "../schema.ts";
import { sameFileValue } from "../values.ts";

export interface MergeOutcome {
  /** Fields to write, with their new values in file form. */
  readonly changes: Record<string, unknown>;
  /** Conflicts that no resolution settles. */
  readonly conflicts: Conflict[];
  /** Conflicts settled by a resolution. */
  readonly resolved: number;
  /** Whether every compared field had the same value on both sides. */
  readonly identical: boolean;
}

export interface MergeInput {
  readonly model: ModelSpec;
  readonly existing: FileRecord;
  readonly incoming: FileRecord;
  readonly recordId: string;
  readonly path: string;
  readonly resolutions?: ImportOptions["resolutions"];
  /** Fields not to compare (ids, and foreign keys handled elsewhere). */
  readonly skip?: ReadonlySet<string>;
  /** Replace mode: the file wins every difference. */
  readonly takeIncoming?: boolean;
}

export function conflictId(model: string, recordId: string, field: string): string {
  return `${model}:${recordId}:${field}`;
}

export function mergeRecord(input: MergeInput): MergeOutcome {
  const { model, existing, incoming } = input;
  const changes: Record<string, unknown> = {};
  const conflicts: Conflict[] = [];
  let resolved = 0;
  let identical = true;
  const newer = newerSide(model, existing, incoming);

  for (const field of model.fields) {
    if (input.skip?.has(field.name) || !(field.name in incoming)) continue;
    const mine = existing[field.name];
    const theirs = incoming[field.name];
    if (sameFileValue(field.kind, mine, theirs)) continue;
    identical = false;
    const decision = input.takeIncoming ? "incoming" : decide(strategyOf(model, field), field, mine, theirs, newer);
    if (decision === "incoming") changes[field.name] = theirs;
    if (decision !== "conflict") continue;

    const id = conflictId(model.name, input.recordId, field.name);
    const answer: Resolution | undefined = input.resolutions?.[id] ?? input.resolutions?.default;
    if (answer) {
      resolved++;
      if (answer === "incoming") changes[field.name] = theirs;
    } else {
      conflicts.push({ id, model: model.name, recordId: input.recordId, field: field.name, existing: asJson(mine), incoming: asJson(theirs), path: input.path });
    }
  }
  return { changes, conflicts, resolved, identical };
}

function strategyOf(model: ModelSpec, field: FieldSpec): MergeStrategy {
  return field.merge ?? model.merge;
}

type Side = "existing" | "incoming" | undefined;

/** Which side's `@updatedAt` is later; undefined without one, or when they are equal. */
function newerSide(model: ModelSpec, existing: FileRecord, incoming: FileRecord): Side {
  if (!model.updatedAt) return undefined;
  const mine = Date.parse(String(existing[model.updatedAt]));
  const theirs = Date.parse(String(incoming[model.updatedAt]));
  if (Number.isNaN(theirs) || theirs === mine) return undefined;
  if (Number.isNaN(mine)) return "incoming";
  return theirs > mine ? "incoming" : "existing";
}

function decide(strategy: MergeStrategy, field: FieldSpec, mine: unknown, theirs: unknown, newer: Side): "existing" | "incoming" | "conflict" {
  switch (strategy) {
    case "existing":
    case "incoming":
      return strategy;
    case "ask":
      return "conflict";
    case "newest":
      return newer ?? "existing";
    case "auto":
      if (field.updatedAt) return newer === "incoming" ? "incoming" : "existing";
      if (newer) return newer;
      if (mine === null || mine === undefined) return "incoming";
      if (theirs === null || theirs === undefined) return "existing";
      return "conflict";
  }
}

function asJson(value: unknown): JsonValue {
  return (value ?? null) as JsonValue;
}

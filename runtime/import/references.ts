/**
 * Checks every reference of the file before anything is written: each foreign key and each
 * many-to-many id must name a record that is in the file or already in the database (in
 * replace mode, a model the file covers is replaced, so its targets must be in the file).
 *
 * The check reads records as they come: a reference to a record already read is settled at
 * once, the others wait for the end of the file (a record further on) or for the database.
 * Only the keys that relations point at are kept, not the records. References to records
 * further on are also what decides how the file can be written (see `Forward`).
 */
import type { BackupDefinition } from "../backup.ts";
import type { Dialect, Queries } from "../database.ts";
import type { Problem } from "../options.ts";
import { clipped, problem, quoted } from "../problems.ts";
import { rowReader, tupleKey } from "../rows.ts";
import type { ModelSpec, RelationSpec } from "../schema.ts";
import { toDbValue } from "../values.ts";
import { MAX_LISTED_ERRORS, type RecordSink } from "./collect.ts";
import type { Incoming, IncomingLink } from "./incoming.ts";
import { KeySet } from "./key-set.ts";

type Where = Omit<Problem, "code" | "message">;

/** References to records that come later in the file, which a writer in file order must wait for. */
export interface Forward {
  /** Models whose records point at later records of the same model (a tree out of id order). */
  readonly selfReferencing: ReadonlySet<string>;
  /**
   * Relations (`Model.relation`, not cycle-closing ones) through which a record points at a later
   * record of another model: a sale nested in its customer that came from a quote further on.
   */
  readonly late: ReadonlySet<string>;
}

interface Outgoing {
  readonly relation: RelationSpec;
  readonly target: ModelSpec;
  readonly shapeKey: string;
  /** The keys of the file's records of that shape, when the file covers the target. */
  readonly keys: KeySet | undefined;
}

/** A key that no record read so far has: the references to it, the first ones with their place. */
interface Waiting {
  readonly tuple: unknown[];
  readonly refs: { readonly where: Where; readonly describe: string }[];
  /** Set when the reference comes from a record of the same model, or through a relation to another. */
  selfModels?: Set<string>;
  lateRelations?: Set<string>;
}

export class ReferenceCheck implements RecordSink {
  /** Per key shape `Model:field,…`: the keys the file's records have. */
  private readonly keys = new Map<string, KeySet>();
  /** Shapes that are a model's id: their keys are the reader's (`ids`), which it adds itself. */
  private readonly idShapes = new Set<string>();
  private readonly waiting = new Map<string, Map<unknown, Waiting>>();
  private readonly targets = new Map<string, { model: ModelSpec; fields: readonly string[] }>();
  private readonly outgoing = new Map<string, Outgoing[]>();
  private readonly ownShapes = new Map<string, { keys: KeySet; fields: readonly string[] }[]>();
  private readonly selfReferencing = new Set<string>();
  private readonly late = new Set<string>();

  constructor(
    private readonly definition: BackupDefinition,
    private readonly covered: ReadonlySet<string>,
    private readonly mode: "merge" | "replace",
    /** The ids of the records read, per model, as the reader adds them (see `idKey`). */
    private readonly ids: ReadonlyMap<string, KeySet> = new Map(),
  ) {
    const { schema } = definition;
    for (const model of Object.values(schema.models)) {
      for (const relation of model.relations) {
        const target = schema.models[relation.target];
        if (target && covered.has(target.name)) this.shape(target, relation.references);
      }
      for (const name of model.links) {
        const target = schema.models[schema.links[name]!.target]!;
        if (covered.has(target.name)) this.shape(target, target.id);
      }
    }
  }

  add(incoming: Incoming): void {
    const { model, record } = incoming;
    for (const { keys, fields } of this.shapesOf(model)) keys.add(fields.length === 1 ? record[fields[0]!] : tupleKey(fields.map((field) => record[field])));
    for (const { relation, target, shapeKey, keys } of this.outgoingOf(model)) {
      const single = relation.fields.length === 1 ? record[relation.fields[0]!] : undefined;
      if (single !== undefined && keys?.has(single)) continue; // the common case: a record read before
      const tuple = relation.fields.map((field) => record[field]);
      if (tuple.some((value) => value === null || value === undefined)) continue;
      const key = keyOf(tuple);
      if (keys?.has(key)) continue;
      const where = { path: `${incoming.path}.${relation.fields[0]}`, model: model.name, recordId: clipped(incoming.recordId), field: relation.fields.join(",") };
      const value = tuple.length === 1 ? quoted(tuple[0]) : `(${tuple.map((v) => quoted(v)).join(", ")})`;
      const waiting = this.wait(shapeKey, key, tuple, { where, describe: `"${relation.fields.join(", ")}" refers to ${target.name} ${value}, which` });
      if (relation.deferred) continue;
      if (target === model) (waiting.selfModels ??= new Set()).add(model.name);
      else (waiting.lateRelations ??= new Set()).add(`${model.name}.${relation.name}`);
    }
  }

  link(name: string, pair: IncomingLink): void {
    const link = this.definition.schema.links[name]!;
    const target = this.definition.schema.models[link.target]!;
    const shapeKey = this.shape(target, target.id);
    const key = pair.target;
    if (this.keys.get(shapeKey)!.has(key)) return;
    const where = { path: pair.path, model: link.owner, recordId: clipped(String(pair.owner)), field: link.field };
    this.wait(shapeKey, key, [pair.target], { where, describe: `"${link.field}" links to ${target.name} ${quoted(pair.target)}, which` });
  }

  /**
   * After the last record: references to records further on are settled; the rest are looked
   * up in the database, one query per target and key shape. Returns the dangling ones.
   */
  async finish(database?: { readonly queries: Queries; readonly dialect: Dialect }): Promise<{ errors: Problem[]; forward: Forward }> {
    const errors: Problem[] = [];
    const refuse = (waiting: Waiting, reason: string) => {
      for (const ref of waiting.refs) {
        if (errors.length >= MAX_LISTED_ERRORS) return;
        errors.push(problem("dangling_reference", `${ref.describe} ${reason} Import a backup that includes it, or fix the reference.`, ref.where));
      }
    };
    const reader = database && rowReader(database.queries, database.dialect);
    for (const [shapeKey, waitingByKey] of this.waiting) {
      const { model: target, fields } = this.targets.get(shapeKey) ?? this.shapeOf(shapeKey);
      const inFile = this.keys.get(shapeKey);
      const missing: Waiting[] = [];
      for (const [key, waiting] of waitingByKey) {
        if (!inFile?.has(key)) {
          missing.push(waiting);
          continue;
        }
        for (const name of waiting.selfModels ?? []) this.selfReferencing.add(name);
        for (const relation of waiting.lateRelations ?? []) this.late.add(relation);
      }
      if (missing.length === 0 || !reader) continue; // without a database, outside records are not checked
      if (this.mode === "replace" && this.covered.has(target.name)) {
        for (const waiting of missing) refuse(waiting, "is not in the file, and a replace import keeps only what the file holds.");
        continue;
      }
      const kinds = fields.map((name) => target.fields.find((f) => f.name === name)!.kind);
      const found = await reader.whereAny(target, fields, missing.map((waiting) => waiting.tuple.map((value, i) => toDbValue(kinds[i]!, value))));
      const existing = new Set(found.map((row) => tupleKey(fields.map((f) => toComparable(row[f])))));
      for (const waiting of missing) {
        if (!existing.has(tupleKey(waiting.tuple))) refuse(waiting, "is neither in the file nor in the database.");
      }
    }
    return { errors, forward: { selfReferencing: this.selfReferencing, late: this.late } };
  }

  /** The key shapes of a model that relations point at, with their sets. */
  private shapesOf(model: ModelSpec): { keys: KeySet; fields: readonly string[] }[] {
    let shapes = this.ownShapes.get(model.name);
    if (!shapes) {
      shapes = [...this.targets].filter(([key, target]) => target.model === model && !this.idShapes.has(key)).map(([key, { fields }]) => ({ keys: this.keys.get(key)!, fields }));
      this.ownShapes.set(model.name, shapes);
    }
    return shapes;
  }

  private shape(target: ModelSpec, fields: readonly string[]): string {
    const key = `${target.name}:${fields.join(",")}`;
    if (!this.targets.has(key)) {
      this.targets.set(key, { model: target, fields });
      // A single-field id's key is the value itself, as in the reader's ids: one set serves both.
      const ids = fields.length === 1 && target.id.length === 1 && fields[0] === target.id[0] ? this.ids.get(target.name) : undefined;
      if (ids) this.idShapes.add(key);
      this.keys.set(key, ids ?? new KeySet());
    }
    return key;
  }

  /** Shapes of targets the file does not cover: only looked up in the database. */
  private shapeOf(shapeKey: string): { model: ModelSpec; fields: readonly string[] } {
    const [name, fields] = shapeKey.split(":") as [string, string];
    return { model: this.definition.schema.models[name]!, fields: fields.split(",") };
  }

  /** The relations of a model that the file's references are checked through. */
  private outgoingOf(model: ModelSpec): Outgoing[] {
    let outgoing = this.outgoing.get(model.name);
    if (!outgoing) {
      outgoing = [];
      for (const relation of model.relations) {
        const target = this.definition.schema.models[relation.target];
        if (!target) continue; // a model left out of backups: the database enforces it
        const shapeKey = `${target.name}:${relation.references.join(",")}`;
        outgoing.push({ relation, target, shapeKey, keys: this.keys.get(shapeKey) });
      }
      this.outgoing.set(model.name, outgoing);
    }
    return outgoing;
  }

  /** A reference to a key no record read so far has: it waits for the end of the file. */
  private wait(shapeKey: string, key: unknown, tuple: unknown[], ref: Waiting["refs"][number]): Waiting {
    let byKey = this.waiting.get(shapeKey);
    if (!byKey) this.waiting.set(shapeKey, (byKey = new Map()));
    let waiting = byKey.get(key);
    if (!waiting) byKey.set(key, (waiting = { tuple, refs: [] }));
    if (waiting.refs.length < MAX_LISTED_ERRORS) waiting.refs.push(ref);
    return waiting;
  }
}

/**
 * A key in the sets: a single value as it is (ids are numbers or strings in the file, and a
 * number takes no memory of its own in a set), several values as one text.
 */
function keyOf(values: readonly unknown[]): unknown {
  return values.length === 1 ? values[0] : tupleKey(values);
}

/** Database values compared with file values: both through tupleKey's text forms. */
function toComparable(value: unknown): unknown {
  if (value instanceof Uint8Array) return Array.from(value).join(",");
  return value;
}

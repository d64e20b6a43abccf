/**
 * The second reading of a file: its records gathered into batches, each batch analysed (and,
 * when writing, written) before the next is read, so memory holds a batch, not the file.
 *
 * Batches follow the file: the writer puts every record a subtree needs in an earlier entry,
 * and nested records come after their parents, so a batch flushed in plan order finds every
 * record it points at already written. Files that break this (a tree whose parents come after
 * their children, or a record pointing at a later one of another model, which the first reading
 * notices) are batched per entry or as a whole instead.
 */
import type { BackupDefinition } from "../backup.ts";
import type { SectionEntry } from "../layout.ts";
import type { Analyser, ModelWrites } from "./analyse.ts";
import type { RecordSink } from "./collect.ts";
import type { Incoming, IncomingLink } from "./incoming.ts";
import type { Forward } from "./references.ts";

/** Records held before a batch is analysed: small enough that a batch dies young in the garbage collector. */
export const BATCH_RECORDS = 2_000;

export interface BatchPlan {
  /** Models analysed per entry (a tree whose parents may come after their children). */
  readonly selfReferencing: ReadonlySet<string>;
  /** Relations (`Model.relation`) set after every record exists, like cycle-closing keys. */
  readonly late: ReadonlySet<string>;
  /** Nothing is analysed before the whole file is read. */
  readonly holdAll: boolean;
}

/**
 * How the records of a file are batched, from its references to later records: a late relation
 * that may be unset, and is no part of a natural key, is set once every record exists (the
 * record is created without it); any other late relation holds everything to the end.
 */
export function planBatches(definition: BackupDefinition, forward: Forward): BatchPlan {
  let holdAll = false;
  for (const id of forward.late) {
    const [modelName, relationName] = id.split(".") as [string, string];
    const model = definition.schema.models[modelName]!;
    const relation = model.relations.find((r) => r.name === relationName)!;
    const optional = relation.fields.every((name) => !model.fields.find((field) => field.name === name)!.required);
    const inNaturalKey = Array.isArray(model.match) && relation.fields.some((name) => model.match!.includes(name));
    if (!optional || inNaturalKey) holdAll = true;
  }
  return { selfReferencing: forward.selfReferencing, late: holdAll ? new Set() : forward.late, holdAll };
}

export class Batcher implements RecordSink {
  private readonly buffers = new Map<string, Incoming[]>();
  private buffered = 0;
  /** Link pairs are written last, once both sides exist. */
  readonly links = new Map<string, IncomingLink[]>();
  /** Cycle-closing keys, set once every record exists. */
  readonly deferred: ModelWrites[] = [];

  constructor(
    private readonly definition: BackupDefinition,
    private readonly analyser: Analyser,
    private readonly plan: BatchPlan,
    /** Writes a batch's creates and updates; absent for an analysis without writes. */
    private readonly write?: (writes: ModelWrites) => Promise<void>,
  ) {}

  add(incoming: Incoming): void {
    const name = incoming.model.name;
    let buffer = this.buffers.get(name);
    if (!buffer) this.buffers.set(name, (buffer = []));
    buffer.push(incoming);
    this.buffered++;
  }

  link(name: string, pair: IncomingLink): void {
    let pairs = this.links.get(name);
    if (!pairs) this.links.set(name, (pairs = []));
    pairs.push({ owner: pair.owner, target: pair.target, path: "" }); // paths served the first reading
  }

  settle(): Promise<void> | undefined {
    if (this.buffered < BATCH_RECORDS || this.plan.holdAll) return undefined;
    // A tree out of order is analysed per entry, so that a record's parent is in its batch.
    for (const name of this.plan.selfReferencing) if (this.buffers.get(name)?.length) return undefined;
    return this.flush();
  }

  entryEnd(_entry: SectionEntry): Promise<void> | undefined {
    return this.plan.holdAll ? undefined : this.flush();
  }

  /** Analyses (and writes) everything held, model by model in plan order. */
  async flush(): Promise<void> {
    if (this.buffered === 0) return;
    for (const name of this.definition.schema.plan.order) {
      const entries = this.buffers.get(name);
      if (!entries?.length) continue;
      this.buffers.set(name, []);
      const writes = await this.analyser.batch(entries[0]!.model, entries);
      if (writes.deferred.length > 0) this.deferred.push({ ...writes, creates: [], updates: [] });
      await this.write?.(writes);
    }
    this.buffered = 0;
  }
}

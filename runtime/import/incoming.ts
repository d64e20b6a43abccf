/**
 * The file's records once read and validated: the input of analysis and writing.
 */
import type { FileRecord } from "../codec.ts";
import { recordIdOf } from "../layout.ts";
import type { ModelSpec } from "../schema.ts";

export class Incoming {
  constructor(
    readonly model: ModelSpec,
    /** JSON path of the record in the file, e.g. `data.customers[3].sales[0]`. */
    readonly path: string,
    /**
     * Validated file form; a nested record's parent key is filled in from its parent. Read its
     * fields by name: the object may hold other members (its nested records, its link lists).
     */
    readonly record: FileRecord,
  ) {}

  /** The record's id in the file, as text: worked out when asked (a few records' are). */
  get recordId(): string {
    return recordIdOf(this.model, this.record);
  }
}

/** A many-to-many pair as the file gives it (file-form ids). */
export interface IncomingLink {
  readonly owner: unknown;
  readonly target: unknown;
  readonly path: string;
}

export interface IncomingSet {
  /** Models the file covers (those in `metadata.counts` that this schema backs up). */
  readonly covered: ReadonlySet<string>;
  readonly records: Map<string, Incoming[]>;
  /** Links by link name, for links whose two models the file covers. */
  readonly links: Map<string, IncomingLink[]>;
}

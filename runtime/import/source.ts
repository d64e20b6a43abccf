/**
 * Where the records of a file come from, in file order: the reading, validating and writing
 * steps are visitors, and a source walks them over the records. Two sources read the same
 * files: `lineSource` streams the canonical layout that prisma-backup writes (one record a line)
 * in bounded memory; `documentSource` walks a document parsed whole, for files laid out any
 * other way (hand-edited, pretty-printed).
 */
import type { BackupDocument } from "../format/open.ts";
import { isObject } from "../format/metadata.ts";
import type { StreamPrimitives } from "../format/stream.ts";
import { readText } from "../format/stream.ts";
import { SECTIONS, type Layout, type SectionEntry } from "../layout.ts";
import type { Problem } from "../options.ts";
import { problem } from "../problems.ts";
import type { ModelSpec } from "../schema.ts";
import { CanonicalLines } from "./lines.ts";

export interface RecordVisitor {
  /** A record at the top of an entry (the single record of a single model), at its JSON path. */
  record(entry: SectionEntry, raw: unknown, path: string): void | Promise<void>;
  /** Every record of the entry has been visited. */
  entryEnd(entry: SectionEntry): void | Promise<void>;
  /** The document's structure is wrong where a record or a list was expected. */
  problem(found: Problem): void;
}

export interface RecordSource {
  walk(visitor: RecordVisitor): Promise<void>;
}

/** The records of a document parsed whole. */
export function documentSource(document: BackupDocument, layout: Layout, models: Readonly<Record<string, ModelSpec>>): RecordSource {
  return {
    async walk(visitor) {
      const counts = document.metadata.counts;
      for (const section of SECTIONS) {
        const value = document[section];
        const entries = layout.sections[section];
        if (value === undefined && entries.length === 0) continue;
        if (!isObject(value)) {
          visitor.problem(problem("invalid_record", `"${section}" must be an object.`, { path: section }));
          continue;
        }
        for (const entry of entries) {
          const model = models[entry.model]!;
          const path = `${section}.${entry.key}`;
          const entryValue = value[entry.key];
          if (model.single) {
            if (entryValue !== null && entryValue !== undefined) await visitor.record(entry, entryValue, path);
          } else if (entryValue === undefined) {
            if (entry.kind === "records" && (counts[model.name] ?? 0) > 0) {
              visitor.problem(problem("invalid_record", `"${path}" is missing, but metadata.counts says the file has ${model.name} records.`, { path, model: model.name }));
            }
          } else if (!Array.isArray(entryValue)) {
            visitor.problem(problem("invalid_record", `"${path}" must be a list of ${model.name} records.`, { path, model: model.name }));
          } else {
            for (const [index, item] of entryValue.entries()) await visitor.record(entry, item, `${path}[${index}]`);
          }
          await visitor.entryEnd(entry);
        }
      }
    },
  };
}

const NO_HASH = { update: () => undefined, digest: () => "" };

/**
 * The records of a file in the canonical layout, read again from its bytes at each walk. Only for
 * bytes a first reading found canonical, with a valid checksum: they are not checked again.
 */
export function lineSource(bytes: Uint8Array, primitives: StreamPrimitives, maxBytes: number, layout: Layout, models: Readonly<Record<string, ModelSpec>>): RecordSource {
  return {
    async walk(visitor) {
      const lines = new CanonicalLines(() => layout, models, visitor);
      // No checksum this time: the first reading verified these very bytes.
      await readText(bytes, { ...primitives, sha256: () => NO_HASH }, maxBytes, (text) => lines.push(text));
      const outcome = lines.end();
      if (outcome.kind !== "canonical") throw new Error(`The file changed between two readings (${outcome.kind}).`);
    },
  };
}

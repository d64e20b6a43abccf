/**
 * The hostile-file corpus: `count` files made from valid backups by the mutations of
 * mutations.ts, cycling through every kind so that each is represented, plus (optionally) one
 * gzip bomb. Entry `i` depends only on the seed, `i` and the bases, so any entry can be made
 * again alone, and the same seed gives the same corpus on every machine.
 */
import { createHash } from "node:crypto";
import { Random } from "../../prisma/seed/random.ts";
import { DEFAULT_MAX_BYTES } from "../../runtime/format/open.ts";
import type { BackupSchema } from "../../runtime/schema.ts";
import { decodeBase, type Base } from "./document.ts";
import { gzipBomb, MUTATIONS } from "./mutations.ts";

export interface CorpusEntry {
  readonly index: number;
  /** File name: `0042-wrong-type.json.gz`. */
  readonly name: string;
  readonly kind: string;
  readonly description: string;
  /** Problem codes a correct reader may refuse it with (the first problem's code). */
  readonly expect: readonly string[];
  /** The base it was made from. */
  readonly base: string;
  readonly bytes: Uint8Array;
}

export interface CorpusOptions {
  readonly seed: string | number;
  /** Mutated files (the bomb comes on top). */
  readonly count: number;
  /** Valid backups to mutate, by name. */
  readonly bases: readonly { readonly name: string; readonly bytes: Uint8Array }[];
  readonly schema: BackupSchema;
  /** Only these kinds (default all). */
  readonly kinds?: readonly string[];
  /** Add a gzip bomb inflating to this many bytes (default: none). */
  readonly bombBytes?: number;
}

/** A bomb just past the runtime's default limit on decompressed size. */
export const DEFAULT_BOMB_BYTES = DEFAULT_MAX_BYTES + 64 * 1024 * 1024;

export const MUTATION_KINDS: readonly string[] = Object.keys(MUTATIONS);

/** The corpus, one entry at a time (a long-string entry holds megabytes: do not keep them all). */
export function* generateCorpus(options: CorpusOptions): Generator<CorpusEntry> {
  const kinds = options.kinds ?? MUTATION_KINDS;
  const unknown = kinds.filter((kind) => !MUTATIONS[kind]);
  if (unknown.length > 0) throw new Error(`Unknown mutation kind ${unknown.join(", ")}; known: ${MUTATION_KINDS.join(", ")}`);
  if (options.bases.length === 0) throw new Error("The corpus needs at least one valid backup to mutate.");
  const bases = options.bases.map(({ name, bytes }) => decodeBase(name, bytes));
  for (let index = 0; index < options.count; index++) yield corpusEntry(options, bases, kinds, index);
  if (options.bombBytes) {
    const bomb = gzipBomb(options.bombBytes);
    yield { index: options.count, name: `${pad(options.count)}-gzip-bomb.json.gz`, kind: "gzip-bomb", base: "none", ...bomb };
  }
}

function corpusEntry(options: CorpusOptions, bases: readonly Base[], kinds: readonly string[], index: number): CorpusEntry {
  const kind = kinds[index % kinds.length]!;
  const rng = new Random(`${options.seed}/${index}`);
  // A mutation may not apply to the base drawn (no record of the right shape): draw again.
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = rng.pick(bases);
    const mutated = MUTATIONS[kind]!({ rng, base, schema: options.schema });
    if (!mutated) continue;
    const compressed = mutated.bytes.length >= 2 && mutated.bytes[0] === 0x1f && mutated.bytes[1] === 0x8b;
    return { index, name: `${pad(index)}-${kind}.json${compressed ? ".gz" : ""}`, kind, base: base.name, ...mutated };
  }
  throw new Error(`Mutation ${kind} found nothing to damage in the bases (entry ${index}).`);
}

function pad(index: number): string {
  return String(index).padStart(4, "0");
}

/** What the manifest says of an entry (everything but the bytes). */
export function describeEntry(entry: CorpusEntry) {
  return {
    file: entry.name,
    kind: entry.kind,
    base: entry.base,
    bytes: entry.bytes.length,
    sha256: createHash("sha256").update(entry.bytes).digest("hex"),
    expect: entry.expect,
    description: entry.description,
  };
}

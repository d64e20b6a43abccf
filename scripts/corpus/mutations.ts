/**
 * The ways the corpus damages a valid backup. Each mutation is sure to make the file invalid
 * (it never yields a file a correct reader should accept: no flipped bit in a gzip header field
 * nobody checks, no truncation of the optional final newline, no whitespace-only garbage), and
 * says which problem codes a correct reader may answer with.
 *
 * Byte-level mutations damage the file as stored; structural ones edit the document and write
 * it back with a valid checksum, so that the damage reaches the validators behind the integrity
 * check.
 */
import { gunzipSync } from "node:zlib";
import type { Random } from "../../prisma/seed/random.ts";
import type { BackupSchema } from "../../runtime/schema.ts";
import { claimedChecksum, concat, encodeDocument, gzip, isObject, parseDocument, Raws, withTrailer, type Base, type Document, type Json, type JsonObject } from "./document.ts";
import { fits, locateRecords, missingId, presentFields, requiredFields, WRONG_VALUES, type Located } from "./records.ts";

export interface MutationContext {
  readonly rng: Random;
  readonly base: Base;
  readonly schema: BackupSchema;
}

export interface Mutated {
  readonly bytes: Uint8Array;
  /** What was done, for people reading the manifest. */
  readonly description: string;
  /** Problem codes a correct reader may refuse the file with (the first problem's code). */
  readonly expect: readonly string[];
}

export type Mutation = (context: MutationContext) => Mutated | undefined;

/** Codes of a file that cannot be opened at all. */
const UNREADABLE = ["empty_file", "not_a_backup", "corrupt_gzip", "invalid_utf8", "invalid_json", "missing_checksum", "checksum_mismatch"];

// ── Byte-level damage ────────────────────────────────────────────────────────────────────

const GZIP_UNCHECKED = new Set([3, 4, 5, 6, 7, 8, 9]); // FLG, MTIME, XFL, OS: no reader checks them

function flipBitGzip({ rng, base }: MutationContext): Mutated | undefined {
  const file = base.compressed ? base.bytes : gzip(base.plain);
  const bytes = file.slice();
  let at = rng.int(0, bytes.length - 1);
  while (GZIP_UNCHECKED.has(at)) at = rng.int(0, bytes.length - 1);
  const bit = rng.int(0, 7);
  bytes[at] = bytes[at]! ^ (1 << bit);
  // A flip inside the deflate data may leave the output unchanged (an unused code length): skip it.
  try {
    if (Buffer.from(gunzipSync(bytes)).equals(Buffer.from(base.plain))) return undefined;
  } catch {
    // undecodable: the reader must say so
  }
  return { bytes, description: `gzip'd file, bit ${bit} of byte ${at} of ${bytes.length} flipped`, expect: UNREADABLE };
}

function flipBitPlain({ rng, base }: MutationContext): Mutated | undefined {
  const bytes = base.plain.slice();
  const at = rng.int(0, bytes.length - 1);
  const bit = rng.int(0, 7);
  const trailerStart = base.text.lastIndexOf('"checksum"');
  // Hex digits of the checksum are read case-insensitively: flipping 0x20 of a letter there changes nothing.
  if (bit === 5 && at > trailerStart && /[a-fA-F]/.test(String.fromCharCode(bytes[at]!))) return undefined;
  bytes[at] = bytes[at]! ^ (1 << bit);
  return { bytes, description: `plain JSON, bit ${bit} of byte ${at} of ${bytes.length} flipped`, expect: UNREADABLE };
}

function truncateGzip({ rng, base }: MutationContext): Mutated {
  const file = base.compressed ? base.bytes : gzip(base.plain);
  const length = rng.chance(0.3) ? rng.int(file.length - 8, file.length - 1) : rng.int(0, file.length - 1);
  return { bytes: file.slice(0, length), description: `gzip'd file cut to ${length} of ${file.length} bytes`, expect: UNREADABLE };
}

function truncatePlain({ rng, base }: MutationContext): Mutated {
  // The final newline is optional: cutting only it leaves a valid file, so at least two bytes go.
  const end = base.plain.length - 2;
  const length = rng.chance(0.3) ? rng.int(Math.max(0, end - 80), end) : rng.int(0, end);
  return { bytes: base.plain.slice(0, length), description: `plain JSON cut to ${length} of ${base.plain.length} bytes`, expect: UNREADABLE };
}

function appendGarbage({ rng, base }: MutationContext): Mutated {
  const garbage = rng.bytes(rng.int(1, 64));
  garbage[0] = rng.pick([0x78, 0x7b, 0x5d, 0x00, 0xff, 0x2c]); // never whitespace
  const bytes = concat([base.plain, garbage]);
  return { bytes: rng.chance(0.5) ? gzip(bytes) : bytes, description: `${garbage.length} bytes of garbage after the checksum`, expect: UNREADABLE };
}

function bomPrefix({ rng, base }: MutationContext): Mutated {
  const bytes = concat([new Uint8Array([0xef, 0xbb, 0xbf]), base.plain]);
  return { bytes: rng.chance(0.5) ? gzip(bytes) : bytes, description: "a UTF-8 byte-order mark before the document", expect: ["not_a_backup"] };
}

function doubleGzip({ base }: MutationContext): Mutated {
  return { bytes: gzip(gzip(base.plain)), description: "gzip'd twice", expect: ["not_a_backup"] };
}

function fakeEnvelope({ rng, base }: MutationContext): Mutated {
  const magic = new Uint8Array([0x89, 0x50, 0x42, 0x4b, 0x0d, 0x0a, 0x1a, 0x0a]);
  const header = rng.bytes(rng.int(0, 120));
  const body = rng.chance(0.5) ? base.bytes.subarray(0, rng.int(0, base.bytes.length)) : new Uint8Array();
  return {
    bytes: concat([magic, header, body]),
    description: `an encryption envelope's magic followed by ${header.length + body.length} bytes that are not a valid envelope`,
    expect: ["not_a_backup", "password_required", "damaged_encrypted_file", "unsupported_encryption", "wrong_password"],
  };
}

const TINY = ["", " ", "\n\n", "{", "{}", "[]", "null", "0", '""', '{"metadata":null}', '{"metadata":{"format":"prisma-backup"}}', "\u0000\u0000\u0000\u0000", "PK\u0003\u0004", "<html></html>"];

function tinyFile({ rng }: MutationContext): Mutated {
  const text = rng.pick(TINY);
  const bytes = new TextEncoder().encode(text);
  return { bytes: rng.chance(0.3) && text.length > 0 ? gzip(bytes) : bytes, description: `a tiny file: ${JSON.stringify(text)}`, expect: UNREADABLE };
}

/** Byte offsets of JSON structure characters outside strings. */
function structuralOffsets(text: string): number[] {
  const offsets: number[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      offsets.push(i);
    } else if ("{}[]:,".includes(c)) offsets.push(i);
  }
  return offsets;
}

function brokenSyntax({ rng, base }: MutationContext): Mutated {
  const document = parseDocument(base);
  const json = JSON.stringify(document);
  const offsets = structuralOffsets(json).filter((at) => at > 0 && at < json.length - 1);
  const at = rng.pick(offsets);
  // Never "" for a comma ([1,2] → [12] is valid), never the character itself.
  const replacement = rng.pick(["", "=", ";", "'", "\\", "}}", "]"].filter((r) => r !== json[at] && !(r === "" && json[at] === ",")));
  const broken = json.slice(0, at) + replacement + json.slice(at + 1);
  // Written with a valid checksum over the broken text, so only the parser can tell.
  const bytes = withTrailer(new TextEncoder().encode(broken.slice(0, -1)), { compress: rng.chance(0.5) });
  return { bytes, description: `${JSON.stringify(json[at])} at offset ${at} replaced by ${JSON.stringify(replacement)}, checksum recomputed`, expect: ["invalid_json"] };
}

const INVALID_UTF8: readonly (readonly number[])[] = [[0x80], [0xc0, 0xaf], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf5, 0x80, 0x80, 0x80], [0xff], [0xe2, 0x82], [0xf0, 0x9f, 0x98]];

function invalidUtf8(fixChecksum: boolean) {
  return ({ rng, base, schema }: MutationContext): Mutated | undefined => {
    const document = parseDocument(base);
    const target = pickRecord(rng, schema, document, (located) => presentFields(located).some((f) => f.kind === "String" && typeof located.record[f.name] === "string"));
    if (!target) return undefined;
    const field = rng.pick(presentFields(target).filter((f) => f.kind === "String" && typeof target.record[f.name] === "string"));
    const sequence = rng.pick(INVALID_UTF8);
    const raws = new Raws();
    const text = target.record[field.name] as string;
    const cut = rng.int(0, text.length);
    target.record[field.name] = raws.raw(concat([new TextEncoder().encode(JSON.stringify(text.slice(0, cut)).slice(0, -1)), new Uint8Array(sequence), new TextEncoder().encode(JSON.stringify(text.slice(cut)).slice(1))]));
    const bytes = encodeDocument(document, { compress: rng.chance(0.5), raws, ...(fixChecksum ? {} : { checksum: { stale: claimedChecksum(base) } }) });
    const hex = sequence.map((b) => b.toString(16).padStart(2, "0")).join(" ");
    return {
      bytes,
      description: `bytes ${hex} (not UTF-8) inside ${target.path}.${field.name}, checksum ${fixChecksum ? "recomputed" : "left as it was"}`,
      expect: fixChecksum ? ["invalid_utf8"] : ["checksum_mismatch"],
    };
  };
}

// ── Structural damage, checksum recomputed ───────────────────────────────────────────────

type Edit = (document: Document, raws: Raws) => { description: string; expect: readonly string[] } | undefined;

function structural(edit: (context: MutationContext) => Edit) {
  return (context: MutationContext): Mutated | undefined => {
    const document = parseDocument(context.base);
    const raws = new Raws();
    const outcome = edit(context)(document, raws);
    if (!outcome) return undefined;
    return { bytes: encodeDocument(document, { compress: context.rng.chance(0.5), raws }), ...outcome };
  };
}

function pickRecord(rng: Random, schema: BackupSchema, document: Document, accept: (located: Located) => boolean = () => true): Located | undefined {
  const candidates = locateRecords(schema, document).filter(accept);
  return candidates.length > 0 ? rng.pick(candidates) : undefined;
}

function counts(document: Document): JsonObject {
  return document.metadata.counts as JsonObject;
}

/** Adds `delta` to the counts of a record's model and of every record nested in it. */
function adjustCounts(schema: BackupSchema, document: Document, located: Located, delta: number): void {
  const walk = (model: string, record: JsonObject) => {
    counts(document)[model] = (counts(document)[model] as number) + delta;
    for (const [key, value] of Object.entries(record)) {
      if (!Array.isArray(value)) continue;
      const child = Object.values(schema.models).find((m) => m.nest?.parent === model && m.key === key);
      if (child) for (const item of value) if (isObject(item)) walk(child.name, item);
    }
  };
  walk(located.model.name, located.record);
}

const METADATA_KEYS: Readonly<Record<string, string>> = {
  format: "not_a_backup",
  version: "unsupported_version",
  exported_at: "invalid_metadata",
  schema_fingerprint: "invalid_metadata",
  counts: "invalid_metadata",
  modules: "invalid_metadata",
};

const deleteMetadataKey = structural(({ rng }) => (document) => {
  const key = rng.pick(Object.keys(METADATA_KEYS));
  delete document.metadata[key];
  return { description: `metadata.${key} deleted`, expect: [METADATA_KEYS[key]!] };
});

const wrongMetadata = structural(({ rng, schema }) => (document) => {
  const choices: [string, () => void, string][] = [
    ["format", () => (document.metadata.format = rng.pick(["prisma-backup2", "PRISMA-BACKUP", "", 1, null])), "not_a_backup"],
    ["version", () => (document.metadata.version = rng.pick(["2.0", "0.9", "1", "1.0.0", "v1.0", "", 1, 1.5, null, ["1", "0"]])), "unsupported_version"],
    ["exported_at", () => (document.metadata.exported_at = rng.pick([12, null, true, {}])), "invalid_metadata"],
    ["schema_fingerprint", () => (document.metadata.schema_fingerprint = rng.pick([0, null, [], {}])), "invalid_metadata"],
    ["counts", () => (document.metadata.counts = rng.pick([[], "all", 7, null])), "invalid_metadata"],
    ["modules", () => (document.metadata.modules = rng.pick(["all", 3, null, {}])), "invalid_metadata"],
    [
      "counts",
      () => {
        const name = rng.pick(Object.keys(counts(document)).filter((n) => Object.hasOwn(schema.models, n) && !schema.models[n]!.single));
        counts(document)[name] = (counts(document)[name] as number) + rng.pick([1, -1, 1000, 0.5]);
      },
      "invalid_metadata",
    ],
  ];
  const [key, apply, code] = rng.pick(choices);
  apply();
  return { description: `metadata.${key} given a wrong value (${JSON.stringify(key === "counts" ? document.metadata.counts : document.metadata[key])?.slice(0, 80)})`, expect: [code] };
});

const swapTopKeys = structural(({ rng }) => (document) => {
  const [a, b] = rng.pick([["metadata", "data"], ["metadata", "company"], ["company", "data"]] as const);
  const held = document[a];
  document[a] = document[b];
  document[b] = held;
  return { description: `the values of "${a}" and "${b}" swapped`, expect: ["not_a_backup", "invalid_metadata", "invalid_record", "unsupported_version"] };
});

const deleteSection = structural(({ rng, schema }) => (document) => {
  const located = locateRecords(schema, document).filter((l) => l.list !== undefined && l.path.split(".").length === 2);
  const keys = [...new Set(located.map((l) => l.path.replace(/\[\d+\]$/, "")))];
  if (keys.length === 0) return undefined;
  const path = rng.pick(keys);
  const [section, key] = path.split(".") as ["company" | "data", string];
  delete document[section][key];
  return { description: `${path} (a list of records that metadata.counts announces) deleted`, expect: ["invalid_record", "invalid_metadata"] };
});

const deleteRecord = structural(({ rng, schema }) => (document) => {
  const target = pickRecord(rng, schema, document, (l) => l.list !== undefined);
  if (!target) return undefined;
  target.list!.splice(target.index, 1);
  return { description: `record ${target.path} deleted, metadata.counts left as it was`, expect: ["invalid_metadata", "dangling_reference"] };
});

const deleteRequiredField = structural(({ rng, schema }) => (document) => {
  const target = pickRecord(rng, schema, document, (l) => requiredFields(l).length > 0);
  if (!target) return undefined;
  const field = rng.pick(requiredFields(target));
  delete target.record[field.name];
  return { description: `required field ${target.path}.${field.name} deleted`, expect: ["missing_field", "invalid_record"] };
});

const swapFields = structural(({ rng, schema }) => (document) => {
  const pairsOf = (l: Located) => {
    const fields = presentFields(l).filter((f) => f.kind !== "Json");
    return fields.flatMap((a, i) => fields.slice(i + 1).map((b) => [a, b] as const)).filter(([a, b]) => !fits(schema, a, l.record[b.name]) || !fits(schema, b, l.record[a.name]));
  };
  const target = pickRecord(rng, schema, document, (l) => pairsOf(l).length > 0);
  if (!target) return undefined;
  const [a, b] = rng.pick(pairsOf(target));
  const held = target.record[a.name]!;
  target.record[a.name] = target.record[b.name]!;
  target.record[b.name] = held;
  return { description: `values of ${target.path}.${a.name} (${a.kind}) and .${b.name} (${b.kind}) swapped`, expect: ["invalid_record"] };
});

const wrongType = structural(({ rng, schema }) => (document) => {
  const target = pickRecord(rng, schema, document, (l) => presentFields(l).some((f) => f.kind !== "Json"));
  if (!target) return undefined;
  const linkKeys = [...target.linkKeys.keys()].filter((key) => key in target.record);
  if (linkKeys.length > 0 && rng.chance(0.15)) {
    const key = rng.pick(linkKeys);
    target.record[key] = rng.pick(["1,2", 3, { "0": 1 }, [["x"]], [null], [true]]);
    return { description: `link list ${target.path}.${key} replaced by ${JSON.stringify(target.record[key])}`, expect: ["invalid_record"] };
  }
  const field = rng.pick(presentFields(target).filter((f) => f.kind !== "Json"));
  const value = rng.pick(WRONG_VALUES.filter((v) => !fits(schema, field, v)));
  target.record[field.name] = value;
  return { description: `${target.path}.${field.name} (${field.kind}${field.required ? "" : "?"}) set to ${JSON.stringify(value)}`, expect: ["invalid_record"] };
});

const duplicateId = structural(({ rng, schema }) => (document) => {
  const target = pickRecord(rng, schema, document, (l) => l.list !== undefined);
  if (!target) return undefined;
  const copy = structuredClone(target.record);
  target.list!.splice(rng.int(0, target.list!.length), 0, copy);
  adjustCounts(schema, document, { ...target, record: copy }, 1);
  return { description: `record ${target.path} duplicated in its list (same id), counts raised to match`, expect: ["duplicate_id"] };
});

const duplicateKey = structural(({ rng, schema }) => (document) => {
  const hasKey = (l: Located) =>
    l.list !== undefined && Array.isArray(l.model.match) && l.model.id.length === 1 && l.model.match.every((f) => l.record[f] !== null && l.record[f] !== undefined);
  const target = pickRecord(rng, schema, document, hasKey);
  if (!target) return undefined;
  const copy = structuredClone(target.record);
  for (const key of target.childKeys) if (key in copy) copy[key] = [];
  const idField = target.model.fields.find((f) => f.name === target.model.id[0])!;
  copy[idField.name] = idField.kind === "Int" ? 1_500_000_000 + rng.int(0, 1_000_000) : `dup${rng.base36(20)}`;
  target.list!.push(copy);
  counts(document)[target.model.name] = (counts(document)[target.model.name] as number) + 1;
  const match = target.model.match as readonly string[];
  return { description: `a copy of ${target.path} with a new id but the same ${match.join(", ")}`, expect: ["duplicate_key"] };
});

const idWrongType = structural(({ rng, schema }) => (document) => {
  const target = pickRecord(rng, schema, document, (l) => l.model.id.some((f) => !l.implied.has(f)));
  if (!target) return undefined;
  const field = target.model.fields.find((f) => f.name === rng.pick(target.model.id.filter((id) => !target.implied.has(id))))!;
  const candidates: Json[] = [...WRONG_VALUES, 2 ** 31, -(2 ** 31) - 1, 1.5, String(target.record[field.name]), Number(target.record[field.name])];
  const value = rng.pick(candidates.filter((v) => !fits(schema, field, v) && !(typeof v === "number" && Number.isNaN(v))));
  target.record[field.name] = value;
  return { description: `id ${target.path}.${field.name} (${field.kind}) set to ${JSON.stringify(value)}`, expect: ["invalid_record"] };
});

const missingReference = structural(({ rng, schema }) => (document) => {
  const relationsOf = (l: Located) => l.model.relations.filter((r) => r.fields.length === 1 && !l.implied.has(r.fields[0]!) && schema.models[r.target]);
  const target = pickRecord(rng, schema, document, (l) => relationsOf(l).length > 0 || [...l.linkKeys.keys()].some((k) => Array.isArray(l.record[k])));
  if (!target) return undefined;
  const salt = rng.uint32();
  const links = [...target.linkKeys.entries()].filter(([key]) => Array.isArray(target.record[key]));
  if (links.length > 0 && (relationsOf(target).length === 0 || rng.chance(0.3))) {
    const [key, linked] = rng.pick(links);
    const value = missingId(linked.fields.find((f) => f.name === linked.id[0])!, salt);
    (target.record[key] as Json[]).push(value);
    return { description: `${target.path}.${key} links to ${linked.name} ${JSON.stringify(value)}, which does not exist`, expect: ["dangling_reference"] };
  }
  const relation = rng.pick(relationsOf(target));
  const referenced = schema.models[relation.target]!.fields.find((f) => f.name === relation.references[0])!;
  const value = missingId(referenced, salt);
  target.record[relation.fields[0]!] = value;
  return { description: `${target.path}.${relation.fields[0]} refers to ${relation.target} ${JSON.stringify(value)}, which does not exist`, expect: ["dangling_reference"] };
});

function defineOwn(object: JsonObject, key: string, value: Json): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * A required field removed from a record and offered through `__proto__` instead: a reader that
 * copies members with `target[key] = value` makes it the record's prototype, and the field
 * seems present. The smuggled value differs from the original, so accepting it changes data.
 */
const protoSmuggle = structural(({ rng, schema }) => (document) => {
  const target = pickRecord(rng, schema, document, (l) => requiredFields(l).length > 0);
  if (!target) return undefined;
  const field = rng.pick(requiredFields(target));
  const original = target.record[field.name]!;
  const smuggled = field.kind === "String" && !target.model.id.includes(field.name) ? `smuggled-${rng.base36(6)}` : original;
  delete target.record[field.name];
  defineOwn(target.record, "__proto__", { [field.name]: smuggled });
  return { description: `${target.path}.${field.name} removed and given as {"__proto__":{"${field.name}":${JSON.stringify(smuggled)}}}`, expect: ["missing_field", "invalid_record"] };
});

/** A whole part of the document moved under a `__proto__` (or `constructor`) key. */
const protoWrapper = structural(({ rng, schema }) => (document) => {
  const key = rng.pick(["__proto__", "constructor", "prototype"]);
  // Only parts the file needs (a selective file without company models does not read "company").
  const sections = new Set(locateRecords(schema, document).map((l) => l.path.split(".")[0]!));
  const part = rng.pick((["metadata", "data", "company"] as const).filter((p) => p === "metadata" || sections.has(p)));
  const wrapped: JsonObject = {};
  defineOwn(wrapped, key, document[part]);
  document[part] = wrapped;
  const expect = part === "metadata" ? ["not_a_backup"] : ["invalid_record"];
  return { description: `"${part}" replaced by {"${key}": <the original ${part}>}`, expect };
});

function longText(rng: Random, length: number): string {
  const unit = rng.pick(["x", "é", "9", "🙂", "A", " "]);
  return unit.repeat(Math.ceil(length / unit.length));
}

const longString = structural(({ rng, schema }) => (document) => {
  const length = rng.int(1, 8) * 1024 * 1024;
  const size = `${length / 1024 / 1024} MB`;
  const choice = rng.int(0, 3);
  if (choice === 0) {
    const key = rng.pick(["version", "format"]);
    document.metadata[key] = `${key === "version" ? "1." : "prisma-backup"}${longText(rng, length)}`;
    return { description: `metadata.${key} made ${size} long`, expect: [key === "version" ? "unsupported_version" : "not_a_backup"] };
  }
  if (choice === 1) {
    const target = pickRecord(rng, schema, document, (l) => requiredFields(l).some((f) => f.kind === "String"));
    if (!target) return undefined;
    const field = rng.pick(requiredFields(target).filter((f) => f.kind === "String"));
    const value = target.record[field.name]!;
    delete target.record[field.name];
    target.record[`${field.name}${longText(rng, length)}`] = value;
    return { description: `the key of ${target.path}.${field.name} made ${size} long (the field is then missing)`, expect: ["missing_field", "invalid_record"] };
  }
  const target = pickRecord(rng, schema, document, (l) => presentFields(l).some((f) => f.kind !== "String" && f.kind !== "Json"));
  if (!target) return undefined;
  const field = rng.pick(presentFields(target).filter((f) => f.kind !== "String" && f.kind !== "Json"));
  const value = field.kind === "Bytes" ? `${longText(rng, length)}*` : field.kind === "DateTime" ? `2026-01-01T00:00:00.000Z${longText(rng, length)}` : `${longText(rng, length)}!`;
  target.record[field.name] = value;
  return { description: `${target.path}.${field.name} (${field.kind}) set to a ${size} string`, expect: ["invalid_record"] };
});

function deep(depth: number, open: string, close: string, leaf: string): string {
  return open.repeat(depth) + leaf + close.repeat(depth);
}

const deepNesting = structural(({ rng, schema }) => (document, raws) => {
  const depth = rng.pick([1_000, 5_000, 20_000, 100_000, 200_000]);
  const shapes = [["[", "]", "1"], ['{"a":', "}", "null"], ['[{"k":', "}]", "[]"]] as const;
  const place = rng.int(0, 4);
  // An object in place of metadata.counts is a (strange) selective file: arrays only there.
  const [open, close, leaf] = rng.pick(place <= 1 ? shapes.filter(([o]) => o.startsWith("[")) : shapes);
  const value = raws.raw(deep(depth, open, close, leaf));
  const what = `a ${open.startsWith("[") ? "list" : "object"} nested ${depth} deep`;
  if (place === 0) {
    const key = rng.pick(["version", "counts", "modules", "format"]);
    document.metadata[key] = value;
    return { description: `metadata.${key} replaced by ${what}`, expect: [METADATA_KEYS[key]!] };
  }
  if (place === 1) {
    const name = rng.pick(Object.keys(counts(document)).filter((n) => Object.hasOwn(schema.models, n)));
    counts(document)[name] = value;
    return { description: `metadata.counts.${name} replaced by ${what}`, expect: ["invalid_metadata", "invalid_record"] };
  }
  if (place === 2) {
    const target = pickRecord(rng, schema, document, (l) => l.list !== undefined);
    if (!target) return undefined;
    target.list![target.index] = value;
    // A nested object is a record without its fields.
    return { description: `record ${target.path} replaced by ${what}`, expect: ["invalid_record", "missing_field"] };
  }
  const kinds = place === 3 ? ["Json"] : ["String", "Int", "DateTime", "Decimal", "Boolean", "Enum", "Float", "BigInt"];
  const target = pickRecord(rng, schema, document, (l) => presentFields(l).some((f) => kinds.includes(f.kind)));
  if (!target) return undefined;
  const field = rng.pick(presentFields(target).filter((f) => kinds.includes(f.kind)));
  target.record[field.name] = value;
  return { description: `${target.path}.${field.name} (${field.kind}) set to ${what}`, expect: ["invalid_record"] };
});

const bigNumber = structural(({ rng, schema }) => (document, raws) => {
  const choice = rng.int(0, 3);
  if (choice === 0) {
    const name = rng.pick(Object.keys(counts(document)).filter((n) => Object.hasOwn(schema.models, n)));
    const text = rng.pick(["1e400", "9007199254740993", "-1e400", "18446744073709551617"]);
    counts(document)[name] = raws.raw(text);
    return { description: `metadata.counts.${name} set to ${text}`, expect: ["invalid_metadata"] };
  }
  const kinds = choice === 1 ? ["Int"] : choice === 2 ? ["BigInt"] : ["Float"];
  const target = pickRecord(rng, schema, document, (l) => presentFields(l).some((f) => kinds.includes(f.kind)));
  if (!target) return undefined;
  const field = rng.pick(presentFields(target).filter((f) => kinds.includes(f.kind)));
  const text =
    field.kind === "Int"
      ? rng.pick(["9007199254740993", "-9007199254740993", "2147483648", "-2147483649", "1e20", "1e400", "4294967296"])
      : field.kind === "BigInt"
        ? rng.pick(['"9223372036854775808"', '"-9223372036854775809"', '"123456789012345678901234567890"', "9007199254740993", "1e400"])
        : rng.pick(["1e400", "-1e400", "1e999999"]);
  target.record[field.name] = raws.raw(text);
  return { description: `${target.path}.${field.name} (${field.kind}) set to ${text}`, expect: ["invalid_record"] };
});

/**
 * A gzip that inflates far past the size limit: many members, each 1 MiB of spaces after a
 * plausible start, which deflate shrinks a thousandfold.
 */
export function gzipBomb(inflatedBytes: number): Mutated {
  const block = new Uint8Array(1024 * 1024).fill(0x20);
  const head = new TextEncoder().encode('{"metadata":{"format":"prisma-backup","version":"1.0"');
  const first = block.slice();
  first.set(head, 0);
  const member = gzip(block);
  const members = Math.ceil(inflatedBytes / block.length);
  const bytes = concat([gzip(first), ...Array.from({ length: members - 1 }, () => member)]);
  return { bytes, description: `a ${(bytes.length / 1024).toFixed(0)} KB gzip that inflates to ${members} MiB`, expect: ["too_large"] };
}

/** Every mutation by name; the corpus cycles through them in this order. */
export const MUTATIONS: Readonly<Record<string, Mutation>> = {
  "flip-bit-gzip": flipBitGzip,
  "flip-bit-plain": flipBitPlain,
  "truncate-gzip": truncateGzip,
  "truncate-plain": truncatePlain,
  "append-garbage": appendGarbage,
  "bom-prefix": bomPrefix,
  "double-gzip": doubleGzip,
  "fake-envelope": fakeEnvelope,
  "tiny-file": tinyFile,
  "broken-syntax": brokenSyntax,
  "invalid-utf8": invalidUtf8(true),
  "invalid-utf8-stale-checksum": invalidUtf8(false),
  "delete-metadata-key": deleteMetadataKey,
  "wrong-metadata": wrongMetadata,
  "swap-top-keys": swapTopKeys,
  "delete-section": deleteSection,
  "delete-record": deleteRecord,
  "delete-required-field": deleteRequiredField,
  "swap-fields": swapFields,
  "wrong-type": wrongType,
  "duplicate-id": duplicateId,
  "duplicate-key": duplicateKey,
  "id-wrong-type": idWrongType,
  "missing-reference": missingReference,
  "proto-smuggle": protoSmuggle,
  "proto-wrapper": protoWrapper,
  "long-string": longString,
  "deep-nesting": deepNesting,
  "big-number": bigNumber,
};

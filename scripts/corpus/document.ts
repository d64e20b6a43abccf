/**
 * Backup documents as the corpus mutates them: decoded from a valid file, edited as plain
 * objects, and written back as bytes, with a valid checksum (so the damage reaches the
 * validators behind the integrity check) or a stale one, gzip'd or not.
 *
 * Some damage cannot be expressed as a JavaScript value: bytes that are not UTF-8, numbers that
 * JSON.stringify would never write (`1e400`, `9007199254740993`), nesting too deep for
 * JSON.stringify's recursion. Such a value is put into the object as a placeholder (`raw()`),
 * and the placeholder's quoted text is replaced by the raw bytes after serialisation.
 */
import { createHash } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import { checksumTrailer } from "../../runtime/format/checksum.ts";

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A backup document without its checksum member. */
export interface Document {
  metadata: JsonObject;
  company: JsonObject;
  data: JsonObject;
  [key: string]: Json;
}

/** A valid backup, decoded once. */
export interface Base {
  readonly name: string;
  /** The file as exported. */
  readonly bytes: Uint8Array;
  readonly compressed: boolean;
  /** The uncompressed document's bytes. */
  readonly plain: Uint8Array;
  /** Its text. */
  readonly text: string;
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export function decodeBase(name: string, bytes: Uint8Array): Base {
  const compressed = isGzip(bytes);
  const plain = compressed ? new Uint8Array(gunzipSync(bytes)) : bytes;
  return { name, bytes, compressed, plain, text: new TextDecoder("utf-8", { fatal: true }).decode(plain) };
}

/** A fresh, editable copy of the base's document (its checksum member left out). */
export function parseDocument(base: Base): Document {
  const { checksum: _checksum, ...document } = JSON.parse(base.text) as Document & { checksum?: string };
  return document as Document;
}

/** Text or bytes written in place of a placeholder, as they are. */
export type Raw = string | Uint8Array;

/** Placeholders of one serialisation: `raw(value)` returns the string to put in the object. */
export class Raws {
  private readonly values = new Map<string, Raw>();

  raw(value: Raw): string {
    const marker = `@@raw-${this.values.size}-${Math.random().toString(36).slice(2, 10)}@@`;
    this.values.set(marker, value);
    return marker;
  }

  /** The serialised text with every quoted placeholder replaced, as bytes. */
  substitute(text: string): Uint8Array {
    const encoder = new TextEncoder();
    const parts: Uint8Array[] = [];
    let rest = text;
    for (;;) {
      const found = [...this.values.keys()]
        .map((marker) => ({ marker, at: rest.indexOf(JSON.stringify(marker)) }))
        .filter(({ at }) => at >= 0)
        .sort((a, b) => a.at - b.at)[0];
      if (!found) break;
      parts.push(encoder.encode(rest.slice(0, found.at)));
      const value = this.values.get(found.marker)!;
      parts.push(typeof value === "string" ? encoder.encode(value) : value);
      rest = rest.slice(found.at + JSON.stringify(found.marker).length);
    }
    parts.push(encoder.encode(rest));
    return concat(parts);
  }
}

export interface EncodeOptions {
  readonly compress: boolean;
  /** Placeholders to replace (see Raws). */
  readonly raws?: Raws;
  /**
   * `valid` (default): the SHA-256 of the bytes written; `stale`: this checksum instead (the
   * original file's, so the damage is caught by the integrity check).
   */
  readonly checksum?: { readonly stale: string };
}

/** The document as a backup file: `{…,\n"checksum":"…"}\n`, gzip'd when asked. */
export function encodeDocument(document: Document, options: EncodeOptions): Uint8Array {
  const json = JSON.stringify(document);
  const covered = options.raws ? options.raws.substitute(json.slice(0, -1)) : new TextEncoder().encode(json.slice(0, -1));
  return withTrailer(covered, options);
}

/** The covered bytes (the document without its closing brace) followed by the checksum trailer. */
export function withTrailer(covered: Uint8Array, options: Omit<EncodeOptions, "raws">): Uint8Array {
  const hex = options.checksum?.stale ?? createHash("sha256").update(covered).digest("hex");
  const plain = concat([covered, new TextEncoder().encode(checksumTrailer(hex))]);
  return options.compress ? gzip(plain) : plain;
}

/** The checksum a file's trailer claims. */
export function claimedChecksum(base: Base): string {
  return /"checksum"\s*:\s*"([0-9a-fA-F]{64})"/.exec(base.text.slice(-200))?.[1] ?? "0".repeat(64);
}

export function gzip(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(gzipSync(bytes));
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

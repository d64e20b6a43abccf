/**
 * Helpers for tests that need a backup file altered in a precise way: decompress, edit the
 * document, and write it back with a valid checksum, so the import gets past the integrity
 * checks and meets the problem the test is about.
 */
import { createHash } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import { checksumTrailer } from "../../runtime/format/checksum.ts";

export type Document = { metadata: Record<string, unknown>; company: Record<string, unknown>; data: Record<string, unknown> };

export function readDocument(file: Uint8Array): Document {
  const text = new TextDecoder().decode(file[0] === 0x1f ? gunzipSync(file) : file);
  const { checksum: _checksum, ...document } = JSON.parse(text) as Document & { checksum: string };
  return document;
}

/**
 * `lines`: the layout prisma-backup writes (one record a line), which the import streams;
 * `one-line`: the same JSON on one line, which the import reads as a whole document.
 */
export type Layout = "lines" | "one-line";

export function writeDocument(document: Document, compress = true, layout: Layout = "lines"): Uint8Array {
  const covered = layout === "lines" ? linesOf(document) : JSON.stringify(document).slice(0, -1);
  const text = covered + checksumTrailer(createHash("sha256").update(covered).digest("hex"));
  const bytes = new TextEncoder().encode(text);
  return compress ? gzipSync(bytes) : bytes;
}

export function editFile(file: Uint8Array, edit: (document: Document) => void, layout: Layout = "lines"): Uint8Array {
  const document = readDocument(file);
  edit(document);
  return writeDocument(document, true, layout);
}

/** The canonical layout (docs/FORMAT.md) of a document, up to the checksum trailer. */
function linesOf(document: Document): string {
  const { metadata, ...sections } = document;
  let text = `{"metadata":${JSON.stringify(metadata)}`;
  for (const [name, section] of Object.entries(sections)) {
    const entries = Object.entries(section);
    text += `,\n${JSON.stringify(name)}:{`;
    entries.forEach(([key, value], index) => {
      text += `${index === 0 ? "" : ","}\n${JSON.stringify(key)}:`;
      if (!Array.isArray(value)) text += JSON.stringify(value);
      else text += value.length === 0 ? "[]" : `[${value.map((item) => `\n${JSON.stringify(item)}`).join(",")}\n]`;
    });
    text += "}";
  }
  return text;
}

/** The document without what changes from one export to the next of the same data. */
export function stableText(file: Uint8Array): string {
  const text = new TextDecoder().decode(file[0] === 0x1f ? gunzipSync(file) : file);
  return text.replace(/"exported_at":"[^"]*"/, '"exported_at":""').replace(/"checksum":"[0-9a-f]{64}"/, '"checksum":""');
}

export function records(document: Document, section: "company" | "data", key: string): Record<string, unknown>[] {
  return document[section][key] as Record<string, unknown>[];
}

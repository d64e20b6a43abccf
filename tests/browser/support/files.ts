/** Backup files for the tests: verifying a downloaded one with the runtime, and damaging copies. */
import { createHash } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import type { Page } from "playwright-core";
import { nodePrimitives } from "../../../runtime/format/node-primitives.ts";
import { openBackup, type Opened } from "../../../runtime/format/open.ts";
import { checksumTrailer, locateChecksum } from "../../../runtime/format/checksum.ts";

export function openWithRuntime(bytes: Uint8Array): Promise<Opened> {
  return openBackup(bytes, nodePrimitives);
}

/** The same document with one character of the data changed and a stale checksum, gzip'd again. */
export function alterContent(gzipped: Uint8Array): Uint8Array {
  const text = gunzipSync(gzipped).toString("utf8");
  const at = text.indexOf('"data"') + 20;
  const flipped = text.slice(0, at) + (text[at] === "1" ? "2" : "1") + text.slice(at + 1);
  return gzipSync(Buffer.from(flipped));
}

/** The first bytes only, as a download cut short leaves them. */
export function truncate(bytes: Uint8Array): Uint8Array {
  return bytes.subarray(0, Math.floor(bytes.length / 2));
}

/** A plain JSON document with a valid checksum (for building edge cases by hand). */
export function sealDocument(covered: string): Uint8Array {
  const hash = createHash("sha256").update(covered).digest("hex");
  return new TextEncoder().encode(covered + checksumTrailer(hash));
}

export function hasValidChecksum(document: Uint8Array): boolean {
  const located = locateChecksum(document);
  return located !== undefined && createHash("sha256").update(document.subarray(0, located.coveredLength)).digest("hex") === located.expected;
}

/** Drops a file on the drop zone the way a browser does: a `drop` event carrying a DataTransfer. */
export async function dropFile(page: Page, selector: string, name: string, bytes: Uint8Array): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ name, data }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], name, { type: "application/gzip" }));
      return transfer;
    },
    { name, data: Array.from(bytes) },
  );
  await page.dispatchEvent(selector, "dragenter", { dataTransfer });
  await page.dispatchEvent(selector, "dragover", { dataTransfer });
  await page.dispatchEvent(selector, "drop", { dataTransfer });
}

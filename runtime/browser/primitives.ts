/**
 * The file primitives in a browser: fflate for gzip, Web Crypto for SHA-256. `openBackup`
 * takes them as parameters, so the browser and the server run the same checks on the same
 * logic (the server passes node:zlib and node:crypto).
 */
import { Gunzip } from "fflate";
import type { Primitives } from "../format/open.ts";
import { toHex } from "../format/checksum.ts";

/** Feeds fflate this much at a time, so a gzip bomb stops at the limit instead of filling memory. */
const CHUNK = 64 * 1024;

export function gunzipWithin(bytes: Uint8Array, maxBytes: number): Uint8Array {
  const parts: Uint8Array[] = [];
  let length = 0;
  let ended = false;
  const gunzip = new Gunzip((chunk, final) => {
    length += chunk.length;
    if (length > maxBytes) throw new Error(`too large: decompresses past ${maxBytes} bytes`);
    parts.push(chunk);
    if (final) ended = true;
  });
  for (let offset = 0; offset < bytes.length; offset += CHUNK) {
    const end = Math.min(bytes.length, offset + CHUNK);
    gunzip.push(bytes.subarray(offset, end), end === bytes.length);
  }
  if (!ended) throw new Error("unexpected end of file");
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  checkTrailer(bytes, out);
  return out;
}

/**
 * fflate does not check the gzip trailer (CRC-32 and length of the data), so a file cut short
 * could decompress to a prefix: compare both, as zlib does. Backups are single-member gzip.
 */
function checkTrailer(gzipped: Uint8Array, data: Uint8Array): void {
  if (gzipped.length < 18) throw new Error("unexpected end of file");
  const view = new DataView(gzipped.buffer, gzipped.byteOffset + gzipped.length - 8, 8);
  if (view.getUint32(4, true) !== data.length >>> 0 || view.getUint32(0, true) !== crc32(data)) {
    throw new Error("unexpected end of file or damaged data (gzip trailer does not match)");
  }
}

let crcTable: Uint32Array | undefined;

function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return toHex(new Uint8Array(digest));
}

export const browserPrimitives: Primitives = {
  gunzip: gunzipWithin,
  sha256: sha256Hex,
};

/**
 * Small, valid binary files for the Bytes fields, built byte by byte so that they are identical
 * on every machine (no zlib, no clock): the company logo (PNG) and invoice PDFs.
 */

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const byte of bytes) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

function concat(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function u32(value: number): Uint8Array {
  return new Uint8Array([(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff]);
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const typed = concat([new Uint8Array([...type].map((c) => c.charCodeAt(0))), data]);
  return concat([u32(data.length), typed, u32(crc32(typed))]);
}

/** A zlib stream of stored (uncompressed) deflate blocks. */
function zlibStored(data: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [new Uint8Array([0x78, 0x01])];
  for (let offset = 0; offset < data.length || offset === 0; offset += 65535) {
    const block = data.subarray(offset, offset + 65535);
    const last = offset + 65535 >= data.length ? 1 : 0;
    parts.push(new Uint8Array([last, block.length & 0xff, block.length >>> 8, ~block.length & 0xff, (~block.length >>> 8) & 0xff]), block);
    if (last) break;
  }
  parts.push(u32(adler32(data)));
  return concat(parts);
}

/** A 32×32 RGB PNG: a green disc with a white "A" (the company's logo). About 3 KB. */
export function companyLogo(): Uint8Array<ArrayBuffer> {
  const size = 32;
  const raw = new Uint8Array(size * (1 + size * 3));
  for (let y = 0; y < size; y++) {
    const row = y * (1 + size * 3);
    raw[row] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const dx = x - 15.5;
      const dy = y - 15.5;
      const inDisc = dx * dx + dy * dy <= 15 * 15;
      // The "A": two slanted legs and a bar.
      const legs = y >= 7 && y <= 25 && (Math.abs(x - (15.5 - (y - 7) * 0.45)) < 1.3 || Math.abs(x - (15.5 + (y - 7) * 0.45)) < 1.3);
      const bar = y >= 18 && y <= 19 && Math.abs(dx) < (y - 7) * 0.45;
      const [r, g, b] = !inDisc ? [255, 255, 255] : legs || bar ? [255, 255, 255] : [46, 125, 50 + ((x + y) % 8)];
      raw.set([r, g, b], row + 1 + x * 3);
    }
  }
  const header = concat([u32(size), u32(size), new Uint8Array([8, 2, 0, 0, 0])]);
  return concat([
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", zlibStored(raw)),
    pngChunk("IEND", new Uint8Array()),
  ]);
}

/** WinAnsi bytes for a PDF string literal: Latin-1 letters as is, the euro sign as 0x80. */
function winAnsi(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const code = ch === "€" ? 0x80 : ch.charCodeAt(0) <= 0xff ? ch.charCodeAt(0) : 0x3f;
    if (code === 0x28 || code === 0x29 || code === 0x5c) out.push(0x5c);
    out.push(code);
  }
  return out;
}

function ascii(text: string): number[] {
  return [...text].map((c) => c.charCodeAt(0));
}

/** A one-page PDF (PDF 1.4, Helvetica) showing `lines`; valid, with a correct xref table. */
export function simplePdf(lines: readonly string[]): Uint8Array<ArrayBuffer> {
  const content: number[] = ascii("BT /F1 11 Tf 56 780 Td 15 TL\n");
  lines.forEach((line, i) => {
    content.push(...ascii(i === 0 ? "(" : "T* ("), ...winAnsi(line), ...ascii(") Tj\n"));
  });
  content.push(...ascii("ET\n"));
  const objects: number[][] = [
    ascii("<< /Type /Catalog /Pages 2 0 R >>"),
    ascii("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
    ascii("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"),
    [...ascii(`<< /Length ${content.length} >>\nstream\n`), ...content, ...ascii("endstream")],
    ascii("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"),
  ];
  // The second line marks the file as binary, as PDF writers do.
  const out: number[] = [...ascii("%PDF-1.4\n%"), 0xe2, 0xe3, 0xcf, 0xd3, 0x0a];
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out.push(...ascii(`${i + 1} 0 obj\n`), ...body, ...ascii("\nendobj\n"));
  });
  const xref = out.length;
  out.push(...ascii(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`));
  for (const offset of offsets) out.push(...ascii(`${String(offset).padStart(10, "0")} 00000 n \n`));
  out.push(...ascii(`trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`));
  return new Uint8Array(out);
}

import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { checksumTrailer, locateChecksum } from "../../runtime/format/checksum.ts";
import { nodePrimitives } from "../../runtime/format/node-primitives.ts";
import { openBackup } from "../../runtime/format/open.ts";

const encoder = new TextEncoder();

function document(metadata: object, body = ',\n"company":{},\n"data":{}'): Uint8Array {
  const covered = `{"metadata":${JSON.stringify(metadata)}${body}`;
  const hash = createHash("sha256").update(covered).digest("hex");
  return encoder.encode(covered + checksumTrailer(hash));
}

const metadata = { format: "prisma-backup", version: "1.0", exported_at: "2026-01-09T10:30:00.000Z", app_version: null, provider: "sqlite", schema_fingerprint: "x", modules: [], compressed: false, total_records: 0, counts: {}, fields: {} };

describe("openBackup", () => {
  it("opens plain and gzip'd documents alike, detected from the bytes", async () => {
    const plain = document(metadata);
    for (const bytes of [plain, gzipSync(plain)]) {
      const opened = await openBackup(bytes, nodePrimitives);
      expect(opened.ok).toBe(true);
    }
  });

  it("locates the checksum trailer and the bytes it covers", () => {
    const bytes = document(metadata);
    const located = locateChecksum(bytes)!;
    const text = new TextDecoder().decode(bytes);
    expect(text.slice(located.coveredLength)).toBe(`,\n"checksum":"${located.expected}"}\n`);
  });

  it.each([
    ["an empty file", new Uint8Array(), "empty_file", "The file is empty. Choose a backup file (.json.gz or .json)."],
    ["a file that is not JSON", encoder.encode("PK\u0003\u0004 zip"), "not_a_backup", "This is not a backup file: it is neither gzip'd JSON nor JSON. Choose a file exported by this app (.json.gz or .json)."],
    ["a truncated gzip", gzipSync(document(metadata)).subarray(0, 40), "corrupt_gzip", "The file is not a valid gzip archive (unexpected end of file): it is truncated or damaged. Use another copy of the backup."],
    ["a document without trailer", encoder.encode('{"metadata":{}}'), "missing_checksum", "The file has no checksum at its end: it is truncated, or was not written by prisma-backup. Use another copy of the backup."],
  ])("refuses %s", async (_name, bytes, code, message) => {
    const opened = await openBackup(bytes, nodePrimitives);
    expect(opened).toEqual({ ok: false, problems: [{ code, message }] });
  });

  it("refuses a flipped bit with a checksum mismatch", async () => {
    const bytes = document(metadata);
    bytes[20] = bytes[20]! ^ 0x01;
    const opened = await openBackup(bytes, nodePrimitives);
    expect(opened.ok).toBe(false);
    if (!opened.ok) {
      expect(opened.problems[0]!.code).toBe("checksum_mismatch");
      expect(opened.problems[0]!.message).toMatch(/^The checksum does not match \(file says [0-9a-f]{12}…, content gives [0-9a-f]{12}…\): the file was altered or damaged\. Use another copy of the backup\.$/);
    }
  });

  it("refuses a newer format version, saying what to do", async () => {
    const opened = await openBackup(document({ ...metadata, version: "2.0" }), nodePrimitives);
    expect(opened).toEqual({
      ok: false,
      problems: [{ code: "unsupported_version", path: "metadata.version", message: "This file uses format version 2.0, newer than this app reads (1.x). Update the app, then import the file again." }],
    });
  });

  it("refuses a gzip that decompresses past the limit", async () => {
    const bomb = gzipSync(new Uint8Array(5_000_000));
    const opened = await openBackup(bomb, nodePrimitives, 1_000_000);
    expect(opened).toEqual({ ok: false, problems: [{ code: "too_large", message: "The file decompresses to more than 976.6 KB. Export a selective backup (fewer modules), or raise the limit." }] });
  });
});

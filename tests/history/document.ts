/** A small, valid backup document made by hand (no database): for history and audit tests. */
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { checksumTrailer } from "../../runtime/format/checksum.ts";

export function backupDocument(counts: Record<string, number> = { Customer: 2 }, exportedAt = "2026-03-15T10:00:00.000Z"): Uint8Array {
  const metadata = {
    format: "prisma-backup", version: "1.0", exported_at: exportedAt, app_version: "1.2.3", provider: "sqlite",
    schema_fingerprint: "f".repeat(64), modules: ["sales"], compressed: true,
    total_records: Object.values(counts).reduce((a, b) => a + b, 0), counts, fields: {},
  };
  const covered = `{"metadata":${JSON.stringify(metadata)},\n"company":{},\n"data":{}`;
  return gzipSync(covered + checksumTrailer(createHash("sha256").update(covered).digest("hex")));
}

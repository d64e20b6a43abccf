/** Reads a backup, whole bytes or a stream, into one buffer, refusing past a size limit as it reads. */
import type { BackupInput } from "../backup.ts";
import { BackupError, problem } from "../problems.ts";
import { formatBytes } from "./open.ts";

export async function readAll(input: BackupInput, maxBytes = Number.POSITIVE_INFINITY): Promise<Uint8Array> {
  if (input instanceof Uint8Array) return input;
  const chunks: Uint8Array[] = [];
  let length = 0;
  const reader = input.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > maxBytes) {
      await reader.cancel();
      throw new BackupError([problem("too_large", `The file is larger than ${formatBytes(maxBytes)}. Export a selective backup (fewer modules), or raise the limit.`)]);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

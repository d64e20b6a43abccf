/**
 * Sizes on the command line: `--max-bytes 2GB`, `500MiB` or `1048576`. Units are powers of
 * 1024 whatever their spelling, as `formatSize` prints them, so that a size the CLI prints can
 * be given back to it.
 */
import { CliError, EXIT } from "./exit-codes.ts";

const UNITS: Readonly<Record<string, number>> = { "": 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3 };

export function parseSize(option: string, text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = match ? UNITS[match[2]!.toLowerCase()] : undefined;
  const bytes = match && unit ? Math.floor(Number(match[1]) * unit) : 0;
  if (bytes < 1) throw new CliError(EXIT.usage, `${option} must be a size such as 500MB, 2GB or a number of bytes (got "${text}").`);
  return bytes;
}

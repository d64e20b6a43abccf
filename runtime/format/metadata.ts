/**
 * The checks of a file's `metadata` member. Every member is checked for its type before any of
 * it is used: the report carries the metadata, and a value of the wrong shape (a count nested
 * thousands deep, say) must be refused here, not fail later while the report is written.
 * Browser-safe.
 */
import type { Problem } from "../options.ts";
import { problem } from "../problems.ts";
import { FORMAT_NAME, unsupportedVersion } from "./version.ts";

type Check = (value: unknown) => boolean;

const isString: Check = (value) => typeof value === "string";
const isCount: Check = (value) => Number.isSafeInteger(value) && (value as number) >= 0;
const isStringList: Check = (value) => Array.isArray(value) && value.every(isString);
const recordOf = (check: Check): Check => (value) => isObject(value) && Object.values(value).every(check);

/** Each member after format and version: its check, and what it should be, for the message. */
const MEMBERS: readonly (readonly [key: string, check: Check, expected: string])[] = [
  ["exported_at", isString, "a date (text)"],
  ["app_version", (value) => value === null || isString(value), "text or null"],
  ["provider", isString, "text"],
  ["schema_fingerprint", isString, "text"],
  ["modules", isStringList, "a list of module names"],
  ["compressed", (value) => typeof value === "boolean", "true or false"],
  ["total_records", isCount, "a whole number of records"],
  ["counts", recordOf(isCount), "an object of whole numbers of records per model"],
  ["fields", recordOf(isStringList), "an object of lists of field names per model"],
];

/** The first problem with a document's metadata, or undefined when it can be read. */
export function checkMetadata(document: unknown): Problem | undefined {
  const metadata = isObject(document) ? document.metadata : undefined;
  if (!isObject(metadata) || metadata.format !== FORMAT_NAME) {
    return problem("not_a_backup", `This JSON file is not a backup: its "metadata.format" is not "${FORMAT_NAME}". Choose a file exported by this app.`, { path: "metadata.format" });
  }
  const versionProblem = unsupportedVersion(metadata.version);
  if (versionProblem) return problem("unsupported_version", versionProblem, { path: "metadata.version" });
  for (const [key, check, expected] of MEMBERS) {
    if (!check(metadata[key])) {
      const state = metadata[key] === undefined ? "is missing" : "is not valid";
      return problem("invalid_metadata", `metadata.${key} ${state}: it should be ${expected}. The file was edited or damaged; use another copy of the backup.`, { path: `metadata.${key}` });
    }
  }
  return undefined;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

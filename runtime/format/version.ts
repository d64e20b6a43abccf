/**
 * The file format's name and version, and which versions this runtime reads.
 * Minor versions only add optional things, so any 1.x file is read; 2.0 and later are refused.
 */
import { quoted } from "../problems.ts";

export const FORMAT_NAME = "prisma-backup";
export const FORMAT_VERSION = "1.0";
const SUPPORTED_MAJOR = 1;

/** Why a version cannot be read, or undefined when it can. */
export function unsupportedVersion(version: unknown): string | undefined {
  if (typeof version !== "string" || !/^\d+\.\d+$/.test(version)) {
    return `metadata.version is ${quoted(version)}; expected a version like "${FORMAT_VERSION}".`;
  }
  const major = Number(version.split(".")[0]);
  if (major > SUPPORTED_MAJOR) {
    return `This file uses format version ${version}, newer than this app reads (${SUPPORTED_MAJOR}.x). Update the app, then import the file again.`;
  }
  if (major < SUPPORTED_MAJOR) {
    return `This file uses format version ${version}, which this app no longer reads (${SUPPORTED_MAJOR}.x).`;
  }
  return undefined;
}

/**
 * Value conversions between database rows and the backup file, shared by every generated codec.
 *
 * The file is JSON, so values JSON cannot carry exactly travel as strings: DateTime as an ISO
 * string, Decimal as a plain decimal string (never exponent notation, so no precision is lost),
 * BigInt as a decimal string, Bytes as base64. Browser-safe: no Node-only imports.
 */
import type { z } from "zod";
import type { JsonValue } from "./schema.ts";

/** A record as it stands in the file: JSON values only. */
export type FileRecord = Record<string, unknown>;
/** A row as Prisma reads or writes it. */
export type Row = Record<string, unknown>;

/** The generated, typed conversions of one model (see `generated/backup/codecs/`). */
export interface ModelCodec {
  /** Zod schema of one record in the file: its backed-up fields and link lists, nested children excluded. */
  readonly record: z.ZodType<FileRecord>;
  /**
   * Whether the schema above takes `candidate` and gives back the fields it names as they are,
   * tested without Zod: true for records as exports write them; false decides nothing (the
   * schema does, and says why).
   */
  isRecord(candidate: FileRecord): boolean;
  /** A row read by Prisma (scalars only) → its record in the file. */
  toRecord(row: Row): FileRecord;
  /** A validated record → the scalar data Prisma writes (`createMany` / `update`). */
  fromRecord(record: FileRecord): Row;
}

export type Codecs = Readonly<Record<string, ModelCodec>>;

/** Anything Decimal-like (decimal.js, Prisma.Decimal): `toFixed()` with no argument never uses exponents. */
export interface DecimalLike {
  toFixed(): string;
}

export function decimalToString(value: DecimalLike | number | string): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return numberToPlainString(value);
  return value.toFixed();
}

function numberToPlainString(value: number): string {
  const text = String(value);
  if (!/e/i.test(text)) return text;
  // Exponent notation only appears for very large or very small numbers: expand it exactly.
  return value.toLocaleString("en-US", { useGrouping: false, maximumFractionDigits: 20 });
}

export function dateToString(value: Date): string {
  return value.toISOString();
}

export function bigintToString(value: bigint | number): string {
  return typeof value === "bigint" ? value.toString() : BigInt(value).toString();
}

const BASE64_CHUNK = 0x8000;

export function encodeBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += BASE64_CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + BASE64_CHUNK));
  }
  return btoa(binary);
}

export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * JSON with object keys sorted, so that two equal Json values compare equal as text whatever
 * order a database returned their keys in (PostgreSQL's jsonb reorders them).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
    return sorted;
  }
  return value;
}

/** A Json column's value as the file stores it. */
export function jsonToFile(value: unknown): JsonValue {
  return value as JsonValue;
}

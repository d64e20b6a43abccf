/**
 * Values between the raw drivers and the file, per scalar kind and provider, written for speed
 * (one converter per column, chosen once). They reproduce what Prisma stores and returns:
 *
 * - SQLite (better-sqlite3): DateTime as ISO text with `+00:00`, Decimal as REAL (Prisma binds
 *   `parseFloat`), Boolean as 0/1, BigInt as INTEGER (read with safe integers), Json as text.
 * - PostgreSQL (node-pg, PGlite): `timestamp(3)` read as text (see databases.ts), numeric as
 *   text with the column's scale (trailing zeros dropped, as Decimal.js's `toFixed()` does),
 *   int8 as text, jsonb parsed, bytea as bytes.
 */
import { decimalToString } from "../../runtime/codec.ts";
import type { ScalarKind } from "../../runtime/schema.ts";
import type { BenchProvider } from "./databases.ts";

export type ToFile = (value: unknown) => unknown;
export type ToDb = (value: unknown) => unknown;

const same = (value: unknown) => value;

function base64(value: unknown): string {
  const bytes = value as Uint8Array;
  return (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).toString("base64");
}

function sqliteDate(value: unknown): string {
  if (typeof value === "string") {
    // 2025-06-30T16:00:00.000+00:00, as Prisma writes it
    if (value.length === 29 && value.endsWith("+00:00")) return `${value.slice(0, 23)}Z`;
    return new Date(value).toISOString();
  }
  return new Date(Number(value)).toISOString();
}

/** `2025-06-30 16:00:00.12` (timestamp without time zone, UTC by convention) → ISO with milliseconds. */
function postgresDate(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  const text = value as string;
  if (text.length >= 19 && text.length <= 23 && text.charCodeAt(10) === 0x20) {
    const fraction = text.length > 20 ? text.slice(20) : "";
    return `${text.slice(0, 10)}T${text.slice(11, 19)}.${fraction.padEnd(3, "0")}Z`;
  }
  return new Date(`${text.replace(" ", "T")}Z`).toISOString();
}

/** `10.390000000000000000000000000000` → `10.39`, `20.000…` → `20`. */
function postgresDecimal(value: unknown): string {
  if (typeof value !== "string") return decimalToString(value as number);
  const point = value.indexOf(".");
  if (point === -1) return value;
  let end = value.length;
  while (value.charCodeAt(end - 1) === 0x30 /* 0 */) end--;
  if (end === point + 1) end = point;
  const text = value.slice(0, end);
  return text === "-0" ? "0" : text;
}

function nullable(convert: ToFile): ToFile {
  return (value) => (value === null || value === undefined ? null : convert(value));
}

/** Database value → file value. */
export function toFileConverter(provider: BenchProvider, kind: ScalarKind): ToFile {
  switch (kind) {
    case "Int":
    case "Float":
      return provider === "sqlite" ? (value) => (typeof value === "bigint" ? Number(value) : value) : same;
    case "BigInt":
      return nullable(String);
    case "Decimal":
      return nullable(provider === "sqlite" ? (value) => (typeof value === "bigint" ? value.toString() : decimalToString(value as number)) : postgresDecimal);
    case "Boolean":
      return provider === "sqlite" ? nullable((value) => Number(value) !== 0) : same;
    case "DateTime":
      return nullable(provider === "sqlite" ? sqliteDate : postgresDate);
    case "Json":
      return provider === "sqlite" ? nullable((value) => JSON.parse(value as string)) : nullable((value) => (typeof value === "string" ? JSON.parse(value) : value));
    case "Bytes":
      return nullable(base64);
    default:
      return same;
  }
}

/** File value → the parameter the raw driver binds. */
export function toDbConverter(provider: BenchProvider, kind: ScalarKind): ToDb {
  switch (kind) {
    case "BigInt":
      return provider === "sqlite" ? nullable((value) => BigInt(value as string)) : same;
    case "Decimal":
      return provider === "sqlite" ? nullable((value) => Number.parseFloat(value as string)) : same;
    case "Boolean":
      return provider === "sqlite" ? nullable((value) => (value ? 1 : 0)) : same;
    case "DateTime":
      return provider === "sqlite"
        ? nullable((value) => {
            const text = value as string;
            const iso = text.length === 24 && text.endsWith("Z") ? text : new Date(text).toISOString();
            return `${iso.slice(0, 23)}+00:00`;
          })
        : same;
    case "Json":
      return nullable((value) => JSON.stringify(value));
    case "Bytes":
      return nullable((value) => Buffer.from(value as string, "base64"));
    default:
      return same;
  }
}

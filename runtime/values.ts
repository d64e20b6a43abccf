/**
 * Generic conversions of one value between its database form and its file form, by scalar
 * kind. Generated codecs convert whole records with typed code; these serve the places that
 * handle single values generically: foreign keys filled from a parent, link ids, fallbacks,
 * and comparisons. Browser-safe.
 */
import { bigintToString, canonicalJson, dateToString, decimalToString, decodeBase64, encodeBase64, type DecimalLike } from "./codec.ts";
import type { ScalarKind } from "./schema.ts";

export function toFileValue(kind: ScalarKind, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case "DateTime":
      return dateToString(value instanceof Date ? value : new Date(value as string));
    case "Decimal":
      return decimalToString(value as DecimalLike | number | string);
    case "BigInt":
      return bigintToString(typeof value === "string" ? BigInt(value) : (value as bigint | number));
    case "Bytes":
      return encodeBase64(value as Uint8Array);
    case "Int":
    case "Float":
      return typeof value === "bigint" ? Number(value) : value;
    default:
      return value;
  }
}

export function toDbValue(kind: ScalarKind, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  switch (kind) {
    case "DateTime":
      return new Date(value as string);
    case "BigInt":
      return BigInt(value as string);
    case "Bytes":
      return decodeBase64(value as string);
    default:
      return value;
  }
}

/** Two values in file form are the same data (Json compared whatever its key order). */
export function sameFileValue(kind: ScalarKind, a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (kind === "Json") return canonicalJson(a) === canonicalJson(b);
  if (kind === "Decimal") return normaliseDecimal(String(a)) === normaliseDecimal(String(b));
  if (kind === "DateTime") return Date.parse(String(a)) === Date.parse(String(b));
  if (Array.isArray(a) && Array.isArray(b)) return canonicalJson(a) === canonicalJson(b);
  return false;
}

/** `"1.50"` and `"1.5"` are the same decimal; databases differ in the trailing zeros they keep. */
function normaliseDecimal(text: string): string {
  let [whole = "0", fraction = ""] = text.split(".");
  fraction = fraction.replace(/0+$/, "");
  whole = whole.replace(/^(-?)0+(?=\d)/, "$1");
  const result = fraction ? `${whole}.${fraction}` : whole;
  return result === "-0" ? "0" : result;
}

/**
 * A decimal's text as decimal.js's `toFixed()` writes it (what the codecs write): plain
 * notation, no trailing zeros after the point, no leading zeros; `NaN` and infinities as they are.
 */
export function plainDecimal(text: string): string {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text.trim());
  if (!match) return text;
  const [, sign = "", whole = "", fraction = "", exponent = "0"] = match;
  const digits = `${whole}${fraction}`;
  const point = whole.length + Number(exponent);
  const padded = point <= 0 ? `${"0".repeat(1 - point)}${digits}` : digits.padEnd(point, "0");
  const at = Math.max(point, 1);
  const integer = padded.slice(0, at).replace(/^0+(?=\d)/, "");
  const decimals = padded.slice(at).replace(/0+$/, "");
  const result = decimals ? `${integer}.${decimals}` : integer;
  return sign === "-" && /[1-9]/.test(result) ? `-${result}` : result;
}

/**
 * The values a database could not render exactly in SQL (record-sql.ts marks them), converted
 * in JS as the codec path converts them: first as Prisma's driver adapter and client would read
 * the raw value, then as the generated codec writes it, then `JSON.stringify`. (Server-side:
 * bytes go through Buffer's base64, which is the codecs' standard, padded alphabet.)
 */
import { Buffer } from "node:buffer";
import { bigintToString, dateToString } from "../codec.ts";
import type { ScalarKind } from "../schema.ts";
import { plainDecimal } from "../values.ts";
import { EXCEPTION, KIND_CODES } from "./record-sql.ts";

const KIND_OF_CODE = new Map(Object.entries(KIND_CODES).map(([kind, code]) => [code, kind as ScalarKind]));
const MARKED = new RegExp(`${EXCEPTION}(.)([^${EXCEPTION}]*)${EXCEPTION}`, "g");

/** Replaces every marked value in `text` by its JSON text. */
export function resolveExceptions(text: string): string {
  if (!text.includes(EXCEPTION)) return text;
  return text.replace(MARKED, (_, code: string, raw: string) => {
    const kind = KIND_OF_CODE.get(code);
    if (!kind) throw new Error(`Export: unknown value mark ${JSON.stringify(code)}`);
    // A Json document comes as its own text; any other value as a JSON value.
    return JSON.stringify(kind === "Json" ? JSON.parse(raw) : fileValueOf(kind, JSON.parse(raw)));
  });
}

function fileValueOf(kind: ScalarKind, value: unknown): unknown {
  if (value === null) return null;
  switch (kind) {
    case "Int":
      return typeof value === "number" ? Math.trunc(value) : Number(value);
    case "BigInt":
      return bigintToString(typeof value === "number" ? BigInt(Math.trunc(value)) : BigInt(value as string));
    case "Float":
      return typeof value === "number" ? value : Number(value);
    case "Decimal":
      return plainDecimal(typeof value === "number" ? String(value) : (value as string));
    case "Boolean":
      return value === true || value === 1 || value === "true" || value === "1";
    case "DateTime":
      return dateToString(new Date(value as string | number));
    case "Bytes":
      return Buffer.from(value as string, "hex").toString("base64");
    default:
      return value;
  }
}

/**
 * Fallback values of omitted fields: checked against the field's type in file form (as a
 * record would hold the value), and an example of a valid one for messages.
 */
import type { JsonValue, ScalarKind } from "../../runtime/schema.ts";
import { suggest } from "../spelling.ts";

interface FieldType {
  readonly kind: ScalarKind;
  readonly list: boolean;
  readonly required: boolean;
  /** Enum values, for an enum field. */
  readonly values?: readonly string[];
}

const DECIMAL = /^-?\d+(\.\d+)?$/;
const INTEGER = /^-?\d+$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

/** What is wrong with a fallback for this field, or undefined when it is valid. */
export function fallbackProblem(type: FieldType, value: JsonValue): string | undefined {
  if (value === null) return type.required ? "null is not a value of a required field" : undefined;
  if (type.list) {
    if (!Array.isArray(value)) return `expected a list, e.g. ${exampleFallback(type)}`;
    for (const item of value) {
      const problem = item === null ? "a list holds no null" : fallbackProblem({ ...type, list: false, required: true }, item);
      if (problem) return problem;
    }
    return undefined;
  }
  const expected = (what: string) => `expected ${what}, e.g. ${exampleFallback(type)}`;
  switch (type.kind) {
    case "String":
      return typeof value === "string" ? undefined : expected("a string");
    case "Boolean":
      return typeof value === "boolean" ? undefined : expected("true or false");
    case "Int":
      return Number.isInteger(value) && (value as number) >= INT32.min && (value as number) <= INT32.max ? undefined : expected("a 32-bit integer");
    case "Float":
      return typeof value === "number" ? undefined : expected("a number");
    case "Decimal":
      return typeof value === "string" && DECIMAL.test(value) ? undefined : expected("a decimal string");
    case "BigInt":
      return typeof value === "string" && INTEGER.test(value) ? undefined : expected("an integer string");
    case "DateTime":
      return typeof value === "string" && DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)) ? undefined : expected("an ISO 8601 date-time string");
    case "Bytes":
      return typeof value === "string" && BASE64.test(value) ? undefined : expected("a base64 string");
    case "Json":
      return undefined;
    case "Enum": {
      const values = type.values ?? [];
      if (typeof value === "string" && values.includes(value)) return undefined;
      return typeof value === "string" ? `"${value}" is not a value of the enum (${suggest(value, values)})` : expected("one of the enum's values");
    }
  }
}

/** A valid fallback for the field, written as in an annotation. */
export function exampleFallback(type: FieldType): string {
  const one = ((): string => {
    switch (type.kind) {
      case "String":
        return '""';
      case "Boolean":
        return "false";
      case "Int":
      case "Float":
        return "0";
      case "Decimal":
      case "BigInt":
        return '"0"';
      case "DateTime":
        return '"1970-01-01T00:00:00.000Z"';
      case "Bytes":
        return '""';
      case "Json":
        return "{}";
      case "Enum":
        return JSON.stringify(type.values?.[0] ?? "VALUE");
    }
  })();
  return type.list ? `[${one}]` : one;
}

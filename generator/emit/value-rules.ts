/**
 * The values a field's column can hold, from its Prisma type, its declared native type
 * (`@db.SmallInt`, `@db.Decimal(10, 2)`, `@db.VarChar(40)`) and the provider. The validators
 * refuse anything else, so that a file's fault is reported as the file's (`invalid_record`,
 * naming the rule) instead of reaching the database as a failed write (`database_error`).
 *
 * Without a native type the bounds are the portable ones, since a file moves between databases:
 * Prisma's own Int and BigInt (32 and 64 bits, whatever the column), and the decimal that Prisma
 * creates on PostgreSQL and MySQL, `decimal(65, 30)` (SQLite stores any decimal, approximately).
 */
import type { FieldSpec } from "../../runtime/schema.ts";

export type ValueRule =
  | { readonly kind: "wholeNumber"; readonly min: number; readonly max: number }
  /** Bounds as decimal strings: the generated code must compile for targets without bigint literals. */
  | { readonly kind: "wholeNumberString"; readonly min: string; readonly max: string }
  | { readonly kind: "decimal"; readonly before: number; readonly after: number }
  | { readonly kind: "text"; readonly maxLength?: number };

type Range = readonly [min: number, max: number];

const INT32: Range = [-2147483648, 2147483647];
const INT64 = { min: "-9223372036854775808", max: "9223372036854775807" } as const;

/** Integer native types narrower than Prisma's Int (wider ones, such as `Oid`, are cut to it). */
const INT_TYPES: Readonly<Record<string, Range>> = {
  SmallInt: [-32768, 32767],
  Int2: [-32768, 32767],
  TinyInt: [-128, 127],
  UnsignedTinyInt: [0, 255],
  UnsignedSmallInt: [0, 65535],
  MediumInt: [-8388608, 8388607],
  UnsignedMediumInt: [0, 16777215],
  UnsignedInt: [0, INT32[1]],
  Oid: [0, INT32[1]],
};
/** SQL Server's `tinyint` is unsigned, MySQL's signed. */
const SQLSERVER_INT_TYPES: Readonly<Record<string, Range>> = { TinyInt: [0, 255] };

/** Digits before and after the point. */
type Digits = readonly [before: number, after: number];

/** `decimal(65, 30)`: Prisma's Decimal column on PostgreSQL, CockroachDB and MySQL. */
const PRISMA_DECIMAL: Digits = [35, 30];
/** Prisma's Decimal column on SQL Server: `decimal(32, 16)`. */
const SQLSERVER_DECIMAL: Digits = [16, 16];
/** `@db.Decimal` without arguments: PostgreSQL's unconstrained `numeric`; MySQL's `decimal(10, 0)`; SQL Server's `decimal(18, 0)`. */
const BARE_DECIMAL: Readonly<Record<string, Digits>> = { postgresql: [131072, 16383], cockroachdb: [131072, 16383], mysql: [10, 0], sqlserver: [18, 0] };
const MONEY: Readonly<Record<string, Digits>> = { postgresql: [17, 2], sqlserver: [15, 4] };
const SMALL_MONEY: Digits = [6, 4];

/** String native types whose one argument is a length in characters. */
const LENGTH_TYPES = new Set(["VarChar", "Char", "NVarChar", "NChar", "String"]);

/** The rule for one field's values; `undefined` for kinds whose format is the whole rule. */
export function valueRuleOf(field: Pick<FieldSpec, "kind" | "nativeType">, provider: string): ValueRule | undefined {
  const [type, args] = field.nativeType ?? ["", []];
  switch (field.kind) {
    case "Int": {
      const range = (provider === "sqlserver" ? SQLSERVER_INT_TYPES[type] : undefined) ?? INT_TYPES[type] ?? INT32;
      return { kind: "wholeNumber", min: Math.max(range[0], INT32[0]), max: Math.min(range[1], INT32[1]) };
    }
    case "BigInt":
      // MySQL's unsigned bigint reaches 2^64 − 1, but Prisma's BigInt stops at 2^63 − 1.
      return { kind: "wholeNumberString", min: type === "UnsignedBigInt" ? "0" : INT64.min, max: INT64.max };
    case "Decimal": {
      const [before, after] = decimalDigitsOf(type, args, provider);
      return { kind: "decimal", before, after };
    }
    case "String": {
      const length = LENGTH_TYPES.has(type) && args.length === 1 && /^\d+$/.test(args[0]!) ? Number(args[0]) : undefined;
      return { kind: "text", ...(length !== undefined ? { maxLength: length } : {}) };
    }
    default:
      return undefined;
  }
}

function decimalDigitsOf(type: string, args: readonly string[], provider: string): Digits {
  if (type === "Decimal") {
    // Prisma wants both arguments or none.
    if (args.length !== 2) return BARE_DECIMAL[provider] ?? PRISMA_DECIMAL;
    const [precision, scale] = args.map(Number) as [number, number];
    return [precision - scale, scale];
  }
  if (type === "Money") return MONEY[provider] ?? MONEY.postgresql!;
  if (type === "SmallMoney") return SMALL_MONEY;
  return provider === "sqlserver" ? SQLSERVER_DECIMAL : PRISMA_DECIMAL;
}

/** The rule every field of a kind gets without a native type: its schema is a shared constant. */
export function isDefaultRule(rule: ValueRule, kind: FieldSpec["kind"], provider: string): boolean {
  const plain = valueRuleOf({ kind }, provider);
  return plain !== undefined && JSON.stringify(plain) === JSON.stringify(rule);
}

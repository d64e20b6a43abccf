/**
 * `validators/scalars.ts`: the formats of the values JSON cannot carry as they are, and the
 * helpers that bound what a column can store (value-rules.ts decides the bounds of each field).
 * The helpers are printed as they are written here; the model validators call them.
 */
import { addCode, emitFile, type EmittedFile } from "./source.ts";
import { valueRuleOf, type ValueRule } from "./value-rules.ts";

export const SCALARS_FILE = "validators/scalars.ts";

/** The rules' helpers, and the schemas they give without a native type (value-rules.ts says why these bounds). */
export function emitScalars(provider: string): EmittedFile {
  const header = [
    "The formats of values that JSON cannot carry as they are (docs/FORMAT.md, \"Records\"), and the",
    "bounds of what the database can store: a value outside them is the file's fault, refused with",
    "a message naming the rule, never a write that the database refuses.",
  ].join("\n");
  const plain = (kind: "Int" | "BigInt" | "Decimal" | "String") => ruleSchema(valueRuleOf({ kind }, provider)!).expression;
  return emitFile(SCALARS_FILE, header, (file) => {
    file.addImportDeclaration({ moduleSpecifier: "zod", namedImports: ["z"] });
    for (const code of SCALAR_HELPERS) addCode(file, code);
    addCode(file, `/** Int: Prisma's Int is 32 bits whatever the column. */\nexport const intNumber = ${plain("Int")};`);
    addCode(file, `/** BigInt: an integer as a string, exact beyond 2^53, in 64 bits. */\nexport const bigIntString = ${plain("BigInt")};`);
    addCode(file, `/** Decimal: as many digits as the column Prisma creates keeps. */\nexport const decimalString = ${plain("Decimal")};`);
    addCode(file, DATE_TIME);
    addCode(file, "/** Bytes: standard base64. */\nexport const bytesString = z.base64();");
    addCode(file, `/** Json: any JSON value whose strings and keys PostgreSQL can store. */\nexport const jsonValue = z.json().refine((value) => !containsNul(value), ${JSON.stringify(`must not contain ${NUL} in a string or a key, which PostgreSQL cannot store`)});`);
  });
}

const NUL = "the NUL character (\\u0000)";

/** The helpers' source, printed as is into `validators/scalars.ts` (browser-safe: nothing but zod). */
const SCALAR_HELPERS = [
  `/** A whole number between \`min\` and \`max\`: an Int column's range. */
export function wholeNumber(min: number, max: number) {
  const error = \`must be a whole number between \${min} and \${max}\`;
  return z.number({ error }).refine((value) => Number.isInteger(value) && value >= min && value <= max, error);
}`,
  `/** A whole number written as a string (exact beyond 2^53) between \`min\` and \`max\`: a BigInt column's range. */
export function wholeNumberString(min: string, max: string) {
  const error = \`must be a whole number between \${min} and \${max}, written as a string\`;
  return z.string({ error }).refine((text) => isWholeNumberWithin(text, BigInt(min), BigInt(max)), error);
}

function isWholeNumberWithin(text: string, min: bigint, max: bigint): boolean {
  const match = /^-?(\\d+)$/.exec(text);
  // No 64-bit bound has more than 20 digits, and BigInt() of megabytes of digits is slow.
  if (!match || match[1]!.replace(/^0+/, "").length > 20) return false;
  const value = BigInt(text);
  return value >= min && value <= max;
}`,
  `/**
 * A plain decimal string, never in exponent notation so that no digit is lost, with at most
 * \`before\` significant digits before the point and \`after\` after it: a Decimal column's
 * precision and scale (more digits after would be rounded away, more before refused).
 */
export function decimalNumberString(before: number, after: number) {
  const error = \`must be a decimal number written as a string, with at most \${before} digits before the point and \${after === 0 ? "none" : after} after\`;
  return z.string({ error }).refine((text) => fitsDigits(text, before, after), error);
}

function fitsDigits(text: string, before: number, after: number): boolean {
  const match = /^-?(\\d+)(?:\\.(\\d+))?$/.exec(text);
  if (!match) return false;
  const integer = match[1]!.replace(/^0+/, "");
  const fraction = (match[2] ?? "").replace(/0+$/, "");
  return integer.length <= before && fraction.length <= after;
}`,
  `/** String: any text PostgreSQL can store (its text refuses NUL, and a file moves between databases). */
export const textString = z.string().refine((text) => !text.includes("\\u0000"), ${JSON.stringify(`must not contain ${NUL}, which PostgreSQL cannot store`)});`,
  `/** A String column of at most \`length\` characters (Unicode code points, as the databases count them). */
export function textOfAtMost(length: number) {
  return textString.refine((text) => hasAtMostCharacters(text, length), \`must be at most \${length} characters long\`);
}

function hasAtMostCharacters(text: string, length: number): boolean {
  if (text.length <= length) return true;
  let count = 0;
  for (const _character of text) if (++count > length) return false;
  return true;
}`,
  `/** Whether a JSON value holds a NUL character in a string or a key; a loop, since nesting may be deep. */
function containsNul(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === "string") {
      if (next.includes("\\u0000")) return true;
    } else if (Array.isArray(next)) {
      for (const item of next) pending.push(item); // not push(...next): a long list would overflow the stack
    } else if (next !== null && typeof next === "object") {
      for (const [key, member] of Object.entries(next)) {
        if (key.includes("\\u0000")) return true;
        pending.push(member);
      }
    }
  }
  return false;
}`,
];

/** DateTime: PostgreSQL refuses year 0 (which an offset can reach from year 1), and JavaScript writes years past 9999 with a sign. */
const DATE_TIME = `/** DateTime: ISO 8601, as \`Date.prototype.toISOString()\` writes it, in the years 1 to 9999. */
const DATE_TIME_RULE = "must be a date and time in ISO 8601, like 2026-03-15T10:07:00.000Z, in the years 1 to 9999";
const FIRST_INSTANT = Date.parse("0001-01-01T00:00:00.000Z");
const LAST_INSTANT = Date.parse("9999-12-31T23:59:59.999Z");
export const dateTimeString = z.iso.datetime({ offset: true, error: DATE_TIME_RULE, abort: true }).refine((text) => {
  const time = Date.parse(text);
  return time >= FIRST_INSTANT && time <= LAST_INSTANT;
}, DATE_TIME_RULE);`;

/** A rule's schema, as a call of its helper in `validators/scalars.ts`. */
export function ruleSchema(rule: ValueRule): { expression: string; helper: string } {
  switch (rule.kind) {
    case "wholeNumber":
      return { expression: `wholeNumber(${rule.min}, ${rule.max})`, helper: "wholeNumber" };
    case "wholeNumberString":
      return { expression: `wholeNumberString(${JSON.stringify(rule.min)}, ${JSON.stringify(rule.max)})`, helper: "wholeNumberString" };
    case "decimal":
      return { expression: `decimalNumberString(${rule.before}, ${rule.after})`, helper: "decimalNumberString" };
    case "text":
      return rule.maxLength === undefined ? { expression: "textString", helper: "textString" } : { expression: `textOfAtMost(${rule.maxLength})`, helper: "textOfAtMost" };
  }
}

/**
 * `validators/scalars.ts`: the formats of the values JSON cannot carry as they are, and the
 * helpers that bound what a column can store (value-rules.ts decides the bounds of each field).
 * The helpers are printed as they are written here; the model validators call them.
 *
 * Each schema `x` has a test `isX` beside it: a plain function that is true only for a value
 * `x` takes and gives back unchanged, built on the same rule functions as the schema's
 * refinements. The model validators' record tests (validators.ts) are made of them.
 */
import { testName } from "./names.ts";
import { addCode, emitFile, type EmittedFile } from "./source.ts";
import { valueRuleOf, type ValueRule } from "./value-rules.ts";

export const SCALARS_FILE = "validators/scalars.ts";

/** A value's check as code: its Zod schema, its test, and the names they import from `validators/scalars.ts`. */
export interface ValueCode {
  readonly schema: string;
  /** The test of the expression `value`. */
  readonly test: (value: string) => string;
  /** The test as a function of one value, when it is one by name (`isTextString`). */
  readonly testFunction?: string;
  readonly helpers: readonly string[];
}

/** The rules' helpers, and the schemas they give without a native type (value-rules.ts says why these bounds). */
export function emitScalars(provider: string): EmittedFile {
  const header = [
    "The formats of values that JSON cannot carry as they are (docs/FORMAT.md, \"Records\"), and the",
    "bounds of what the database can store: a value outside them is the file's fault, refused with",
    "a message naming the rule, never a write that the database refuses.",
    "",
    "Each schema `x` has a test `isX`: true only for a value that `x` takes and gives back as it is,",
    "so that a record whose every field passes its test can skip Zod (see the models' `is…Record`).",
    "False decides nothing: the schema then says whether the value is wrong, and why.",
  ].join("\n");
  const shared = (name: string, kind: "Int" | "BigInt" | "Decimal", doc: string) => {
    const code = ruleCode(valueRuleOf({ kind }, provider)!);
    return `/** ${doc} */\nexport const ${name} = ${code.schema};\nexport const ${testName(name)} = (value: unknown): boolean => ${code.test("value")};`;
  };
  return emitFile(SCALARS_FILE, header, (file) => {
    file.addImportDeclaration({ moduleSpecifier: "zod", namedImports: ["z"] });
    for (const code of SCALAR_HELPERS) addCode(file, code);
    addCode(file, shared("intNumber", "Int", "Int: Prisma's Int is 32 bits whatever the column."));
    addCode(file, shared("bigIntString", "BigInt", "BigInt: an integer as a string, exact beyond 2^53, in 64 bits."));
    addCode(file, shared("decimalString", "Decimal", "Decimal: as many digits as the column Prisma creates keeps."));
    addCode(file, DATE_TIME);
    addCode(file, BYTES);
    addCode(file, JSON_VALUE);
    addCode(file, LIST);
  });
}

const NUL = "the NUL character (\\u0000)";

/** The helpers' source, printed as is into `validators/scalars.ts` (browser-safe: nothing but zod). */
const SCALAR_HELPERS = [
  `/** A whole number between \`min\` and \`max\`: an Int column's range. */
export function wholeNumber(min: number, max: number) {
  const error = \`must be a whole number between \${min} and \${max}\`;
  return z.number({ error }).refine((value) => isWholeNumber(value, min, max), error);
}

/** Whether \`value\` passes \`wholeNumber(min, max)\`. */
export function isWholeNumber(value: unknown, min: number, max: number): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}`,
  `/** A whole number written as a string (exact beyond 2^53) between \`min\` and \`max\`: a BigInt column's range. */
export function wholeNumberString(min: string, max: string) {
  const error = \`must be a whole number between \${min} and \${max}, written as a string\`;
  const [low, high] = [BigInt(min), BigInt(max)];
  return z.string({ error }).refine((text) => isWholeNumberWithin(text, low, high), error);
}

/** Whether \`value\` passes \`wholeNumberString(min, max)\`. */
export function isWholeNumberString(value: unknown, min: string, max: string): boolean {
  return typeof value === "string" && isWholeNumberWithin(value, BigInt(min), BigInt(max));
}

/** Digits, and a minus or none. */
const WHOLE_NUMBER = /^-?(\\d+)$/;

function isWholeNumberWithin(text: string, min: bigint, max: bigint): boolean {
  const match = WHOLE_NUMBER.exec(text);
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

/** Whether \`value\` passes \`decimalNumberString(before, after)\`. */
export function isDecimalNumberString(value: unknown, before: number, after: number): boolean {
  return typeof value === "string" && fitsDigits(value, before, after);
}

/** Digits, with a fraction after a point or none, and a minus or none: never an exponent. */
const PLAIN_DECIMAL = /^-?\\d+(?:\\.\\d+)?$/;

function fitsDigits(text: string, before: number, after: number): boolean {
  if (!PLAIN_DECIMAL.test(text)) return false;
  const point = text.indexOf(".");
  let integer = text.slice(text.startsWith("-") ? 1 : 0, point === -1 ? undefined : point);
  let fraction = point === -1 ? "" : text.slice(point + 1);
  // Zeros in front of the integer part and behind the fraction are not digits the column keeps
  // (looked for only when a part is too long: most numbers are short).
  if (integer.length > before) integer = integer.replace(/^0+/, "");
  if (fraction.length > after) fraction = fraction.replace(/0+$/, "");
  return integer.length <= before && fraction.length <= after;
}`,
  `/** String: any text PostgreSQL can store (its text refuses NUL, and a file moves between databases). */
export const textString = z.string().refine((text) => isTextString(text), ${JSON.stringify(`must not contain ${NUL}, which PostgreSQL cannot store`)});

/** Whether \`value\` passes \`textString\`. */
export function isTextString(value: unknown): value is string {
  return typeof value === "string" && !value.includes("\\u0000");
}`,
  `/** A String column of at most \`length\` characters (Unicode code points, as the databases count them). */
export function textOfAtMost(length: number) {
  return textString.refine((text) => hasAtMostCharacters(text, length), \`must be at most \${length} characters long\`);
}

/** Whether \`value\` passes \`textOfAtMost(length)\`. */
export function isTextOfAtMost(value: unknown, length: number): boolean {
  return isTextString(value) && hasAtMostCharacters(value, length);
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
}, DATE_TIME_RULE);

/** \`toISOString()\`'s form, each part within its range (the day within its month is checked apart). */
const ISO_INSTANT = /^\\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])T(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d\\.\\d{3}Z$/;

/**
 * Whether \`value\` passes \`dateTimeString\`, for the form \`toISOString()\` writes (what exports
 * hold) only: the other forms it takes (offsets, other precisions) are left to it.
 */
export function isDateTimeString(value: unknown): boolean {
  if (typeof value !== "string" || !ISO_INSTANT.test(value)) return false;
  const year = Number(value.slice(0, 4));
  const day = Number(value.slice(8, 10));
  // Four digits: year 0 is the only one out of the range.
  return year >= 1 && (day <= 28 || day <= daysInMonth(year, Number(value.slice(5, 7))));
}

/** The days of a month (1 to 12) in the Gregorian calendar, which ISO 8601 extends to every year. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}`;

const BYTES = `/** Bytes: standard base64. */
export const bytesString = z.base64();

/** Whether \`value\` passes \`bytesString\`: Zod's own test of base64. */
export function isBytesString(value: unknown): boolean {
  return typeof value === "string" && z.core.isValidBase64(value);
}`;

const JSON_VALUE = `/** Json: any JSON value whose strings and keys PostgreSQL can store. */
export const jsonValue = z.json().refine((value) => !containsNul(value), ${JSON.stringify(`must not contain ${NUL} in a string or a key, which PostgreSQL cannot store`)});

/**
 * Zod checks a Json value by recursion, which runs out of stack on a value nested deeply enough
 * (the import then says so); \`isJsonValue\` leaves values nested deeper than this to it.
 */
const PLAIN_JSON_DEPTH = 64;

/** Whether \`value\` passes \`jsonValue\` and comes out of it as it is. */
export function isJsonValue(value: unknown): boolean {
  return isPlainJson(value, PLAIN_JSON_DEPTH) && !containsNul(value);
}

/**
 * Whether \`value\` is JSON as \`JSON.parse\` makes it (strings, finite numbers, booleans, null, and
 * lists and plain objects of them) down to \`depth\` levels, without a "__proto__" key, which
 * \`z.json()\` leaves out of what it gives back.
 */
function isPlainJson(value: unknown, depth: number): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (typeof value !== "object" || depth === 0) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!isPlainJson(value[i], depth - 1)) return false; // not every(): it skips holes
    return true;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key !== "string" || key === "__proto__" || !isPlainJson((value as Record<string, unknown>)[key], depth - 1)) return false;
  }
  return true;
}`;

const LIST = `/** Whether \`value\` is a list whose every item passes \`test\` (as \`z.array\` checks a list: a hole is an undefined item). */
export function isListOf(value: unknown, test: (item: unknown) => boolean): boolean {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) if (!test(value[i])) return false;
  return true;
}`;

/** A schema of `validators/scalars.ts` shared by every field without a native type, and its test. */
export function sharedCode(name: string): ValueCode {
  const test = testName(name);
  return { schema: name, test: (value) => `${test}(${value})`, testFunction: test, helpers: [name, test] };
}

/** A rule's schema and test, as calls of their helpers in `validators/scalars.ts`. */
export function ruleCode(rule: ValueRule): ValueCode {
  switch (rule.kind) {
    case "wholeNumber":
      return helperCode("wholeNumber", `${rule.min}, ${rule.max}`);
    case "wholeNumberString":
      return helperCode("wholeNumberString", `${JSON.stringify(rule.min)}, ${JSON.stringify(rule.max)}`);
    case "decimal":
      return helperCode("decimalNumberString", `${rule.before}, ${rule.after}`);
    case "text":
      return rule.maxLength === undefined ? sharedCode("textString") : helperCode("textOfAtMost", String(rule.maxLength));
  }
}

function helperCode(helper: string, args: string): ValueCode {
  const test = testName(helper);
  return { schema: `${helper}(${args})`, test: (value) => `${test}(${value}, ${args})`, helpers: [helper, test] };
}

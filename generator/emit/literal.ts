/**
 * Prints data as a TypeScript literal that reads like hand-written code: bare keys where they
 * are identifiers, strings through `JSON.stringify` only, and one line per "row": an object of
 * plain values always stays on one line, a short list or an object with short lists when it
 * fits, and anything holding objects is spread over lines.
 */

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const WIDTH = 120;

/** An object key: bare when it is an identifier, else a JSON string. */
export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

/** `.name`, or `["name"]` when the name is not an identifier. */
export function memberAccess(name: string): string {
  return IDENTIFIER.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}

/** `value` printed at `indent` levels of two spaces; `prefix` is what precedes it on its first line. */
export function printLiteral(value: unknown, indent = 0, prefix = 0): string {
  if (value === null || typeof value !== "object") return printScalar(value);
  const inline = printInline(value);
  if (isRecordRow(value) || (isRow(value) && indent * 2 + prefix + inline.length <= WIDTH)) return inline;
  const pad = "  ".repeat(indent + 1);
  const close = "  ".repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((item) => `${pad}${printLiteral(item, indent + 1)},`).join("\n")}\n${close}]`;
  }
  const entries = Object.entries(value).filter(([, item]) => item !== undefined);
  if (entries.length === 0) return "{}";
  const lines = entries.map(([key, item]) => {
    const head = `${propertyKey(key)}: `;
    return `${pad}${head}${printLiteral(item, indent + 1, head.length)},`;
  });
  return `{\n${lines.join("\n")}\n${close}}`;
}

function printScalar(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  throw new Error(`Cannot print ${typeof value} as a literal`);
}

function printInline(value: object): string {
  if (Array.isArray(value)) return `[${value.map((item) => (item !== null && typeof item === "object" ? printInline(item) : printScalar(item))).join(", ")}]`;
  const entries = Object.entries(value).filter(([, item]) => item !== undefined);
  if (entries.length === 0) return "{}";
  return `{ ${entries.map(([key, item]) => `${propertyKey(key)}: ${item !== null && typeof item === "object" ? printInline(item) : printScalar(item)}`).join(", ")} }`;
}

/** An object of plain values only (a field's description): one line, however long. */
function isRecordRow(value: object): boolean {
  return !Array.isArray(value) && Object.values(value).every((item) => item === null || typeof item !== "object");
}

/** An object whose values are plain or lists of plain values, or a list of plain values: one line when it fits. */
function isRow(value: object): boolean {
  const plain = (item: unknown) => item === null || typeof item !== "object";
  if (Array.isArray(value)) return value.every(plain);
  return Object.values(value).every((item) => plain(item) || (Array.isArray(item) && item.every(plain)));
}

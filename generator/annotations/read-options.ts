/**
 * Checks raw options against the catalog and turns them into typed options: every name must be
 * an option of this target (model or field), given once, with a value of its argument's type.
 * Also the checks that need nothing but the options of one annotation target (`skip` alone,
 * `fallback` with `omit`, `orphans` with `nest`, `singleton` with `single`). Problems name what
 * would be valid; an option with a problem is left out of the result.
 */
import type { JsonValue } from "../../runtime/schema.ts";
import { suggest } from "../spelling.ts";
import { OPTIONS, optionsFor, type ArgumentSpec, type Located, type OptionName, type OptionsOf, type Target } from "./catalog.ts";
import type { RawOption, TextProblem, Value } from "./parser.ts";

export interface ReadOptions<T extends Target> {
  readonly options: OptionsOf<T>;
  readonly problems: readonly TextProblem[];
}

const OTHER: Record<Target, Target> = { model: "field", field: "model" };
const PLURAL: Record<Target, string> = { model: "models", field: "fields" };

export function readOptions<T extends Target>(raw: readonly RawOption[], target: T): ReadOptions<T> {
  const problems: TextProblem[] = [];
  const options: Partial<Record<OptionName, Located<unknown>>> = {};
  const valid = optionsFor(target);

  for (const option of raw) {
    const fail = (code: TextProblem["code"], message: string, at = option.at) => problems.push({ code, message, at });
    if (!(option.name in OPTIONS)) {
      fail("unknown_option", `unknown option "${option.name}" (${suggest(option.name, valid)})`);
      continue;
    }
    const name = option.name as OptionName;
    const spec = OPTIONS[name];
    if (!(spec.targets as readonly Target[]).includes(target)) {
      fail("misplaced_option", `option "${name}" applies to ${PLURAL[OTHER[target]]}, not to ${PLURAL[target]}`);
      continue;
    }
    if (options[name]) {
      fail("duplicate_option", `option "${name}" is given twice`);
      continue;
    }
    const read = readArgument(name, spec.argument, option);
    if ("problem" in read) problems.push(read.problem);
    else options[name] = { value: read.value, at: option.value?.at ?? option.at };
  }

  problems.push(...combinationProblems(options, raw));
  return { options: options as OptionsOf<T>, problems };
}

type ArgumentRead = { value: unknown } | { problem: TextProblem };

function readArgument(name: OptionName, argument: ArgumentSpec, option: RawOption): ArgumentRead {
  const example = OPTIONS[name].example.text;
  const value = option.value;
  if (argument.kind === "flag") {
    return value ? problem("unexpected_value", `option "${name}" takes no value: write @backup(${name})`, value) : { value: true };
  }
  if (!value) return problem("missing_value", `option "${name}" needs a value, e.g. ${example}`, option);

  switch (argument.kind) {
    case "enum": {
      const word = wordOf(value);
      if (word !== undefined && argument.values.includes(word)) return { value: word };
      return problem("invalid_value", `invalid ${name} ${shown(value)} (${suggest(word ?? "", argument.values)})`, value);
    }
    case "text": {
      const word = wordOf(value);
      if (word === undefined || word === "") return problem("invalid_value", `invalid ${name} ${shown(value)} (expected a name or a "string", e.g. ${example})`, value);
      if (argument.pattern && !argument.pattern.test(word)) return problem("invalid_value", `invalid ${name} ${shown(value)} (expected ${argument.patternText})`, value);
      return { value: word };
    }
    case "field": {
      const word = wordOf(value);
      if (word === undefined || word === "") return problem("invalid_value", `invalid ${name} ${shown(value)} (expected a field name, e.g. ${example})`, value);
      return { value: word };
    }
    case "fields":
      return readFields(name, argument.keywords, value, example);
    case "json": {
      const json = jsonOf(value);
      return "problem" in json ? json : { value: json.value };
    }
  }
}

function readFields(name: OptionName, keywords: readonly string[], value: Value, example: string): ArgumentRead {
  if (value.kind === "identifier" && keywords.includes(value.text)) return { value: value.text };
  const items = value.kind === "list" ? value.items : [value];
  const expected = `expected a field, a list of fields${keywords.length > 0 ? ` or ${keywords.join(", ")}` : ""}, e.g. ${example}`;
  if (items.length === 0) return problem("invalid_value", `invalid ${name} [] (${expected})`, value);
  const fields: string[] = [];
  for (const item of items) {
    const word = wordOf(item);
    if (word === undefined || word === "" || (value.kind === "list" && keywords.includes(word))) {
      return problem("invalid_value", `invalid ${name} ${shown(item)} (${expected})`, item);
    }
    if (fields.includes(word)) return problem("invalid_value", `invalid ${name}: "${word}" is listed twice`, item);
    fields.push(word);
  }
  return { value: fields };
}

/** A value as a JSON literal; bare words other than true, false and null are not JSON. */
function jsonOf(value: Value): { value: JsonValue } | { problem: TextProblem } {
  switch (value.kind) {
    case "string":
    case "number":
    case "boolean":
      return { value: value.value };
    case "null":
      return { value: null };
    case "identifier":
      return problem("invalid_value", `invalid fallback "${value.text}": a bare word is not JSON (write "${value.text}" for a string)`, value);
    case "list": {
      const items: JsonValue[] = [];
      for (const item of value.items) {
        const read = jsonOf(item);
        if ("problem" in read) return read;
        items.push(read.value);
      }
      return { value: items };
    }
    case "object": {
      const object: Record<string, JsonValue> = {};
      for (const entry of value.entries) {
        const read = jsonOf(entry.value);
        if ("problem" in read) return read;
        object[entry.key] = read.value;
      }
      return { value: object };
    }
  }
}

/** Checks between options of one annotation target. */
function combinationProblems(options: Partial<Record<OptionName, Located<unknown>>>, raw: readonly RawOption[]): TextProblem[] {
  const problems: TextProblem[] = [];
  if (options.skip) {
    const other = raw.find((option) => option.name !== "skip");
    if (other) problems.push({ code: "conflicting_options", message: `option "${other.name}" cannot be combined with skip: a skipped model is not backed up at all`, at: other.at });
  }
  if (options.fallback && !options.omit) {
    problems.push({ code: "invalid_fallback", message: "fallback only applies with omit: write @backup(omit, fallback: ...)", at: options.fallback.at });
  }
  if (options.orphans && !options.nest) {
    problems.push({ code: "invalid_orphans", message: 'orphans only applies with nest, e.g. @backup(nest: customer, orphans: "standalone_sales")', at: options.orphans.at });
  }
  if (options.single && options.nest) {
    problems.push({ code: "conflicting_options", message: "single cannot be combined with nest: a one-row model stands on its own", at: options.nest.at });
  }
  if (options.match?.value === "singleton" && !options.single) {
    problems.push({ code: "invalid_match", message: "match: singleton needs single (a one-row model)", at: options.match.at });
  }
  return problems;
}

/** The text of a bare word or a string. */
function wordOf(value: Value): string | undefined {
  return value.kind === "identifier" || value.kind === "string" ? (value.kind === "string" ? value.value : value.text) : undefined;
}

/** A value as it appears in a message. */
function shown(value: Value): string {
  switch (value.kind) {
    case "identifier":
      return `"${value.text}"`;
    case "list":
      return "(a list)";
    case "object":
      return "(an object)";
    default:
      return value.text;
  }
}

function problem(code: TextProblem["code"], message: string, where: { at: TextProblem["at"] }): { problem: TextProblem } {
  return { problem: { code, message, at: where.at } };
}

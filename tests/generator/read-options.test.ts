import { describe, expect, it } from "vitest";
import type { Target } from "../../generator/annotations/catalog.ts";
import { parseAnnotation } from "../../generator/annotations/parser.ts";
import { readOptions } from "../../generator/annotations/read-options.ts";

function read(text: string, target: Target = "model") {
  const parsed = parseAnnotation(text);
  expect(parsed.problems).toEqual([]);
  const result = readOptions(parsed.options, target);
  return {
    values: Object.fromEntries(Object.entries(result.options).map(([name, option]) => [name, (option as { value: unknown }).value])),
    problems: result.problems.map((problem) => `${problem.code} @${problem.at.column}: ${problem.message}`),
  };
}

describe("readOptions: every option, typed", () => {
  it("reads each model option", () => {
    expect(read('@backup(section: company, key: "settings", single, module: settings, match: singleton, merge: newest)')).toEqual({
      values: { section: "company", key: "settings", single: true, module: "settings", match: "singleton", merge: "newest" },
      problems: [],
    });
    expect(read('@backup(nest: customer, orphans: "standalone_sales", module: "sales-2024", match: [parentId, "name"])').values).toEqual({
      nest: "customer",
      orphans: "standalone_sales",
      module: "sales-2024",
      match: ["parentId", "name"],
    });
    expect(read("@backup(match: email)").values).toEqual({ match: ["email"] });
    expect(read("@backup(skip)").values).toEqual({ skip: true });
    expect(read('@backup(section: "data", key: products)').values).toEqual({ section: "data", key: "products" });
  });

  it("reads each field option, fallbacks as JSON", () => {
    expect(read('@backup(omit, fallback: "!")', "field").values).toEqual({ omit: true, fallback: "!" });
    expect(read("@backup(merge: existing)", "field").values).toEqual({ merge: "existing" });
    expect(read('@backup(omit, fallback: {"theme": "dark", "sizes": [1, 2.5], "on": true, "none": null})', "field").values).toEqual({
      omit: true,
      fallback: { theme: "dark", sizes: [1, 2.5], on: true, none: null },
    });
    expect(read("@backup(omit, fallback: null)", "field").values).toEqual({ omit: true, fallback: null });
    expect(read("@backup(omit, fallback: -3)", "field").values).toEqual({ omit: true, fallback: -3 });
  });
});

describe("readOptions: every problem names what would be valid", () => {
  it.each<[string, Target, string]>([
    ["@backup(mach: email)", "model", 'unknown_option @9: unknown option "mach" (did you mean "match"?)'],
    ["@backup(sekshun: data)", "model", 'unknown_option @9: unknown option "sekshun" (expected one of: key, match, merge, module, nest, orphans, section, single, skip)'],
    ["@backup(omitt)", "field", 'unknown_option @9: unknown option "omitt" (did you mean "omit"?)'],
    ["@backup(mach: email)", "field", 'unknown_option @9: unknown option "mach" (expected one of: fallback, merge, omit)'],
    ["@backup(omit)", "model", 'misplaced_option @9: option "omit" applies to fields, not to models'],
    ["@backup(nest: sale)", "field", 'misplaced_option @9: option "nest" applies to models, not to fields'],
    ["@backup(merge: ask, merge: auto)", "model", 'duplicate_option @21: option "merge" is given twice'],
    ["@backup(skip: true)", "model", 'unexpected_value @15: option "skip" takes no value: write @backup(skip)'],
    ["@backup(single: [1])", "model", 'unexpected_value @17: option "single" takes no value: write @backup(single)'],
    ["@backup(section)", "model", 'missing_value @9: option "section" needs a value, e.g. @backup(section: company)'],
    ["@backup(nest)", "model", 'missing_value @9: option "nest" needs a value, e.g. @backup(nest: sale)'],
    ["@backup(omit, fallback)", "field", 'missing_value @15: option "fallback" needs a value, e.g. @backup(omit, fallback: "!")'],
    ["@backup(section: compny)", "model", 'invalid_value @18: invalid section "compny" (did you mean "company"?)'],
    ["@backup(merge: whatever)", "model", 'invalid_value @16: invalid merge "whatever" (expected one of: auto, newest, existing, incoming, ask)'],
    ["@backup(merge: 3)", "field", "invalid_value @16: invalid merge 3 (expected one of: auto, newest, existing, incoming, ask)"],
    ['@backup(key: "")', "model", 'invalid_value @14: invalid key "" (expected a name or a "string", e.g. @backup(section: company, key: "settings"))'],
    ["@backup(key: 12)", "model", 'invalid_value @14: invalid key 12 (expected a name or a "string", e.g. @backup(section: company, key: "settings"))'],
    ['@backup(module: "sales reports")', "model", 'invalid_value @17: invalid module "sales reports" (expected letters, digits, "_" and "-")'],
    ["@backup(nest: [sale])", "model", "invalid_value @15: invalid nest (a list) (expected a field name, e.g. @backup(nest: sale))"],
    ["@backup(match: [])", "model", "invalid_value @16: invalid match [] (expected a field, a list of fields or singleton, e.g. @backup(match: [parentId, name]))"],
    ["@backup(match: [a, 2])", "model", "invalid_value @20: invalid match 2 (expected a field, a list of fields or singleton, e.g. @backup(match: [parentId, name]))"],
    ["@backup(match: [singleton])", "model", 'invalid_value @17: invalid match "singleton" (expected a field, a list of fields or singleton, e.g. @backup(match: [parentId, name]))'],
    ["@backup(match: [a, a])", "model", 'invalid_value @20: invalid match: "a" is listed twice'],
    ["@backup(omit, fallback: secret)", "field", 'invalid_value @25: invalid fallback "secret": a bare word is not JSON (write "secret" for a string)'],
    ["@backup(omit, fallback: [1, x])", "field", 'invalid_value @29: invalid fallback "x": a bare word is not JSON (write "x" for a string)'],
    ["@backup(skip, key: sessions)", "model", 'conflicting_options @15: option "key" cannot be combined with skip: a skipped model is not backed up at all'],
    ["@backup(single, nest: parent)", "model", "conflicting_options @23: single cannot be combined with nest: a one-row model stands on its own"],
    ['@backup(fallback: "!")', "field", "invalid_fallback @19: fallback only applies with omit: write @backup(omit, fallback: ...)"],
    ['@backup(orphans: "loose")', "model", 'invalid_orphans @18: orphans only applies with nest, e.g. @backup(nest: customer, orphans: "standalone_sales")'],
    ["@backup(match: singleton)", "model", "invalid_match @16: match: singleton needs single (a one-row model)"],
  ])("%s on a %s", (text, target, problem) => {
    expect(read(text, target).problems).toEqual([problem]);
  });

  it("reports every problem of an annotation, and keeps the valid options", () => {
    expect(read("@backup(mach: email, section: compny, module: sales)")).toEqual({
      values: { module: "sales" },
      problems: ['unknown_option @9: unknown option "mach" (did you mean "match"?)', 'invalid_value @31: invalid section "compny" (did you mean "company"?)'],
    });
  });
});

import { describe, expect, it } from "vitest";
import { parseAnnotation } from "../../generator/annotations/parser.ts";

/** Options as plain `name → value` (values simplified for comparison). */
function optionsOf(text: string) {
  const parsed = parseAnnotation(text);
  expect(parsed.problems).toEqual([]);
  return parsed.options.map((option) => [option.name, option.value ? plain(option.value) : undefined]);
}

function plain(value: NonNullable<ReturnType<typeof parseAnnotation>["options"][number]["value"]>): unknown {
  switch (value.kind) {
    case "identifier":
      return { identifier: value.text };
    case "list":
      return value.items.map(plain);
    case "object":
      return Object.fromEntries(value.entries.map((entry) => [entry.key, plain(entry.value)]));
    case "null":
      return null;
    default:
      return value.value;
  }
}

function problemOf(text: string) {
  const parsed = parseAnnotation(text);
  expect(parsed.options).toEqual([]);
  expect(parsed.problems).toHaveLength(1);
  return parsed.problems[0]!;
}

describe("parseAnnotation", () => {
  it("reads flags and name: value options", () => {
    expect(optionsOf('@backup(section: company, key: "settings", single, module: settings, match: singleton)')).toEqual([
      ["section", { identifier: "company" }],
      ["key", "settings"],
      ["single", undefined],
      ["module", { identifier: "settings" }],
      ["match", { identifier: "singleton" }],
    ]);
  });

  it("reads every kind of value", () => {
    expect(optionsOf('@backup(a: name, b: "text", c: -1.5e3, d: true, e: false, f: null, g: [x, "y", 2], h: {"k": [1, {j: null}]})')).toEqual([
      ["a", { identifier: "name" }],
      ["b", "text"],
      ["c", -1500],
      ["d", true],
      ["e", false],
      ["f", null],
      ["g", [{ identifier: "x" }, "y", 2]],
      ["h", { k: [1, { j: null }] }],
    ]);
  });

  it("decodes escapes in strings", () => {
    expect(optionsOf('@backup(fallback: "a \\"quoted\\" \\u00e9")')).toEqual([["fallback", 'a "quoted" é']]);
  });

  it("accepts trailing commas and blanks", () => {
    expect(optionsOf("@backup(  skip ,  )")).toEqual([["skip", undefined]]);
    expect(optionsOf("@backup(match: [a, b,])")).toEqual([["match", [{ identifier: "a" }, { identifier: "b" }]]]);
  });

  it("continues over several lines and stops at the closing parenthesis", () => {
    const parsed = parseAnnotation('@backup(section: company,\n  key: "settings",\n  single)\nSome prose that follows.');
    expect(parsed.problems).toEqual([]);
    expect(parsed.lineCount).toBe(3);
    expect(parsed.options.map((option) => [option.name, option.at])).toEqual([
      ["section", { line: 0, column: 9 }],
      ["key", { line: 1, column: 3 }],
      ["single", { line: 2, column: 3 }],
    ]);
  });

  it("gives each value its position", () => {
    const [option] = parseAnnotation("@backup(nest: customer)").options;
    expect(option!.value!.at).toEqual({ line: 0, column: 15 });
  });

  describe("syntax errors: the annotation yields nothing, and one message says what is wrong", () => {
    it.each([
      ["@backup", 'expected "(" after @backup, found the end of the comment', 8],
      ["@backup skip", 'expected "(" after @backup, found "skip"', 9],
      ["@backup()", "empty annotation: name at least one option, e.g. @backup(skip)", 8],
      ["@backup(skip", 'expected ":", "," or ")" after option "skip", found the end of the comment', 13],
      ['@backup(key: "x"', 'expected "," or ")" after option "key", found the end of the comment', 17],
      ["skip", 'expected @backup, found "skip"', 1],
      ["@backup(nest customer)", 'expected ":", "," or ")" after option "nest", found "customer"', 14],
      ['@backup(key: "a" "b")', 'expected "," or ")" after option "key", found ""b""', 18],
      ["@backup(key:)", 'expected a value after "key:", found ")"', 13],
      ["@backup(: x)", 'expected an option name, found ":"', 9],
      ["@backup(1)", 'expected an option name, found "1"', 9],
      ["@backup(key: 'settings')", "strings use double quotes: 'settings'", 14],
      ['@backup(key: "settings)', 'unterminated string "settings)', 14],
      ['@backup(key: "a\\q")', 'invalid escape in string "a\\q"', 14],
      ["@backup(key: %)", 'expected a value, found "%"', 14],
      ["@backup(match: [a b])", 'expected "," or "]" in the list, found "b"', 19],
      ["@backup(fallback: {1: 2})", 'expected a key in the object, found "1"', 20],
      ["@backup(fallback: {a 2})", 'expected ":" after the key a, found "2"', 22],
      ["@backup(fallback: {a: 1 b: 2})", 'expected "," or "}" in the object, found "b"', 25],
      ["@backup(skip) and more", 'unexpected text after ")": "and more"', 15],
      ["@Backup(skip)", 'unknown annotation "@Backup" (did you mean "@backup"?)', 1],
      ["@backups(skip)", 'unknown annotation "@backups" (did you mean "@backup"?)', 1],
      ["@backupOptions(skip)", 'unknown annotation "@backupOptions" (did you mean "@backup"?)', 1],
    ])("%s", (text, message, column) => {
      expect(problemOf(text)).toEqual({ code: "syntax", message, at: { line: 0, column } });
    });

    it("places an error on a continuation line", () => {
      expect(problemOf("@backup(skip,\n  module catalog)")).toEqual({
        code: "syntax",
        message: 'expected ":", "," or ")" after option "module", found "catalog"',
        at: { line: 1, column: 10 },
      });
    });
  });
});

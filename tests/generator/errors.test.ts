/**
 * One fixture per kind of problem (tests/fixtures/schemas/errors/): each file states the exact
 * messages it must produce in `// expect:` lines at its top. Also checks that generation throws
 * one error that lists them all, and that every diagnostic code is exercised.
 */
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BackupSchemaError, DIAGNOSTIC_CODES } from "../../generator/diagnostics.ts";
import { describeSchema, expectedOf, FIXTURES, fixture, headlinesOf } from "./support.ts";

const files = readdirSync(`${FIXTURES}errors`).filter((name) => name.endsWith(".prisma")).sort();

describe("every problem, with its exact message", () => {
  it.each(files)("%s", (name) => {
    const expected = expectedOf(`errors/${name}`);
    expect(expected.length).toBeGreaterThan(0);
    expect(headlinesOf(fixture(`errors/${name}`))).toEqual(expected);
  });
});

describe("the thrown error", () => {
  it("is one BackupSchemaError listing every problem, with the schema line under each", () => {
    let thrown: unknown;
    try {
      describeSchema(fixture("errors/unknown-option.prisma"));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(BackupSchemaError);
    expect((thrown as Error).message).toBe(
      [
        "prisma-backup: 2 problems in the schema's @backup annotations",
        "",
        'schema.prisma:7 Customer: unknown option "mach" (did you mean "match"?)',
        "    /// @backup(mach: email)",
        "                ^",
        "",
        'schema.prisma:10 Customer.email: unknown option "mach" (expected one of: fallback, merge, omit)',
        "    /// @backup(mach: email)",
        "                ^",
        "",
      ].join("\n"),
    );
  });

  it("comes from fixtures that, together, use every diagnostic code", () => {
    const codes = new Set<string>();
    for (const name of files) {
      try {
        describeSchema(fixture(`errors/${name}`));
      } catch (error) {
        for (const item of (error as BackupSchemaError).diagnostics) codes.add(item.code);
      }
    }
    expect([...codes].sort()).toEqual(Object.keys(DIAGNOSTIC_CODES).sort());
  });
});

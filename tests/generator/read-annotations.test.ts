import { describe, expect, it } from "vitest";
import { readAnnotations } from "../../generator/annotations/read.ts";
import { renderDiagnostic } from "../../generator/diagnostics.ts";
import { datamodelOf, schema } from "./support.ts";

function read(text: string) {
  return readAnnotations(datamodelOf(text), [{ path: "schema.prisma", text }]);
}

function rendered(text: string): string[] {
  return read(text).diagnostics.map(renderDiagnostic);
}

const CUSTOMER = schema(`
/// A customer.
/// @backup(module: sales, match: email)
model Customer {
  id    Int     @id
  /// The address we write to.
  /// @backup(mach: email)
  email String? @unique
  notes String? /// @backup(merge: existing)
}
`);

describe("readAnnotations", () => {
  it("reads model and field annotations, prose aside", () => {
    const annotations = read(CUSTOMER);
    expect(annotations.models.get("Customer")!.options).toMatchObject({ module: { value: "sales" }, match: { value: ["email"] } });
    expect(annotations.fields.get("Customer.notes")!.options).toMatchObject({ merge: { value: "existing" } });
    expect(annotations.fields.get("Customer.id")!.options).toEqual({});
  });

  it("renders a problem with its file, line, subject, the line's text and a caret", () => {
    expect(rendered(CUSTOMER)).toEqual([
      [
        'schema.prisma:10 Customer.email: unknown option "mach" (expected one of: fallback, merge, omit)',
        "    /// @backup(mach: email)",
        "                ^",
      ].join("\n"),
    ]);
  });

  it("places options at their line and column, on every line of a multi-line annotation", () => {
    const text = schema(`
/// @backup(section: company,
///         key: "settings",
///         sngle)
model Settings {
  id Int @id
}
`);
    const annotations = read(text);
    const settings = annotations.models.get("Settings")!;
    expect(settings.locate(settings.options.key!.at)).toMatchObject({ line: 6, column: 18 });
    expect(annotations.diagnostics.map(renderDiagnostic)).toEqual([
      ['schema.prisma:7 Settings: unknown option "sngle" (did you mean "single"?)', "    ///         sngle)", "                ^"].join("\n"),
    ]);
  });

  it("tells identical annotations on different models apart", () => {
    const text = schema(`
/// @backup(modul: catalog)
model A {
  id Int @id
}

/// @backup(modul: catalog)
model B {
  id Int @id
}
`);
    expect(read(text).diagnostics.map((d) => `${d.model}:${d.location?.line}`)).toEqual(["A:5", "B:10"]);
  });

  it("merges several annotation lines on one model, and reports an option given twice", () => {
    const text = schema(`
/// @backup(module: catalog)
/// Some prose in between, mentioning @backup(skip) mid-line, which is not an annotation.
/// @backup(merge: ask, module: sales)
model A {
  id Int @id
}
`);
    const annotations = read(text);
    expect(annotations.models.get("A")!.options).toMatchObject({ module: { value: "catalog" }, merge: { value: "ask" } });
    expect(annotations.diagnostics.map(renderDiagnostic).map((d) => d.split("\n")[0])).toEqual(['schema.prisma:7 A: option "module" is given twice']);
  });

  it("reports an annotation that Prisma would drop: detached by a blank line", () => {
    const text = schema(`
/// @backup(skip)

model Session {
  id Int @id
}
`);
    expect(rendered(text)).toEqual([
      [
        "schema.prisma:5: this annotation is not attached to a model or field, so Prisma drops it: remove the blank line between it and the declaration it is for",
        "    /// @backup(skip)",
        "        ^",
      ].join("\n"),
    ]);
  });

  it("reports a plain // comment that looks like an annotation", () => {
    const text = schema(`
// @backup(skip)
model Session {
  id Int @id
}
`);
    expect(rendered(text)[0]!.split("\n")[0]).toBe('schema.prisma:5: "//" starts a plain comment, which Prisma does not pass to generators: write "/// @backup(skip)"');
  });

  it("reports annotations on enums, enum values and views", () => {
    const text = schema(`generator client {
  provider        = "prisma-client"
  previewFeatures = ["views"]
}

/// @backup(skip)
enum Role {
  /// @backup(skip)
  ADMIN
}

/// @backup(skip)
view Summary {
  id    Int @unique
  /// @backup(omit)
  total Int
}
`);
    expect(rendered(text).map((d) => d.split("\n")[0])).toEqual([
      "schema.prisma:9: @backup annotations apply to models and fields, not to enum Role",
      "schema.prisma:11: @backup annotations apply to models and fields, not to enum Role.ADMIN",
      "schema.prisma:15: @backup annotations apply to models and fields, not to view Summary",
      "schema.prisma:18: @backup annotations apply to models and fields, not to view Summary.total",
    ]);
  });

  it("names the file of a multi-file schema", () => {
    const main = schema("");
    const models = "/// @backup(sekshun: data)\nmodel A {\n  id Int @id\n}\n";
    const datamodel = datamodelOf(main + models);
    const annotations = readAnnotations(datamodel, [
      { path: "schema.prisma", text: main },
      { path: "models/a.prisma", text: models },
    ]);
    expect(annotations.diagnostics.map(renderDiagnostic)[0]!.split("\n")[0]).toBe(
      'models/a.prisma:1 A: unknown option "sekshun" (expected one of: key, match, merge, module, nest, orphans, section, single, skip)',
    );
  });
});

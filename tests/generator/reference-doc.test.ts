/**
 * docs/ANNOTATIONS.md holds the grammar's reference as rendered from the catalog; the examples
 * in the catalog are themselves valid annotations. `UPDATE_REFERENCE=1 npx vitest run
 * tests/generator/reference-doc.test.ts` rewrites the section after a change to the catalog.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { OPTIONS, type Target } from "../../generator/annotations/catalog.ts";
import { parseAnnotation } from "../../generator/annotations/parser.ts";
import { readOptions } from "../../generator/annotations/read-options.ts";
import { renderAnnotationReference } from "../../generator/annotations/reference.ts";
import { REPO } from "./support.ts";

const DOC = path.join(REPO, "docs/ANNOTATIONS.md");

/** The `## Annotations` section: from its heading to the next `## ` heading or the end. */
function sectionOf(text: string): { before: string; section: string; after: string } {
  const start = text.indexOf("## Annotations\n");
  if (start < 0) return { before: text, section: "", after: "" };
  const next = text.indexOf("\n## ", start + 1);
  const end = next < 0 ? text.length : next + 1;
  return { before: text.slice(0, start), section: text.slice(start, end), after: text.slice(end) };
}

describe("docs/ANNOTATIONS.md", () => {
  it("holds the reference rendered from the catalog", () => {
    const text = readFileSync(DOC, "utf8");
    const { before, section, after } = sectionOf(text);
    const rendered = renderAnnotationReference();
    if (process.env.UPDATE_REFERENCE && section !== rendered) writeFileSync(DOC, before + rendered + after);
    else expect(section, "run UPDATE_REFERENCE=1 npx vitest run tests/generator/reference-doc.test.ts").toBe(rendered);
  });

  it("shows examples that are valid annotations", () => {
    for (const [name, spec] of Object.entries(OPTIONS)) {
      const parsed = parseAnnotation(spec.example.text);
      expect(parsed.problems, name).toEqual([]);
      const target: Target = "field" in spec.example ? "field" : "model";
      expect(readOptions(parsed.options, target).problems, name).toEqual([]);
      expect(parsed.options.map((option) => option.name), name).toContain(name);
    }
  });
});

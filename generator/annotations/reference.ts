/**
 * The reference of the annotation grammar, rendered from the catalog as Markdown: the
 * `## Annotations` section of docs/ANNOTATIONS.md (a test keeps the two identical). Syntax,
 * one entry per option with its example, the defaults, and the table of problem codes.
 */
import { DIAGNOSTIC_CODES } from "../diagnostics.ts";
import { DEFAULT_MODULE, OPTIONS, optionsFor, type ArgumentSpec, type OptionName, type OptionSpec } from "./catalog.ts";

export function renderAnnotationReference(): string {
  const names = Object.keys(OPTIONS) as OptionName[];
  return [
    "## Annotations",
    "",
    "The backup generator reads `@backup(...)` annotations in the schema's `///` doc comments. A",
    "schema with none is backed up whole, with the defaults below; annotations say what to leave out,",
    "where records go in the file, how an existing record is recognised, and how conflicts merge.",
    "",
    "This section is generated from the grammar's catalog (`generator/annotations/catalog.ts`).",
    "",
    "### Syntax",
    "",
    "```",
    "annotation := \"@backup\" \"(\" option (\",\" option)* \",\"? \")\"",
    "option     := name (\":\" value)?",
    "value      := name | \"string\" | number | true | false | null | \"[\" values \"]\" | \"{\" \"key\": value, … \"}\"",
    "```",
    "",
    "- An annotation is a `///` line that starts with `@backup(`, directly above the model or field it",
    "  is for (Prisma drops a `///` comment separated from its declaration by a blank line, and never",
    "  passes `//` comments to generators: both are reported rather than ignored).",
    "- Options are a flag (`skip`) or `name: value`. A value is a bare name (`company`), a",
    "  double-quoted string (`\"standalone_sales\"`), a number, `true`, `false`, `null`, a list",
    "  (`[parentId, name]`) or, for a fallback, a JSON object.",
    "- An annotation may continue over several `///` lines until its closing parenthesis; nothing may",
    "  follow that parenthesis on its line. Prose may share the doc comment on other lines.",
    "- A model or field may carry several `@backup` lines; their options add up, and an option given",
    "  twice is an error. Text that starts with `@backup` is never silently ignored: a malformed",
    "  annotation, an unknown option or value, or a field or model that does not exist stops",
    "  `prisma generate` with a message naming the model, the field, the text, and what would be valid.",
    "",
    "### Options",
    "",
    "| option | on | value | default |",
    "| --- | --- | --- | --- |",
    ...names.map((name) => {
      const spec: OptionSpec = OPTIONS[name];
      return `| [\`${name}\`](#${name}) | ${spec.targets.join(", ")} | ${argumentText(spec.argument)} | ${spec.default ?? "off"} |`;
    }),
    "",
    `On a model: ${optionsFor("model").map((name) => `\`${name}\``).join(", ")}. On a field: ${optionsFor("field").map((name) => `\`${name}\``).join(", ")}.`,
    "",
    ...names.flatMap((name) => optionEntry(name, OPTIONS[name])),
    "### With no annotations",
    "",
    "Every model is backed up, in the `data` section, under its name in snake_case and plural",
    `(\`SaleLine\` → \`sale_lines\`), in the \`${DEFAULT_MODULE}\` module, merged with \`auto\`, matched by id only.`,
    "Every scalar field is backed up. Implicit many-to-many relations are restored from the id lists",
    "carried by the records of the model whose name sorts first. Views are never backed up.",
    "",
    "Checked at generate time as well: a foreign key to a skipped model (omit the key, or back the",
    "model up), and models that refer to each other through required foreign keys only (no order of",
    "import exists; a cycle with an optional foreign key is broken by setting that key in a second",
    "phase).",
    "",
    "### Problems",
    "",
    "Problems are reported all at once, each with a stable code, like",
    "`schema.prisma:42 Customer.email: unknown option \"mach\" (did you mean \"match\"?)` followed by the",
    "schema line. The text of the annotations is checked first: when it has problems, what the",
    "annotations mean is checked once they are fixed. The codes:",
    "",
    "| code | meaning |",
    "| --- | --- |",
    ...Object.entries(DIAGNOSTIC_CODES).map(([code, meaning]) => `| \`${code}\` | ${meaning} |`),
    "",
    "",
  ].join("\n");
}

function argumentText(argument: ArgumentSpec): string {
  switch (argument.kind) {
    case "flag":
      return "none (a flag)";
    case "enum":
      return argument.values.map((value) => `\`${value}\``).join(" \\| ");
    case "text":
      return argument.patternText ? `a name (${argument.patternText})` : "a name or a string";
    case "field":
      return "a relation field of the model";
    case "fields":
      return `a field, \`[field, …]\`${argument.keywords.map((keyword) => ` or \`${keyword}\``).join("")}`;
    case "json":
      return "a JSON value";
  }
}

function optionEntry(name: OptionName, spec: OptionSpec): string[] {
  const { example } = spec;
  const snippet = example.field
    ? [`model ${example.model} {`, "  // …", `  /// ${example.text}`, `  ${example.field}`, "}"]
    : [`/// ${example.text}`, `model ${example.model} {`, "  // …", "}"];
  return [`#### \`${name}\``, "", spec.summary, "", "```prisma", ...snippet, "```", "", `Here: ${example.means}.`, ""];
}

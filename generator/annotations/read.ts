/**
 * Reads every `@backup` annotation of a schema: the doc-comment lines Prisma attached to models
 * and fields (`documentation` in the DMMF) are parsed and checked against the catalog, and
 * placed in the schema text so that every problem carries its file, line and column. A line
 * that starts with `@backup` anywhere else (detached by a blank line, on an enum, or in a plain
 * `//` comment) is reported too: an annotation never silently means nothing.
 */
import type { DMMF } from "@prisma/generator-helper";
import { diagnostic, type Diagnostic, type SourceLocation } from "../diagnostics.ts";
import type { FieldOptions, ModelOptions, OptionsOf, Position, Target } from "./catalog.ts";
import { DIRECTIVE, parseAnnotation, type RawOption, type Value } from "./parser.ts";
import { readOptions } from "./read-options.ts";
import { scanSchemaText, type CommentLine, type SchemaFile, type SchemaText } from "./schema-text.ts";

/** The annotations of one model or field, with what places their positions in the schema. */
export interface Annotated<T extends Target> {
  readonly options: OptionsOf<T>;
  /** Where the model or field is declared. */
  readonly declaration?: SourceLocation;
  /** A position of one of its options, in the schema file. */
  locate(at: Position): SourceLocation | undefined;
}

export interface Annotations {
  /** By model name. Every model of the DMMF has an entry, annotated or not. */
  readonly models: ReadonlyMap<string, Annotated<"model">>;
  /** By `Model.field`. Every field has an entry. */
  readonly fields: ReadonlyMap<string, Annotated<"field">>;
  /** Views, which the DMMF lists among the models: never backed up, and not annotated. */
  readonly views: ReadonlySet<string>;
  readonly diagnostics: readonly Diagnostic[];
}

const STARTS_LIKE_DIRECTIVE = /^@backup/i;
const UNKNOWN: Position = { line: 0, column: 0 };

export function readAnnotations(datamodel: DMMF.Datamodel, files: readonly SchemaFile[]): Annotations {
  const text = scanSchemaText(files);
  const consumed = new Set<CommentLine>();
  const diagnostics: Diagnostic[] = [];
  const models = new Map<string, Annotated<"model">>();
  const fields = new Map<string, Annotated<"field">>();

  const readElement = <T extends Target>(target: T, owner: string, documentation: string | undefined, subject: { model: string; field?: string }): Annotated<T> => {
    const declaration = text.declarations.get(owner);
    const locate = (at: Position): SourceLocation | undefined => {
      if (at.line === 0 || !declaration) return declaration;
      return { file: declaration.file, line: at.line, column: at.column, excerpt: text.lineText(declaration.file, at.line) ?? "" };
    };
    const raw: RawOption[] = [];
    const docLines = (documentation ?? "").split("\n");
    for (let index = 0; index < docLines.length; index++) {
      if (!STARTS_LIKE_DIRECTIVE.test(docLines[index]!.trimStart())) continue;
      const start = findComment(text, consumed, owner, docLines[index]!.trim());
      const parsed = parseAnnotation(docLines.slice(index).join("\n").trimStart());
      const place = placer(text, start, docLines.slice(index));
      for (const problem of parsed.problems) {
        diagnostics.push(diagnostic(problem.code, problem.message, { ...subject, location: locate(place(problem.at)) }));
      }
      // The annotation's continuation lines belong to it, not to the prose that may follow.
      for (let line = 1; line < parsed.lineCount && start; line++) {
        const next = text.comments.find((comment) => comment.file === start.file && comment.line === start.line + line);
        if (next) consumed.add(next);
      }
      raw.push(...parsed.options.map((option) => relocateOption(option, place)));
      index += parsed.lineCount - 1;
    }
    const read = readOptions(raw, target);
    for (const problem of read.problems) {
      diagnostics.push(diagnostic(problem.code, problem.message, { ...subject, location: locate(problem.at) }));
    }
    return { options: read.options, locate, ...(declaration ? { declaration } : {}) };
  };

  for (const model of datamodel.models) {
    if (text.views.has(model.name)) continue;
    models.set(model.name, readElement("model", model.name, model.documentation, { model: model.name }));
    for (const field of model.fields) {
      const key = `${model.name}.${field.name}`;
      fields.set(key, readElement("field", key, field.documentation, { model: model.name, field: field.name }));
    }
  }
  diagnostics.push(...strayAnnotations(text, consumed));
  return { models, fields, views: text.views, diagnostics };
}

/** The comment line an annotation came from: preferably among its owner's, else any unused one with the same text. */
function findComment(text: SchemaText, consumed: Set<CommentLine>, owner: string, content: string): CommentLine | undefined {
  const candidates = text.comments.filter((comment) => !comment.plain && !consumed.has(comment) && comment.content === content);
  const found = candidates.find((comment) => comment.owner === owner) ?? candidates[0];
  if (found) consumed.add(found);
  return found;
}

/** Maps a position within the annotation's text to the schema file: line `k` of the text is `k` lines below the first. */
function placer(text: SchemaText, start: CommentLine | undefined, docLines: readonly string[]): (at: Position) => Position {
  return (at) => {
    if (!start) return UNKNOWN;
    const line = start.line + at.line;
    const raw = text.lineText(start.file, line) ?? "";
    const docLine = docLines[at.line] ?? "";
    const afterSlashes = raw.indexOf("///") + 3;
    // The first line was parsed from `@backup` on; the others as Prisma gave them, leading blanks included.
    const offset = at.line === 0 ? raw.indexOf(DIRECTIVE, afterSlashes) : raw.indexOf(docLine.trim(), afterSlashes);
    const lead = at.line === 0 ? 0 : docLine.length - docLine.trimStart().length;
    return offset < 0 ? { line, column: 0 } : { line, column: offset + at.column - lead };
  };
}

function relocateOption(option: RawOption, place: (at: Position) => Position): RawOption {
  return { ...option, at: place(option.at), ...(option.value ? { value: relocateValue(option.value, place) } : {}) };
}

function relocateValue(value: Value, place: (at: Position) => Position): Value {
  const at = place(value.at);
  if (value.kind === "list") return { ...value, at, items: value.items.map((item) => relocateValue(item, place)) };
  if (value.kind === "object") return { ...value, at, entries: value.entries.map((entry) => ({ key: entry.key, value: relocateValue(entry.value, place) })) };
  return { ...value, at };
}

/** `@backup` lines that no model or field carries. */
function strayAnnotations(text: SchemaText, consumed: ReadonlySet<CommentLine>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const comment of text.comments) {
    if (consumed.has(comment) || !STARTS_LIKE_DIRECTIVE.test(comment.content)) continue;
    const column = comment.raw.indexOf(comment.content) + 1;
    const location: SourceLocation = { file: comment.file, line: comment.line, column, excerpt: comment.raw };
    if (comment.plain) {
      diagnostics.push(diagnostic("plain_comment", `"//" starts a plain comment, which Prisma does not pass to generators: write "/// ${comment.content}"`, { location }));
    } else if (comment.owner && comment.owner.includes(":")) {
      const [kind, name] = comment.owner.split(":");
      diagnostics.push(diagnostic("misplaced_annotation", `@backup annotations apply to models and fields, not to ${kind} ${name}`, { location }));
    } else {
      diagnostics.push(diagnostic("detached_annotation", "this annotation is not attached to a model or field, so Prisma drops it: remove the blank line between it and the declaration it is for", { location }));
    }
  }
  return diagnostics;
}

export type { FieldOptions, ModelOptions, SchemaFile };

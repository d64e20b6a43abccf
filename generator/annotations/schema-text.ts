/**
 * Finds doc comments in the schema's text, with their file and line, and what each belongs to.
 * Prisma hands generators a model's or field's `///` lines as `documentation` but not where they
 * stand, and silently drops `///` lines that are not attached to anything (a blank line before
 * the declaration detaches them). Reading the text ourselves gives every diagnostic its line, and
 * lets the reader report an `@backup` line that Prisma would have dropped.
 *
 * Owners: `Model`, `Model.field`, `view:Name`, `enum:Name`, `enum:Name.VALUE`, `type:Name`,
 * `generator:name`, `datasource:name`; absent for a line attached to nothing.
 */
import type { SourceLocation } from "../diagnostics.ts";

export interface SchemaFile {
  /** The name shown in messages, e.g. `schema.prisma`. */
  readonly path: string;
  readonly text: string;
}

export interface CommentLine {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** The whole line as written. */
  readonly raw: string;
  /** The comment's text after `///` (or `//`), trimmed. */
  readonly content: string;
  /** `true` for a `//` comment (only those that start with `@backup` are kept). */
  readonly plain: boolean;
  owner?: string;
}

export interface SchemaText {
  /** Every `///` line, and every `//` line whose text starts with `@backup`, in file order. */
  readonly comments: readonly CommentLine[];
  /** Where each model, field and enum is declared. */
  readonly declarations: ReadonlyMap<string, SourceLocation>;
  /** Names of the `view` blocks: the DMMF lists them among the models, but they hold no data of their own. */
  readonly views: ReadonlySet<string>;
  /** The text of a line (1-based), when the file and line exist. */
  lineText(file: string, line: number): string | undefined;
}

const BLOCK = /^(model|view|enum|type|generator|datasource)\s+(\w+)\s*\{/;
const MEMBER = /^(\w+)/;

export function scanSchemaText(files: readonly SchemaFile[]): SchemaText {
  const comments: CommentLine[] = [];
  const declarations = new Map<string, SourceLocation>();
  const views = new Set<string>();
  const lines = new Map(files.map((file) => [file.path, file.text.split(/\r?\n/)]));

  for (const file of files) {
    let pending: CommentLine[] = [];
    let block: { kind: string; name: string } | undefined;
    const attach = (owner: string, line: number, raw: string) => {
      for (const comment of pending) comment.owner = owner;
      pending = [];
      if (!declarations.has(owner)) declarations.set(owner, { file: file.path, line, excerpt: raw });
    };

    lines.get(file.path)!.forEach((raw, index) => {
      const line = index + 1;
      const trimmed = raw.trim();
      if (trimmed.startsWith("///")) {
        const comment: CommentLine = { file: file.path, line, raw, content: trimmed.slice(3).trim(), plain: false };
        comments.push(comment);
        pending.push(comment);
        return;
      }
      if (trimmed.startsWith("//")) {
        const content = trimmed.slice(2).trim();
        if (/^@backup/i.test(content)) comments.push({ file: file.path, line, raw, content, plain: true });
        return;
      }
      if (trimmed === "") {
        pending = [];
        return;
      }
      if (!block) {
        const match = BLOCK.exec(trimmed);
        pending = match ? pending : [];
        if (!match) return;
        block = { kind: match[1]!, name: match[2]! };
        if (block.kind === "view") views.add(block.name);
        attach(blockOwner(block.kind, block.name), line, raw);
        if (trimmed.endsWith("}")) block = undefined;
        return;
      }
      if (trimmed.startsWith("}")) {
        block = undefined;
        pending = [];
        return;
      }
      const member = MEMBER.exec(trimmed);
      if (!member || trimmed.startsWith("@@") || block.kind === "generator" || block.kind === "datasource") {
        pending = [];
        return;
      }
      const owner = `${blockOwner(block.kind, block.name)}.${member[1]}`;
      const trailing = raw.indexOf("///");
      if (trailing >= 0) {
        const comment: CommentLine = { file: file.path, line, raw, content: raw.slice(trailing + 3).trim(), plain: false };
        comments.push(comment);
        pending.push(comment);
      }
      attach(owner, line, raw);
    });
  }

  return {
    comments,
    declarations,
    views,
    lineText: (file, line) => lines.get(file)?.[line - 1],
  };
}

function blockOwner(kind: string, name: string): string {
  return kind === "model" ? name : `${kind}:${name}`;
}

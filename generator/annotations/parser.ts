/**
 * Parses the text of one annotation, `@backup(name, name: value, ...)`, into raw options: names
 * and untyped values with their positions. What the options mean is checked afterwards against
 * the catalog (`read-options.ts`); this file only knows the syntax:
 *
 *   annotation := "@backup" "(" option ("," option)* ","? ")"
 *   option     := identifier (":" value)?
 *   value      := identifier | "string" | number | list | object
 *   list       := "[" (value ("," value)* ","?)? "]"
 *   object     := "{" (key ":" value ("," key ":" value)* ","?)? "}"      key := "string" | identifier
 *
 * The text may continue over several doc-comment lines; nothing but blanks may follow the
 * closing parenthesis on its line. The first syntax error stops the parse: the annotation then
 * yields no options at all, never a part of them.
 */
import type { DiagnosticCode } from "../diagnostics.ts";
import type { Position } from "./catalog.ts";
import { Scanner, type Token, type TokenType } from "./scanner.ts";

export const DIRECTIVE = "@backup";

export type Value =
  | { readonly kind: "identifier"; readonly text: string; readonly at: Position }
  | { readonly kind: "string"; readonly value: string; readonly text: string; readonly at: Position }
  | { readonly kind: "number"; readonly value: number; readonly text: string; readonly at: Position }
  | { readonly kind: "boolean"; readonly value: boolean; readonly text: string; readonly at: Position }
  | { readonly kind: "null"; readonly text: string; readonly at: Position }
  | { readonly kind: "list"; readonly items: readonly Value[]; readonly at: Position }
  | { readonly kind: "object"; readonly entries: readonly { readonly key: string; readonly value: Value }[]; readonly at: Position };

export interface RawOption {
  readonly name: string;
  readonly at: Position;
  readonly value?: Value;
}

/** A problem found in the text, before it is placed in the schema file. */
export interface TextProblem {
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly at: Position;
}

export interface ParsedAnnotation {
  readonly options: readonly RawOption[];
  readonly problems: readonly TextProblem[];
  /** How many lines of the text the annotation spans (at least 1). */
  readonly lineCount: number;
}

class SyntaxProblem extends Error {
  constructor(
    readonly problem: TextProblem,
    readonly line: number,
  ) {
    super(problem.message);
  }
}

/** Parses one annotation; `text` starts at `@backup` and may hold more lines after it. */
export function parseAnnotation(text: string): ParsedAnnotation {
  const parser = new Parser(new Scanner(text));
  try {
    const { options, line } = parser.annotation();
    return { options, problems: [], lineCount: line + 1 };
  } catch (error) {
    if (!(error instanceof SyntaxProblem)) throw error;
    return { options: [], problems: [error.problem], lineCount: error.line + 1 };
  }
}

class Parser {
  private token: Token;

  constructor(private readonly scanner: Scanner) {
    this.token = scanner.next();
  }

  annotation(): { options: RawOption[]; line: number } {
    const directive = this.token;
    if (directive.type !== "directive") this.fail(`expected ${DIRECTIVE}, found ${describe(directive)}`, directive);
    if (directive.text !== DIRECTIVE) this.fail(`unknown annotation "${directive.text}" (did you mean "${DIRECTIVE}"?)`, directive);
    this.advance();
    if (!this.is("(")) this.fail(`expected "(" after ${DIRECTIVE}, found ${describe(this.token)}`);
    const open = this.token;
    this.advance();
    if (this.is(")")) this.fail(`empty annotation: name at least one option, e.g. ${DIRECTIVE}(skip)`, open);

    const options: RawOption[] = [];
    for (;;) {
      options.push(this.option());
      if (this.is(",")) {
        this.advance();
        if (!this.is(")")) continue;
      }
      if (this.is(")")) break;
      const last = options[options.length - 1]!;
      const expected = last.value ? '"," or ")"' : '":", "," or ")"';
      this.fail(`expected ${expected} after option "${last.name}", found ${describe(this.token)}`);
    }
    const close = this.token;
    const rest = this.scanner.restOfLine().trim();
    if (rest !== "") this.fail(`unexpected text after ")": "${rest}"`, this.scanner.next());
    return { options, line: close.at.line };
  }

  private option(): RawOption {
    const name = this.token;
    if (name.type !== "identifier") this.fail(`expected an option name, found ${describe(name)}`);
    this.advance();
    if (!this.is(":")) return { name: name.text, at: name.at };
    this.advance();
    if (this.is(")") || this.is(",") || this.is("end")) {
      this.fail(`expected a value after "${name.text}:", found ${describe(this.token)}`);
    }
    return { name: name.text, at: name.at, value: this.value() };
  }

  private value(): Value {
    const token = this.token;
    switch (token.type) {
      case "identifier":
        this.advance();
        if (token.text === "true" || token.text === "false") return { kind: "boolean", value: token.text === "true", text: token.text, at: token.at };
        if (token.text === "null") return { kind: "null", text: token.text, at: token.at };
        return { kind: "identifier", text: token.text, at: token.at };
      case "string":
        this.advance();
        return { kind: "string", value: token.value!, text: token.text, at: token.at };
      case "number":
        this.advance();
        return { kind: "number", value: Number(token.text), text: token.text, at: token.at };
      case "[":
        return this.list();
      case "{":
        return this.object();
      default:
        return this.fail(`expected a value, found ${describe(token)}`);
    }
  }

  private list(): Value {
    const open = this.token;
    this.advance();
    const items: Value[] = [];
    while (!this.is("]")) {
      items.push(this.value());
      if (this.is(",")) this.advance();
      else if (!this.is("]")) this.fail(`expected "," or "]" in the list, found ${describe(this.token)}`);
    }
    this.advance();
    return { kind: "list", items, at: open.at };
  }

  private object(): Value {
    const open = this.token;
    this.advance();
    const entries: { key: string; value: Value }[] = [];
    while (!this.is("}")) {
      const key = this.token;
      if (key.type !== "string" && key.type !== "identifier") this.fail(`expected a key in the object, found ${describe(key)}`);
      this.advance();
      if (!this.is(":")) this.fail(`expected ":" after the key ${key.text}, found ${describe(this.token)}`);
      this.advance();
      entries.push({ key: key.type === "string" ? key.value! : key.text, value: this.value() });
      if (this.is(",")) this.advance();
      else if (!this.is("}")) this.fail(`expected "," or "}" in the object, found ${describe(this.token)}`);
    }
    this.advance();
    return { kind: "object", entries, at: open.at };
  }

  /** Whether the current token is of this type (a call, so that TypeScript does not narrow across `advance`). */
  private is(type: TokenType): boolean {
    return this.token.type === type;
  }

  private advance(): void {
    this.token = this.scanner.next();
  }

  private fail(message: string, token: Token = this.token): never {
    const text = token.type === "invalid" && token.value ? token.value : message;
    throw new SyntaxProblem({ code: "syntax", message: text, at: token.at }, token.at.line);
  }
}

function describe(token: Token): string {
  if (token.type === "end") return "the end of the comment";
  return `"${token.text}"`;
}

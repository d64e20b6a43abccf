/**
 * A small scanner over the text of one annotation (which may span several doc-comment lines).
 * It hands out tokens one at a time, each with its line (0-based, within the text) and column
 * (1-based), so the parser can stop at the closing parenthesis and check what follows on that
 * line. Malformed input becomes an `invalid` token whose `value` is the message to show
 * (empty when the parser's "expected …, found …" says it better).
 */
import type { Position } from "./catalog.ts";

export type TokenType =
  | "directive" // @word
  | "identifier"
  | "string"
  | "number"
  | "("
  | ")"
  | "["
  | "]"
  | "{"
  | "}"
  | ","
  | ":"
  | "end"
  | "invalid";

export interface Token {
  readonly type: TokenType;
  /** The token as written. */
  readonly text: string;
  readonly at: Position;
  /** Strings: the decoded value; invalid tokens: the reason. */
  readonly value?: string;
}

const IDENTIFIER_START = /[A-Za-z_]/;
const IDENTIFIER_PART = /[A-Za-z0-9_]/;
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/;
const PUNCTUATION = new Set(["(", ")", "[", "]", "{", "}", ",", ":"]);

export class Scanner {
  private offset = 0;
  private line = 0;
  private lineStart = 0;

  constructor(private readonly text: string) {}

  /** Where the next token would start (after skipping blanks on the current line only). */
  position(): Position {
    return { line: this.line, column: this.offset - this.lineStart + 1 };
  }

  /** The rest of the current line, from the current offset. */
  restOfLine(): string {
    const end = this.text.indexOf("\n", this.offset);
    return this.text.slice(this.offset, end === -1 ? undefined : end);
  }

  next(): Token {
    this.skipBlanks();
    const at = this.position();
    const char = this.text[this.offset];
    if (char === undefined) return { type: "end", text: "", at };
    if (PUNCTUATION.has(char)) {
      this.offset++;
      return { type: char as TokenType, text: char, at };
    }
    if (char === "@") return { type: "directive", text: this.word(this.offset + 1), at };
    if (IDENTIFIER_START.test(char)) return { type: "identifier", text: this.word(this.offset), at };
    if (char === '"') return this.string(at);
    const number = NUMBER.exec(this.text.slice(this.offset));
    if (number) {
      this.offset += number[0].length;
      return { type: "number", text: number[0], at };
    }
    if (char === "'") {
      const text = this.untilDelimiter();
      return this.invalid(at, text, `strings use double quotes: ${text}`);
    }
    return this.invalid(at, this.untilDelimiter(), "");
  }

  private skipBlanks(): void {
    for (;;) {
      const char = this.text[this.offset];
      if (char === " " || char === "\t" || char === "\r") this.offset++;
      else if (char === "\n") {
        this.offset++;
        this.line++;
        this.lineStart = this.offset;
      } else return;
    }
  }

  /** The text from the current offset to the end of the identifier characters that start at `from`. */
  private word(from: number): string {
    const start = this.offset;
    this.offset = from;
    while (this.offset < this.text.length && IDENTIFIER_PART.test(this.text[this.offset]!)) this.offset++;
    return this.text.slice(start, this.offset);
  }

  private string(at: Position): Token {
    const start = this.offset;
    let end = start + 1;
    while (end < this.text.length && this.text[end] !== '"' && this.text[end] !== "\n") {
      end += this.text[end] === "\\" ? 2 : 1;
    }
    if (this.text[end] !== '"') {
      this.offset = end;
      const text = this.text.slice(start, end);
      return { type: "invalid", text, at, value: `unterminated string ${text}` };
    }
    const text = this.text.slice(start, end + 1);
    this.offset = end + 1;
    try {
      return { type: "string", text, at, value: JSON.parse(text) as string };
    } catch {
      return { type: "invalid", text, at, value: `invalid escape in string ${text}` };
    }
  }

  /** Text up to the next blank or punctuation, for reporting a token that is not one. */
  private untilDelimiter(): string {
    const start = this.offset;
    do this.offset++;
    while (this.offset < this.text.length && !/[\s(),[\]{}:]/.test(this.text[this.offset]!));
    return this.text.slice(start, this.offset);
  }

  private invalid(at: Position, text: string, reason: string): Token {
    return { type: "invalid", text, at, value: reason };
  }
}

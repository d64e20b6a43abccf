/**
 * Reads the canonical layout that prisma-backup writes, line by line, so that a file of any size
 * is read one record at a time (docs/FORMAT.md):
 *
 *     {"metadata":{…},
 *     "company":{
 *     "settings":{…},
 *     "users":[
 *     {…},
 *     {…}
 *     ]},
 *     "data":{
 *     …
 *     ]},
 *     "checksum":"…"}
 *
 * Every line must be exactly what the writer writes for the file's metadata: entries in the
 * layout's order, one record a line, the punctuation in its place. Anything else (a file
 * pretty-printed or edited by hand, an entry out of place) makes the reading "other", and the
 * caller reads the file as one document instead, which accepts any JSON layout.
 */
import type { BackupMetadata } from "../options.ts";
import { checkMetadata } from "../format/metadata.ts";
import { SECTIONS, type Layout, type SectionEntry } from "../layout.ts";
import type { Problem } from "../options.ts";
import type { ModelSpec } from "../schema.ts";
import type { RecordVisitor } from "./source.ts";

export type LinesOutcome =
  | { readonly kind: "canonical"; readonly metadata: BackupMetadata }
  /** The metadata is wrong: nothing after it was read. */
  | { readonly kind: "invalid_metadata"; readonly problem: Problem }
  /** Not the canonical layout (or not JSON): read the file as one document. */
  | { readonly kind: "other" };

const CHECKSUM_LINE = /^"checksum":"[0-9a-f]{64}"\}$/;
/** No line the writer writes is longer (a record with its nested records); past it, the file is read as a document. */
export const MAX_LINE_CHARS = 64 * 1024 * 1024;
const METADATA_PREFIX = '{"metadata":';

type State =
  | { readonly at: "metadata" }
  | { readonly at: "section" }
  | { readonly at: "entry" }
  | { readonly at: "list"; index: number; closing: boolean }
  | { readonly at: "checksum" }
  | { readonly at: "end" };

export class CanonicalLines {
  private carry = "";
  private state: State = { at: "metadata" };
  private outcome: LinesOutcome | undefined;
  private metadata: BackupMetadata | undefined;
  private layout: Layout | undefined;
  private section = 0;
  private entry = 0;

  /** `layoutFor` gives the layout a file with this metadata is written in. */
  constructor(
    private readonly layoutFor: (metadata: BackupMetadata) => Layout,
    private readonly models: Readonly<Record<string, ModelSpec>>,
    private readonly visitor: RecordVisitor,
  ) {}

  /** Reads a piece of text; false once no more is wanted. */
  async push(text: string): Promise<boolean> {
    let end = text.indexOf("\n");
    if (end === -1) {
      this.carry += text; // a long line: joined once it ends, never split again and again
      if (this.carry.length > MAX_LINE_CHARS) this.other();
      return this.outcome === undefined;
    }
    // Lines are cut out of the piece as they come (no copy of the piece, no array of its lines);
    // only the first joins what earlier pieces left.
    let line = this.carry === "" ? text.slice(0, end) : this.carry + text.slice(0, end);
    this.carry = "";
    for (;;) {
      if (this.outcome) return false;
      await this.line(line);
      const start = end + 1;
      end = text.indexOf("\n", start);
      if (end === -1) {
        if (this.outcome) return false;
        this.carry = text.slice(start);
        return true;
      }
      line = text.slice(start, end);
    }
  }

  end(): LinesOutcome {
    // The final newline is optional (docs/FORMAT.md): the trailer may be the unfinished last line.
    const ended = this.state.at === "end" ? this.carry === "" : this.state.at === "checksum" && CHECKSUM_LINE.test(this.carry);
    this.outcome ??= ended ? { kind: "canonical", metadata: this.metadata! } : { kind: "other" };
    return this.outcome;
  }

  private async line(line: string): Promise<void> {
    const state = this.state;
    switch (state.at) {
      case "metadata":
        return this.readMetadata(line);
      case "section":
        return this.openSection(line);
      case "entry":
        return this.readEntry(line);
      case "list":
        return this.readListLine(state, line);
      case "checksum":
        if (CHECKSUM_LINE.test(line)) this.state = { at: "end" };
        else this.other();
        return;
      case "end":
        return this.other(); // the trailer ends with the last newline
    }
  }

  private readMetadata(line: string): void {
    if (!line.startsWith(METADATA_PREFIX) || !line.endsWith(",")) return this.other();
    const metadata = parse(line.slice(METADATA_PREFIX.length, -1));
    if (metadata === undefined) return this.other();
    const found = checkMetadata({ metadata });
    if (found) {
      this.outcome = { kind: "invalid_metadata", problem: found };
      return;
    }
    this.metadata = metadata as BackupMetadata;
    this.layout = this.layoutFor(this.metadata);
    this.state = { at: "section" };
  }

  private openSection(line: string): void {
    const section = SECTIONS[this.section]!;
    const opening = `${JSON.stringify(section)}:{`;
    if (this.entries().length === 0) {
      if (line !== `${opening}},`) return this.other();
      this.nextSection();
    } else if (line === opening) {
      this.entry = 0;
      this.state = { at: "entry" };
    } else {
      this.other();
    }
  }

  private async readEntry(line: string): Promise<void> {
    const entry = this.entries()[this.entry]!;
    const prefix = `${JSON.stringify(entry.key)}:`;
    const suffix = this.suffix();
    if (!line.startsWith(prefix)) return this.other();
    const rest = line.slice(prefix.length);
    if (this.models[entry.model]!.single) {
      const record = rest.endsWith(suffix) ? parse(rest.slice(0, rest.length - suffix.length)) : undefined;
      if (record === undefined) return this.other();
      if (record !== null) await this.visitor.record(entry, record, this.pathOf(entry));
      return this.endEntry(entry);
    }
    if (rest === `[]${suffix}`) return this.endEntry(entry);
    if (rest === "[") this.state = { at: "list", index: 0, closing: false };
    else this.other();
  }

  private async readListLine(state: { index: number; closing: boolean }, line: string): Promise<void> {
    const entry = this.entries()[this.entry]!;
    if (state.closing) {
      if (line === `]${this.suffix()}`) return this.endEntry(entry);
      return this.other();
    }
    // Every record but the last is followed by a comma; the last by the closing line.
    const last = !line.endsWith(",");
    const record = parse(last ? line : line.slice(0, -1));
    if (record === undefined || typeof record !== "object" || record === null || Array.isArray(record)) return this.other();
    state.closing = last;
    await this.visitor.record(entry, record, `${this.pathOf(entry)}[${state.index++}]`);
  }

  private async endEntry(entry: SectionEntry): Promise<void> {
    await this.visitor.entryEnd(entry);
    if (++this.entry < this.entries().length) this.state = { at: "entry" };
    else this.nextSection();
  }

  private nextSection(): void {
    this.section++;
    this.state = this.section < SECTIONS.length ? { at: "section" } : { at: "checksum" };
  }

  /** What follows an entry's value: a comma, or the section's end and the comma after it. */
  private suffix(): string {
    return this.entry === this.entries().length - 1 ? "}," : ",";
  }

  private entries(): readonly SectionEntry[] {
    return this.layout!.sections[SECTIONS[this.section]!];
  }

  private pathOf(entry: SectionEntry): string {
    return `${entry.section}.${entry.key}`;
  }

  private other(): void {
    this.outcome = { kind: "other" };
    this.carry = "";
  }
}

/** The JSON value of a piece of a line, or undefined when it is not JSON. */
function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Records as text, assembled from the lines the database writes (text-reader.ts): each line's
 * text, then its link lists, then its nested children, then the closing brace, which is the
 * member order of the codec path (`toRecord`, then links, then children). Children are read
 * one query per child model for a whole page of parents and matched by their key text.
 */
import type { BackupDefinition } from "../backup.ts";
import type { Dialect, Queries } from "../database.ts";
import type { Layout } from "../layout.ts";
import type { ModelSpec } from "../schema.ts";
import { toFileValue } from "../values.ts";
import { canWriteText, type TextDialect } from "./record-sql.ts";
import { idFieldOf, readLinks } from "./links.ts";
import { keyIndex, TextReader, textShape, type TextLine, type TextShape } from "./text-reader.ts";

export interface TextRecordsContext {
  readonly definition: BackupDefinition;
  readonly queries: Queries;
  readonly dialect: Dialect;
  readonly text: TextDialect;
  readonly layout: Layout;
  readonly selected: ReadonlySet<string>;
  /** Called with each model's number of records as they are read. */
  readonly onRecords: (model: ModelSpec, count: number) => void;
}

export class TextRecords {
  readonly reader: TextReader;
  private readonly shapes = new Map<string, TextShape>();

  constructor(private readonly context: TextRecordsContext) {
    this.reader = new TextReader(context.queries, context.dialect, context.text);
  }

  /** Whether the database can write this model's records and its nested children's. */
  supports(modelName: string): boolean {
    const shape = this.shapeOf(modelName);
    return canWriteText(shape.model, shape.keys.flat()) && this.context.layout.childrenOf(modelName).every((child) => this.supports(child.model));
  }

  shapeOf(modelName: string): TextShape {
    let shape = this.shapes.get(modelName);
    if (!shape) {
      const model = this.context.definition.schema.models[modelName]!;
      const parent = this.context.layout.parentRelationOf(modelName);
      const keys = [...this.context.layout.childrenOf(modelName).map((child) => child.relation.references), ...(parent ? [parent.fields] : [])];
      shape = textShape(this.context.dialect, this.context.text, model, keys);
      this.shapes.set(modelName, shape);
    }
    return shape;
  }

  /** The records of these lines, complete with links and children. */
  async recordsOf(shape: TextShape, lines: readonly TextLine[]): Promise<string[]> {
    const texts = lines.map((line) => line.text);
    if (lines.length > 0) {
      await this.appendLinks(shape.model, lines, texts);
      for (const child of this.context.layout.childrenOf(shape.model.name)) {
        const childShape = this.shapeOf(child.model);
        const parentKeys = lines.map((line) => line.keys[keyIndex(shape, child.relation.references)]!);
        // Lines come in primary-key order: parents referenced by their one-column key are sorted.
        const sorted = child.relation.references.length === 1 && child.relation.references[0] === shape.model.id.join();
        const childLines = await this.reader.whereAny(childShape, child.relation.fields, parentKeys, sorted);
        const childTexts = await this.recordsOf(childShape, childLines);
        const byParent = new Map<string, string[]>();
        const parentAt = keyIndex(childShape, child.relation.fields);
        childLines.forEach((line, index) => {
          const key = line.keys[parentAt]!;
          const list = byParent.get(key);
          if (list) list.push(childTexts[index]!);
          else byParent.set(key, [childTexts[index]!]);
        });
        const member = `${JSON.stringify(child.key)}:[`;
        parentKeys.forEach((key, index) => {
          texts[index] = `${withMember(texts[index]!)}${member}${byParent.get(key)?.join(",") ?? ""}]`;
        });
      }
    }
    this.context.onRecords(shape.model, lines.length);
    return texts.map((text) => `${text}}`);
  }

  private async appendLinks(model: ModelSpec, lines: readonly TextLine[], texts: string[]): Promise<void> {
    const { schema } = this.context.definition;
    for (const name of model.links) {
      const link = schema.links[name]!;
      if (!this.context.selected.has(link.target)) continue;
      const idKind = idFieldOf(model).kind;
      const targetKind = idFieldOf(schema.models[link.target]!).kind;
      const ownerIds = lines.map((line) => {
        const [id] = JSON.parse(line.keys[0]!) as unknown[];
        return idKind === "BigInt" ? BigInt(id as string) : id;
      });
      const linked = await readLinks(this.context.queries, this.context.dialect, link, ownerIds);
      const member = `${JSON.stringify(link.field)}:`;
      ownerIds.forEach((id, index) => {
        const ids = (linked.get(String(id)) ?? []).map((target) => toFileValue(targetKind, target));
        texts[index] = `${withMember(texts[index]!)}${member}${JSON.stringify(ids)}`;
      });
    }
  }
}

/** A record's text ready for one more member. */
function withMember(text: string): string {
  return text.endsWith("{") ? text : `${text},`;
}

/**
 * The `@backup(...)` grammar as one typed catalog: each option, where it applies, the type of
 * its argument, its default, an example and its documentation. The option reader
 * (`read-options.ts`), the typed options (`ModelOptions`, `FieldOptions`) and the reference in
 * docs/ANNOTATIONS.md all derive from this table, so they cannot drift apart.
 */
import type { JsonValue, MergeStrategy, Section } from "../../runtime/schema.ts";

export type Target = "model" | "field";

/** What an option's argument may be. */
export type ArgumentSpec =
  /** No value: `@backup(skip)`. */
  | { readonly kind: "flag" }
  /** One word out of a list (bare or quoted). */
  | { readonly kind: "enum"; readonly values: readonly string[] }
  /** A name or a string: a bare word (`catalog`) or a quoted string (`"standalone_sales"`), not empty. */
  | { readonly kind: "text"; readonly pattern?: RegExp; readonly patternText?: string }
  /** One field of the annotated model. */
  | { readonly kind: "field" }
  /** One field, a list of fields `[a, b]`, or one of the keywords. */
  | { readonly kind: "fields"; readonly keywords: readonly string[] }
  /** A JSON literal: "string", number, true, false, null, [list] or {object}. */
  | { readonly kind: "json" };

export interface OptionSpec {
  readonly targets: readonly Target[];
  readonly argument: ArgumentSpec;
  /** In words, for the documentation; absent when the option is off by default. */
  readonly default?: string;
  readonly summary: string;
  /**
   * A complete annotation, where it stands (a model, or a field declaration within one) and
   * what it does.
   */
  readonly example: { readonly text: string; readonly model: string; readonly field?: string; readonly means: string };
}

export const MERGE_STRATEGIES = ["auto", "newest", "existing", "incoming", "ask"] as const satisfies readonly MergeStrategy[];
export const SECTIONS = ["company", "data"] as const satisfies readonly Section[];

/** The module of a model that names none (a nested model takes its parent's). */
export const DEFAULT_MODULE = "main";

export const OPTIONS = {
  skip: {
    targets: ["model"],
    argument: { kind: "flag" },
    summary: "The model is never backed up, and its records never leave the database. Takes no other option.",
    example: { text: "@backup(skip)", model: "Session", means: "login sessions are not part of any backup" },
  },
  section: {
    targets: ["model"],
    argument: { kind: "enum", values: SECTIONS },
    default: "`data`; a nested model takes its parent's",
    summary: "The top-level object of the file that holds the model's records.",
    example: { text: "@backup(section: company)", model: "User", means: "users stand under `company.users`" },
  },
  key: {
    targets: ["model"],
    argument: { kind: "text" },
    default: "the model name in snake_case and plural (`SaleLine` → `sale_lines`); nested: the parent's relation field",
    summary: "The model's key in its section. Not for nested models: they stand under the parent's relation field.",
    example: { text: '@backup(section: company, key: "settings")', model: "CompanySettings", means: "the settings stand under `company.settings`" },
  },
  single: {
    targets: ["model"],
    argument: { kind: "flag" },
    summary: "A one-row model: written as one object (or `null`) instead of a list. Implies `match: singleton`.",
    example: { text: "@backup(single)", model: "CompanySettings", means: "`company.settings` is an object" },
  },
  module: {
    targets: ["model"],
    argument: { kind: "text", pattern: /^[A-Za-z0-9_-]+$/, patternText: 'letters, digits, "_" and "-"' },
    default: `\`${DEFAULT_MODULE}\`; a nested model takes its parent's (and may not name another)`,
    summary: "The module the model belongs to, for selective export (`exportAll(prisma, { modules: [\"catalog\"] })`). Letters, digits, `_` and `-`.",
    example: { text: "@backup(module: catalog)", model: "Product", means: "products are exported with the `catalog` module" },
  },
  nest: {
    targets: ["model"],
    argument: { kind: "field" },
    summary:
      "Writes each record inside its parent's record, under the parent's relation field (e.g. `Customer.sales` → `sales`). Names the to-one relation of this model that points at the parent; the parent must hold a list of them. The foreign key to the parent is left out of nested records: their position implies it.",
    example: { text: "@backup(nest: sale)", model: "SaleLine", means: "each sale holds its `lines`" },
  },
  orphans: {
    targets: ["model"],
    argument: { kind: "text" },
    summary:
      "With `nest` on an optional relation (required there): the key, in the model's section, of the records whose parent is unset.",
    example: { text: '@backup(nest: customer, orphans: "standalone_sales")', model: "Sale", means: "sales without a customer stand under `data.standalone_sales`" },
  },
  match: {
    targets: ["model"],
    argument: { kind: "fields", keywords: ["singleton"] },
    default: "the id only; `singleton` for a `single` model",
    summary:
      "The natural key that recognises an existing record whose id differs: a field or a list of fields that form a `@unique` / `@@unique` constraint (in any order), or `singleton` for a `single` model (its one row).",
    example: { text: "@backup(match: [parentId, name])", model: "Category", means: "a category is the same record when its parent and name are" },
  },
  merge: {
    targets: ["model", "field"],
    argument: { kind: "enum", values: MERGE_STRATEGIES },
    default: "`auto` on a model; a field follows its model",
    summary:
      "How a record that exists on both sides is merged: `auto` (the newer `@updatedAt` wins when there is one, else a value present on one side only is kept, and two different values are a conflict), `newest` (the newer `@updatedAt` wins; the model needs one), `existing` (the database keeps its value), `incoming` (the file's value is taken), `ask` (any difference is a conflict for a person to resolve). On a field it overrides the model's strategy.",
    example: { text: "@backup(merge: existing)", model: "Customer", field: "notes String?", means: "on a conflict the database's notes win" },
  },
  omit: {
    targets: ["field"],
    argument: { kind: "flag" },
    summary:
      "The field is left out of backups. On import an existing record keeps its value; a new one gets the field's default, or `fallback`. A required field with no default needs a fallback. Not for ids or relation fields (omit the foreign key instead).",
    example: { text: "@backup(omit)", model: "Product", field: "costPrice Decimal?", means: "cost prices never leave the database" },
  },
  fallback: {
    targets: ["field"],
    argument: { kind: "json" },
    summary:
      "With `omit`: the value given to new records, written as it would stand in the file (a DateTime as an ISO string, a Decimal or BigInt as a string, Bytes as base64).",
    example: { text: '@backup(omit, fallback: "!")', model: "User", field: "passwordHash String", means: "a restored user gets an unusable password hash and must reset it" },
  },
} as const satisfies Record<string, OptionSpec>;

export type OptionName = keyof typeof OPTIONS;

/** The names of the options that apply to a target, sorted. */
export function optionsFor(target: Target): OptionName[] {
  return (Object.keys(OPTIONS) as OptionName[]).filter((name) => (OPTIONS[name].targets as readonly Target[]).includes(target)).sort();
}

/** The typed value an argument spec reads to. */
export type ArgumentValue<A extends ArgumentSpec> = A extends { kind: "flag" }
  ? true
  : A extends { kind: "enum"; values: readonly (infer V)[] }
    ? V
    : A extends { kind: "text" } | { kind: "field" }
      ? string
      : A extends { kind: "fields"; keywords: readonly (infer K)[] }
        ? readonly string[] | K
        : A extends { kind: "json" }
          ? JsonValue
          : never;

/**
 * Where something was written: a line and a 1-based column. The parser counts lines within the
 * annotation's text, from 0; `readAnnotations` then moves positions to the schema file's lines,
 * from 1 (line 0 there means the place is unknown).
 */
export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface Located<V> {
  readonly value: V;
  readonly at: Position;
}

type Catalog = typeof OPTIONS;

/** The options of one target, typed from the catalog. */
export type OptionsOf<T extends Target> = {
  readonly [K in OptionName as T extends Catalog[K]["targets"][number] ? K : never]?: Located<ArgumentValue<Catalog[K]["argument"]>>;
};

export type ModelOptions = OptionsOf<"model">;
export type FieldOptions = OptionsOf<"field">;

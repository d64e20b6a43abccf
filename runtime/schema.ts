/**
 * The backup schema: what the generator emits for one Prisma schema and the runtime interprets.
 *
 * The generator turns `schema.prisma` and its `/// @backup(...)` annotations into one
 * `as const` object of this shape (`generated/backup/schema.ts`) plus typed codecs
 * (`generated/backup/codecs/` and `validators/`). Everything the runtime knows about an app's data model
 * comes from here, so the runtime stays generic and the generated code stays small.
 * This module is pure data types: it is safe in the browser.
 */

/** Prisma's scalar types, with enums folded into one kind. */
export type ScalarKind =
  | "String"
  | "Int"
  | "BigInt"
  | "Float"
  | "Decimal"
  | "Boolean"
  | "DateTime"
  | "Json"
  | "Bytes"
  | "Enum";

/**
 * How a record that exists on both sides is merged, per model or per field.
 * - `auto`: an `@updatedAt` field decides (newer wins); else a value present on one side only
 *   is kept; two different values are a major conflict that a person must resolve.
 * - `newest`: the side with the newer `@updatedAt` wins (the model must have one).
 * - `existing`: the database keeps its value.
 * - `incoming`: the file's value is taken.
 * - `ask`: any difference is a conflict that a person must resolve.
 */
export type MergeStrategy = "auto" | "newest" | "existing" | "incoming" | "ask";

/** Where a model's records stand at the top of the file. */
export type Section = "company" | "data";

/** A JSON value, as a declared fallback or a Json field holds it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * One scalar field that is backed up. It appears in every record of its model, except a nested
 * model's foreign key to its parent: that one is listed here (the runtime selects it and fills
 * it from the parent) but left out of the records, since their position implies it.
 */
export interface FieldSpec {
  /** Prisma field name; also the record's key in the file. */
  readonly name: string;
  /** Column name in the database (`@map`), for raw SQL. */
  readonly column: string;
  readonly kind: ScalarKind;
  /** Enum name, when `kind` is `"Enum"`. */
  readonly enum?: string;
  /** A scalar list (PostgreSQL `String[]` and the like). */
  readonly list: boolean;
  readonly required: boolean;
  readonly hasDefault: boolean;
  /** `@default(autoincrement())`: PostgreSQL sequences are moved past imported values. */
  readonly autoincrement: boolean;
  /** `@updatedAt`. */
  readonly updatedAt: boolean;
  /** Per-field merge override; absent means the model's strategy. */
  readonly merge?: MergeStrategy;
  /**
   * The column's declared native type (`@db.Decimal(10, 2)` → `["Decimal", ["10", "2"]]`), when
   * the schema declares one: it bounds the values a file may hold for the field.
   */
  readonly nativeType?: readonly [name: string, args: readonly string[]];
}

/**
 * A scalar field left out of backups (`@backup(omit)`). On import an existing record keeps
 * its value; a new one gets the database default, or `fallback` when the field has none.
 */
export interface OmittedFieldSpec {
  readonly name: string;
  readonly column: string;
  readonly kind: ScalarKind;
  readonly required: boolean;
  readonly hasDefault: boolean;
  /** Value given to new records, in file form (as a record would hold it). */
  readonly fallback?: JsonValue;
}

/** A to-one relation whose foreign key this model holds. */
export interface RelationSpec {
  /** Relation field name on this model, e.g. `"customer"`. */
  readonly name: string;
  /** Target model name, e.g. `"Customer"`. */
  readonly target: string;
  /** Foreign-key fields on this model, e.g. `["customerId"]`. */
  readonly fields: readonly string[];
  /** Referenced fields on the target, in the same order, e.g. `["id"]`. */
  readonly references: readonly string[];
  /** Every foreign-key field is required. */
  readonly required: boolean;
  /**
   * Set in the second phase of an import: the relation closes a cycle, so its records are
   * first created with the key unset, then updated once every model exists.
   */
  readonly deferred: boolean;
}

/** A model whose records are written inside their parent's record (`@backup(nest: ...)`). */
export interface NestSpec {
  /** The parent model. */
  readonly parent: string;
  /** The relation on this model that points at the parent, e.g. `"customer"`. */
  readonly relation: string;
  /**
   * Where records whose parent is unset go: a key in the model's section,
   * e.g. `"standalone_sales"`. Only for optional relations.
   */
  readonly orphans?: string;
}

/** An implicit many-to-many relation, stored in Prisma's join table. */
export interface LinkSpec {
  /** Relation name, e.g. `"ProductToSupplier"`. */
  readonly name: string;
  /** Join table, e.g. `"_ProductToSupplier"`. */
  readonly table: string;
  /** The model whose records carry the list of linked ids, e.g. `"Product"`. */
  readonly owner: string;
  /** The list field on the owner, e.g. `"suppliers"`: the record's key in the file. */
  readonly field: string;
  /** The other model, e.g. `"Supplier"`. */
  readonly target: string;
  /** Join-table column holding the owner's id (`"A"` or `"B"`, by Prisma's naming rule). */
  readonly ownerColumn: "A" | "B";
}

/** Everything the runtime needs to know about one model. */
export interface ModelSpec {
  /** Prisma model name, e.g. `"Customer"`. */
  readonly name: string;
  /** The Prisma client property, e.g. `"customer"`. */
  readonly delegate: string;
  /** Table name (`@@map`). */
  readonly table: string;
  /** The module it belongs to, for selective export. */
  readonly module: string;
  readonly section: Section;
  /** Its key in the section, or inside the parent's record when nested. */
  readonly key: string;
  /** One-row model written as an object instead of an array (company settings). */
  readonly single: boolean;
  readonly nest?: NestSpec;
  /** Primary-key fields (one, or several for a composite id). */
  readonly id: readonly string[];
  /**
   * Natural key: fields that recognise an existing record whose id differs
   * (`"singleton"`: the one row of a single-row model).
   */
  readonly match?: readonly string[] | "singleton";
  readonly merge: MergeStrategy;
  /** The `@updatedAt` field, when there is one. */
  readonly updatedAt?: string;
  /** Backed-up scalar fields (foreign keys included), in schema order. */
  readonly fields: readonly FieldSpec[];
  readonly omitted: readonly OmittedFieldSpec[];
  readonly relations: readonly RelationSpec[];
  /** Names of the links (many-to-many) whose id lists this model's records carry. */
  readonly links: readonly string[];
}

/** The order in which an import writes. */
export interface ImportPlan {
  /** Model names, every model after the models its non-deferred relations point at. */
  readonly order: readonly string[];
  /** Models with a relation to themselves: their records are written parents first. */
  readonly selfReferencing: readonly string[];
  /** Second phase: foreign keys set once every model exists (cycles broken here). */
  readonly deferred: readonly { readonly model: string; readonly relations: readonly string[] }[];
  /** Links restored last, once both sides exist. */
  readonly links: readonly string[];
}

/** The whole generated description of one Prisma schema. */
export interface BackupSchema {
  /** The datasource provider the schema was generated for (`"sqlite"`, `"postgresql"`, ...). */
  readonly provider: string;
  /** SHA-256 of the backed-up part of the data model; a file records the one it was made with. */
  readonly fingerprint: string;
  /** Every module name, sorted. */
  readonly modules: readonly string[];
  readonly enums: Readonly<Record<string, readonly string[]>>;
  /** Backed-up models by name (skipped models are absent). */
  readonly models: Readonly<Record<string, ModelSpec>>;
  readonly links: Readonly<Record<string, LinkSpec>>;
  readonly plan: ImportPlan;
}

/**
 * The model graph on small fixture schemas (tests/fixtures/schemas/), loaded with getDMMF:
 * defaults, self-relations, composite ids, many-to-many links, one-to-one, every scalar type,
 * and @map/@@map names.
 */
import { describe, expect, it } from "vitest";
import { describeSchema, fixture, schema } from "./support.ts";

const fieldsOf = (model: { fields: readonly { name: string; kind: string; list: boolean; required: boolean }[] }) =>
  model.fields.map((field) => `${field.name}: ${field.kind}${field.list ? "[]" : ""}${field.required ? "" : "?"}`);

describe("defaults, with no annotations at all", () => {
  const backup = describeSchema(fixture("self-relation.prisma"));

  it("backs up every model under its snake_case plural key, in the data section, module main, merged automatically", () => {
    expect(Object.keys(backup.models)).toEqual(["Category", "Employee", "Item"]);
    expect(backup.modules).toEqual(["main"]);
    for (const model of Object.values(backup.models)) {
      expect(model).toMatchObject({ section: "data", module: "main", merge: "auto", single: false, omitted: [], links: [] });
      expect(model).not.toHaveProperty("nest");
      expect(model).not.toHaveProperty("match");
    }
    expect(Object.values(backup.models).map((model) => [model.key, model.delegate, model.table])).toEqual([
      ["categories", "category", "Category"],
      ["employees", "employee", "Employee"],
      ["items", "item", "Item"],
    ]);
  });
});

describe("self-relations", () => {
  const backup = describeSchema(fixture("self-relation.prisma"));

  it("keep the relation, and mark the model self-referencing rather than ordering it after itself", () => {
    expect(backup.models.Category!.relations).toEqual([{ name: "parent", target: "Category", fields: ["parentId"], references: ["id"], required: false, deferred: false }]);
    expect(backup.plan.selfReferencing).toEqual(["Category", "Employee"]);
    expect(backup.plan.order).toEqual(["Category", "Employee", "Item"]);
    expect(backup.plan.deferred).toEqual([]);
  });
});

describe("composite ids", () => {
  const backup = describeSchema(fixture("composite-id.prisma"));

  it("list every id field, and relations through several foreign-key fields", () => {
    expect(backup.models.OrderLine!.id).toEqual(["orderId", "position"]);
    expect(backup.models.ShipmentLine!.relations).toEqual([
      { name: "line", target: "OrderLine", fields: ["lineOrderId", "linePosition"], references: ["orderId", "position"], required: true, deferred: false },
    ]);
    expect(backup.plan.order).toEqual(["Order", "OrderLine", "ShipmentLine"]);
  });

  it("nest a model under the parent's relation field, keeping its foreign key in `fields`", () => {
    expect(backup.models.OrderLine).toMatchObject({ key: "lines", nest: { parent: "Order", relation: "order" } });
    expect(fieldsOf(backup.models.OrderLine!)).toEqual(["orderId: Int", "position: Int"]);
  });
});

describe("implicit many-to-many relations", () => {
  const backup = describeSchema(fixture("many-to-many.prisma"));

  it("become links owned by the model whose name sorts first (column A), restored last", () => {
    expect(backup.links).toEqual({
      Follows: { name: "Follows", table: "_Follows", owner: "User", field: "followers", target: "User", ownerColumn: "A" },
      PostToTag: { name: "PostToTag", table: "_PostToTag", owner: "Post", field: "tags", target: "Tag", ownerColumn: "A" },
    });
    expect(backup.models.Post!.links).toEqual(["PostToTag"]);
    expect(backup.models.Tag!.links).toEqual([]);
    expect(backup.models.User!.links).toEqual(["Follows"]);
    expect(backup.plan.links).toEqual(["Follows", "PostToTag"]);
  });

  it("leave out a link to a skipped model", () => {
    expect(Object.keys(backup.models)).not.toContain("Session");
    expect(Object.keys(backup.links)).not.toContain("PostToSession");
  });
});

describe("one-to-one relations", () => {
  it("order the side holding the key after the other", () => {
    const backup = describeSchema(fixture("one-to-one.prisma"));
    expect(backup.models.Profile!.relations).toEqual([{ name: "user", target: "User", fields: ["userId"], references: ["id"], required: true, deferred: false }]);
    expect(backup.plan.order).toEqual(["User", "Profile"]);
  });
});

describe("every scalar type", () => {
  const backup = describeSchema(fixture("scalars.prisma"));
  const sample = backup.models.Sample!;

  it("has its kind, list and required flags, enums folded into one kind", () => {
    expect(backup.provider).toBe("postgresql");
    expect(fieldsOf(sample)).toEqual([
      "id: BigInt",
      "text: String",
      "count: Int",
      "big: BigInt?",
      "ratio: Float?",
      "price: Decimal",
      "flag: Boolean",
      "at: DateTime",
      "changed: DateTime",
      "data: Json",
      "extra: Json?",
      "blob: Bytes?",
      "mood: Enum",
      "moods: Enum[]",
      "tags: String[]",
      "numbers: Int[]",
      "amounts: Decimal[]",
      "dates: DateTime[]",
      "blobs: Bytes[]",
    ]);
    expect(sample.fields.find((field) => field.name === "mood")).toMatchObject({ enum: "Mood", hasDefault: true });
    expect(backup.enums).toEqual({ Mood: ["HAPPY", "CALM"] });
  });

  it("knows defaults, autoincrement and @updatedAt", () => {
    const flags = (name: string) => {
      const field = sample.fields.find((f) => f.name === name)!;
      return [field.hasDefault, field.autoincrement, field.updatedAt];
    };
    expect(flags("id")).toEqual([true, true, false]);
    expect(flags("at")).toEqual([true, false, false]);
    expect(flags("changed")).toEqual([false, false, true]);
    expect(flags("text")).toEqual([false, false, false]);
    expect(sample.updatedAt).toBe("changed");
  });
});

describe("@map and @@map", () => {
  it("keep Prisma names for the file and database names for tables and columns", () => {
    const backup = describeSchema(fixture("mapped-names.prisma"));
    const item = backup.models.StoreItem!;
    expect([item.name, item.delegate, item.table, item.key]).toEqual(["StoreItem", "storeItem", "store_items", "store_items"]);
    expect(item.fields.map((field) => [field.name, field.column])).toEqual([
      ["id", "item_id"],
      ["kind", "kind"],
      ["shelfId", "shelf_ref"],
      ["createdAt", "created_at"],
    ]);
    expect(backup.models.Shelf!.table).toBe("shelves");
    expect(backup.enums).toEqual({ Kind: ["SMALL", "LARGE"] });
  });
});

describe("annotations resolved on the reference schema", () => {
  const backup = describeSchema(fixture("../../../prisma/schema.prisma"));

  it("skips, omits with a fallback, nests with orphans, and keeps natural keys and merge rules", () => {
    expect(Object.keys(backup.models)).not.toContain("Session");
    expect(backup.models.User!.omitted).toEqual([{ name: "passwordHash", column: "password_hash", kind: "String", required: true, hasDefault: false, fallback: "!" }]);
    expect(backup.models.User!.fields.map((field) => field.name)).not.toContain("passwordHash");
    expect(backup.models.Sale).toMatchObject({ key: "sales", section: "data", module: "sales", nest: { parent: "Customer", relation: "customer", orphans: "standalone_sales" } });
    expect(backup.models.SaleLine).toMatchObject({ key: "lines", module: "sales", nest: { parent: "Sale", relation: "sale" } });
    expect(backup.models.CompanySettings).toMatchObject({ section: "company", key: "settings", single: true, match: "singleton", module: "settings" });
    expect(backup.models.Category!.match).toEqual(["parentId", "name"]);
    expect(backup.models.User).toMatchObject({ merge: "newest", updatedAt: "updatedAt", match: ["email"] });
    expect(backup.models.Customer!.fields.find((field) => field.name === "notes")!.merge).toBe("existing");
    expect(backup.models.Invoice).toMatchObject({ merge: "ask" });
    expect(backup.modules).toEqual(["catalog", "purchasing", "sales", "settings"]);
  });

  it("breaks the Customer ↔ Quote cycle through the optional primaryQuote", () => {
    expect(backup.plan.deferred).toEqual([{ model: "Customer", relations: ["primaryQuote"] }]);
    expect(backup.plan.order.indexOf("Customer")).toBeLessThan(backup.plan.order.indexOf("Quote"));
  });
});

describe("views", () => {
  it("are never backed up, and a model's key pointing at one is plain data", () => {
    const backup = describeSchema(
      schema(`generator client {
  provider        = "prisma-client"
  previewFeatures = ["views"]
}

model Order {
  id Int @id
}

view OrderTotal {
  orderId Int @unique
  total   Int
}
`),
    );
    expect(Object.keys(backup.models)).toEqual(["Order"]);
  });
});

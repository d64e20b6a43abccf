/**
 * The import plan on fixture schemas: order by dependencies (ties by name), cycles broken
 * through optional foreign keys, required-only cycles reported; and the fingerprint.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../runtime/codec.ts";
import { describeSchema, expectedOf, fixture, headlinesOf, schema } from "./support.ts";

describe("planImport", () => {
  it("breaks a two-model cycle through its optional foreign key", () => {
    const backup = describeSchema(fixture("cycle-two.prisma"));
    expect(backup.plan.order).toEqual(["Customer", "Quote"]);
    expect(backup.plan.deferred).toEqual([{ model: "Customer", relations: ["primaryQuote"] }]);
    expect(backup.models.Customer!.relations[0]).toMatchObject({ name: "primaryQuote", deferred: true });
    expect(backup.models.Quote!.relations[0]).toMatchObject({ name: "customer", deferred: false });
  });

  it("breaks a three-model cycle at its only optional key, and orders the rest around it", () => {
    const backup = describeSchema(fixture("cycle-three.prisma"));
    expect(backup.plan.deferred).toEqual([{ model: "C", relations: ["a"] }]);
    expect(backup.plan.order).toEqual(["C", "B", "A", "D"]);
  });

  it("breaks ties by name", () => {
    const backup = describeSchema(schema("model Zebra {\n  id Int @id\n}\nmodel Apple {\n  id Int @id\n}\nmodel Mango {\n  id Int @id\n}\n"));
    expect(backup.plan.order).toEqual(["Apple", "Mango", "Zebra"]);
  });

  it("prefers deferring a relation that does not nest a model in its parent", () => {
    const backup = describeSchema(
      schema(`
model Folder {
  id       Int     @id
  coverId  Int?    @unique
  cover    File?   @relation("Cover", fields: [coverId], references: [id])
  files    File[]  @relation("Files")
}

/// @backup(nest: folder, orphans: "loose_files")
model File {
  id        Int     @id
  folderId  Int?
  folder    Folder? @relation("Files", fields: [folderId], references: [id])
  coverOf   Folder? @relation("Cover")
}
`),
    );
    expect(backup.plan.deferred).toEqual([{ model: "Folder", relations: ["cover"] }]);
    expect(backup.plan.order).toEqual(["Folder", "File"]);
  });

  it("reports a cycle of required foreign keys, naming each step", () => {
    expect(headlinesOf(fixture("errors/required-cycle.prisma"))).toEqual(expectedOf("errors/required-cycle.prisma"));
  });
});

describe("the schema fingerprint", () => {
  const base = `
model Customer {
  id    Int     @id
  email String? @unique
  notes String?
}

model Session {
  id Int @id
}
`;

  it("is the SHA-256 of the documented canonical description", () => {
    const backup = describeSchema(schema(base));
    const description = [
      {
        name: "Customer",
        fields: [
          { name: "email", type: "String", required: false, list: false },
          { name: "id", type: "Int", required: true, list: false },
          { name: "notes", type: "String", required: false, list: false },
        ],
      },
      { name: "Session", fields: [{ name: "id", type: "Int", required: true, list: false }] },
    ];
    expect(backup.fingerprint).toBe(createHash("sha256").update(canonicalJson(description)).digest("hex"));
  });

  it("ignores what a backup does not carry, and changes with what it does", () => {
    const of = (text: string) => describeSchema(schema(text)).fingerprint;
    const original = of(base);
    expect(of(base.replace("model Session {", "/// @backup(skip)\nmodel Session {").replace("id Int @id\n}\n", "id Int @id\n  token String\n}\n"))).not.toBe(original);
    expect(of(base.replace("model Session {", "/// @backup(skip)\nmodel Session {"))).toBe(of(base.replace("model Session {", "/// @backup(skip)\nmodel Session {").replace("  id Int @id\n}\n", "  id Int @id\n  token String\n}\n")));
    expect(of(base.replace("  notes String?", "  /// @backup(omit)\n  notes String?"))).toBe(of(base.replace("  notes String?\n", "").replace("  notes String?", "")));
    expect(of(base.replace("model Customer {", "/// @backup(module: crm, merge: ask, match: email, key: \"clients\")\nmodel Customer {"))).toBe(original);
    expect(of(base.replace("notes String?", "notes Int?"))).not.toBe(original);
    expect(of(base.replace("notes String?", "notes String"))).not.toBe(original);
  });
});


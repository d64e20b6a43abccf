import { describe, expect, it } from "vitest";
import { mergeRecord } from "../../runtime/import/merge.ts";
import type { FieldSpec, MergeStrategy, ModelSpec } from "../../runtime/schema.ts";

function field(name: string, extra: Partial<FieldSpec> = {}): FieldSpec {
  return { name, column: name, kind: "String", list: false, required: false, hasDefault: false, autoincrement: false, updatedAt: false, ...extra };
}

function model(merge: MergeStrategy, fields: FieldSpec[], updatedAt?: string): ModelSpec {
  return {
    name: "Customer", delegate: "customer", table: "customers", module: "sales", section: "data", key: "customers",
    single: false, id: ["id"], merge, fields: [field("id"), ...fields], omitted: [], relations: [], links: [],
    ...(updatedAt ? { updatedAt } : {}),
  };
}

const base = { recordId: "c1", path: "data.customers[0]", skip: new Set(["id"]) };

describe("mergeRecord", () => {
  it("skips a record whose fields are all equal", () => {
    const outcome = mergeRecord({ ...base, model: model("auto", [field("name")]), existing: { id: "c1", name: "A" }, incoming: { id: "c1", name: "A" } });
    expect(outcome).toEqual({ changes: {}, conflicts: [], resolved: 0, identical: true });
  });

  it("auto without @updatedAt keeps a value present on one side and reports two different values", () => {
    const m = model("auto", [field("name"), field("phone"), field("email")]);
    const outcome = mergeRecord({ ...base, model: m, existing: { id: "c1", name: "A", phone: null, email: "a@x.fr" }, incoming: { id: "c1", name: "B", phone: "0102", email: null } });
    expect(outcome.changes).toEqual({ phone: "0102" });
    expect(outcome.conflicts).toEqual([
      { id: "Customer:c1:name", model: "Customer", recordId: "c1", field: "name", existing: "A", incoming: "B", path: "data.customers[0]" },
    ]);
  });

  it("auto with @updatedAt lets the newer side win every field", () => {
    const m = model("auto", [field("name"), field("updatedAt", { kind: "DateTime", updatedAt: true })], "updatedAt");
    const newer = mergeRecord({ ...base, model: m, existing: { id: "c1", name: "A", updatedAt: "2026-01-01T00:00:00.000Z" }, incoming: { id: "c1", name: "B", updatedAt: "2026-02-01T00:00:00.000Z" } });
    expect(newer.changes).toEqual({ name: "B", updatedAt: "2026-02-01T00:00:00.000Z" });
    const older = mergeRecord({ ...base, model: m, existing: { id: "c1", name: "A", updatedAt: "2026-03-01T00:00:00.000Z" }, incoming: { id: "c1", name: "B", updatedAt: "2026-02-01T00:00:00.000Z" } });
    expect(older.changes).toEqual({});
    expect(older.conflicts).toEqual([]);
  });

  it("field overrides win over the model's strategy", () => {
    const m = model("ask", [field("notes", { merge: "existing" }), field("paidAt", { merge: "incoming" }), field("name")]);
    const outcome = mergeRecord({ ...base, model: m, existing: { id: "c1", notes: "mine", paidAt: null, name: "A" }, incoming: { id: "c1", notes: "theirs", paidAt: "x", name: "B" } });
    expect(outcome.changes).toEqual({ paidAt: "x" });
    expect(outcome.conflicts.map((c) => c.field)).toEqual(["name"]);
  });

  it("resolutions settle conflicts by id, then by default", () => {
    const m = model("ask", [field("name"), field("phone")]);
    const existing = { id: "c1", name: "A", phone: "1" };
    const incoming = { id: "c1", name: "B", phone: "2" };
    const outcome = mergeRecord({ ...base, model: m, existing, incoming, resolutions: { "Customer:c1:name": "incoming", default: "existing" } });
    expect(outcome).toMatchObject({ changes: { name: "B" }, conflicts: [], resolved: 2 });
  });

  it("a field absent from the file keeps the database's value", () => {
    const outcome = mergeRecord({ ...base, model: model("incoming", [field("name"), field("phone")]), existing: { id: "c1", name: "A", phone: "1" }, incoming: { id: "c1", name: "B" } });
    expect(outcome.changes).toEqual({ name: "B" });
  });

  it("compares Json whatever the key order, and decimals whatever the trailing zeros", () => {
    const m = model("ask", [field("attributes", { kind: "Json" }), field("price", { kind: "Decimal" })]);
    const outcome = mergeRecord({ ...base, model: m, existing: { id: "c1", attributes: { a: 1, b: [1, 2] }, price: "1.50" }, incoming: { id: "c1", attributes: { b: [1, 2], a: 1 }, price: "1.5" } });
    expect(outcome.identical).toBe(true);
  });

  it("replace mode takes every incoming value", () => {
    const outcome = mergeRecord({ ...base, model: model("ask", [field("name")]), existing: { id: "c1", name: "A" }, incoming: { id: "c1", name: "B" }, takeIncoming: true });
    expect(outcome).toMatchObject({ changes: { name: "B" }, conflicts: [] });
  });
});

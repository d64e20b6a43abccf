/**
 * Real schemas with no annotations at all (tests/fixtures/schemas/real-world/): generation must
 * succeed with the defaults, and the plan must be valid. The same checks run on every other
 * fixture that generates, and on the reference schema.
 */
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { BackupSchema } from "../../runtime/schema.ts";
import { emitBackupModule } from "../../generator/emit/emit.ts";
import { describeSchema, FIXTURES, fixture } from "./support.ts";

/** Every rule an import relies on. */
function expectValidPlan(backup: BackupSchema): void {
  const names = Object.keys(backup.models);
  const { order } = backup.plan;
  expect([...order].sort()).toEqual([...names].sort());
  const rank = new Map(order.map((name, index) => [name, index]));
  const deferred = new Set(backup.plan.deferred.flatMap((entry) => entry.relations.map((relation) => `${entry.model}.${relation}`)));
  for (const model of Object.values(backup.models)) {
    for (const relation of model.relations) {
      expect(names, `${model.name}.${relation.name} points at a model that is not backed up`).toContain(relation.target);
      expect(relation.deferred).toBe(deferred.has(`${model.name}.${relation.name}`));
      if (relation.deferred) expect(relation.required, `${model.name}.${relation.name} is deferred but required`).toBe(false);
      else if (relation.target !== model.name) expect(rank.get(relation.target)!, `${relation.target} must come before ${model.name}`).toBeLessThan(rank.get(model.name)!);
      else expect(backup.plan.selfReferencing).toContain(model.name);
    }
    for (const field of [...model.id, ...(Array.isArray(model.match) ? model.match : [])]) {
      expect(model.fields.map((f) => f.name), `${model.name}.${field}`).toContain(field);
    }
  }
  for (const link of Object.values(backup.links)) {
    expect(names).toContain(link.owner);
    expect(names).toContain(link.target);
    expect(backup.models[link.owner]!.links).toContain(link.name);
  }
  const keys = Object.values(backup.models).flatMap((model) =>
    model.nest ? (model.nest.orphans ? [`${model.section}.${model.nest.orphans}`] : []) : [`${model.section}.${model.key}`],
  );
  expect(new Set(keys).size).toBe(keys.length);
  expect(backup.fingerprint).toMatch(/^[0-9a-f]{64}$/);
}

const emit = { importExtension: ".ts", clientImport: "@prisma/client" } as const;

describe("real-world schemas without annotations", () => {
  it("trigger.dev (83 models, cycles, self-relations, many-to-many): everything backed up with defaults", () => {
    const backup = describeSchema(fixture("real-world/trigger-dev.prisma"));
    expect(Object.keys(backup.models)).toHaveLength(83);
    expect(backup.modules).toEqual(["main"]);
    expectValidPlan(backup);
    expect(backup.plan.selfReferencing).toEqual(["Task", "TaskRun"]);
    expect(backup.plan.deferred.length).toBeGreaterThan(0);
    expect(Object.keys(backup.links).length).toBeGreaterThan(0);
    const files = emitBackupModule(backup, emit);
    expect(files.filter((file) => file.path.startsWith("codecs/"))).toHaveLength(84);
  });
});

describe("every fixture that generates has a valid plan", () => {
  const names = [...readdirSync(FIXTURES).filter((name) => name.endsWith(".prisma")), "../../../prisma/schema.prisma"];
  it.each(names)("%s", (name) => {
    expectValidPlan(describeSchema(fixture(name)));
  });
});

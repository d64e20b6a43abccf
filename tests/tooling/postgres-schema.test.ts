/**
 * The PostgreSQL variant of the reference schema (`npm run generate` writes it and generates
 * its client): the same models, provider postgresql, one prisma-client generator.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { getDMMF } from "@prisma/get-dmmf";
import { describe, expect, it } from "vitest";
import {
  derivePostgresSchema,
  postgresClientDir,
  postgresSchemaPath,
  readReferenceSchema,
  referenceSchema,
  schemaProvider,
} from "../../scripts/lib/prisma-schema.ts";

function datamodel(text: string) {
  const result = getDMMF({ datamodel: text });
  if ("type" in result) throw new Error(`Prisma rejects the schema: ${result.reason}`);
  return result.datamodel;
}

describe("the PostgreSQL schema", () => {
  const derived = referenceSchema("postgresql");

  it("has the reference schema's models and enums, for PostgreSQL", () => {
    expect(schemaProvider(readReferenceSchema())).toBe("sqlite");
    expect(schemaProvider(derived)).toBe("postgresql");
    const [reference, postgres] = [datamodel(readReferenceSchema()), datamodel(derived)];
    expect(postgres.models).toEqual(reference.models);
    expect(postgres.enums).toEqual(reference.enums);
  });

  it("has one generator, the Prisma client, writing to generated/prisma-postgres", () => {
    const generators = [...derived.matchAll(/^generator\s+(\w+)\s*\{([^}]*)\}/gm)];
    expect(generators.map((g) => g[1])).toEqual(["client"]);
    expect(generators[0]?.[2]).toContain('provider = "prisma-client"');
    const output = /output\s*=\s*"([^"]+)"/.exec(generators[0]?.[2] ?? "")?.[1] ?? "";
    expect(path.resolve(path.dirname(postgresSchemaPath), output)).toBe(postgresClientDir);
    expect(derived).not.toMatch(/^generator\s+backup\b/m);
  });

  it("refuses schemas with native type attributes", () => {
    const withNativeType = readReferenceSchema().replace(/^(\s+name\s+String)$/m, "$1 @db.Text");
    expect(withNativeType).toContain("@db.Text");
    expect(() => derivePostgresSchema(withNativeType, { clientOutput: "x" })).toThrow(/native type attributes/);
  });

  it.skipIf(!existsSync(postgresSchemaPath))("is the file npm run generate wrote, up to date", () => {
    expect(readFileSync(postgresSchemaPath, "utf8")).toBe(derived);
  });
});

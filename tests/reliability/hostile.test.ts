/**
 * Hostile files, the quick part (the whole corpus is in hostile-corpus.faults.ts): a sample of
 * the generated corpus (every kind of damage, twice) and a few targeted attacks, each refused
 * with a problem, the process alive, Object.prototype intact, the database untouched.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backup } from "../../generated/backup/index.ts";
import { decodeBase, encodeDocument, parseDocument, Raws, type Document } from "../../scripts/corpus/document.ts";
import { generateCorpus, MUTATION_KINDS } from "../../scripts/corpus/corpus.ts";
import { dumpDatabase } from "../support/databases.ts";
import { attempt, backupSchema, hostileTarget, prototypeShape, safetyViolations, type HostileTarget } from "./support/hostile.ts";
import { recordResult } from "./support/results.ts";

const SAMPLE = MUTATION_KINDS.length * 2;
let target: HostileTarget;
const shape = prototypeShape();

beforeAll(async () => {
  target = await hostileTarget(150, "hostile-quick");
});
afterAll(() => target?.db.close());

describe("a sample of the hostile corpus", () => {
  it(`refuses each of ${SAMPLE} damaged files and writes nothing`, async () => {
    const failures: string[] = [];
    const byKind = new Map<string, number>();
    let slowest = 0;
    for (const entry of generateCorpus({ seed: "npm-test", count: SAMPLE, bases: target.bases, schema: backupSchema })) {
      const { report, ms } = await attempt(target.db, entry);
      slowest = Math.max(slowest, ms);
      const violations = safetyViolations(report);
      if (ms > 10_000) violations.push(`took ${Math.round(ms)} ms`);
      if (violations.length > 0) failures.push(`${entry.name} (${entry.description}): ${violations.join("; ")}`);
      byKind.set(entry.kind, (byKind.get(entry.kind) ?? 0) + 1);
    }
    expect(failures).toEqual([]);
    expect([...byKind.keys()].sort()).toEqual([...MUTATION_KINDS].sort());
    expect(prototypeShape()).toBe(shape);
    expect(await dumpDatabase(target.db)).toEqual(target.before);
    await recordResult("hostile-sample", { tried: SAMPLE, refused: SAMPLE - failures.length, kinds: byKind.size, slowestMs: Math.round(slowest) });
  });
});

describe("targeted attacks", () => {
  function edited(edit: (document: Document, raws: Raws) => void): Uint8Array {
    const base = decodeBase("full", target.bases[0]!.bytes);
    const document = parseDocument(base);
    const raws = new Raws();
    edit(document, raws);
    return encodeDocument(document, { compress: true, raws });
  }
  const own = (object: object, key: string, value: unknown) => Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  const customers = (document: Document) => document.data.customers as Record<string, unknown>[];

  it("a field smuggled through __proto__ is not a field: the record is refused, no prototype is touched", async () => {
    const file = edited((document) => {
      const customer = customers(document)[0]!;
      delete customer.name;
      own(customer, "__proto__", { name: "pwned", polluted: true });
    });
    const report = await backup.importAll(target.db.prisma, file, { mode: "merge", resolutions: { default: "incoming" } });
    expect(report).toMatchObject({ ok: false, written: false });
    expect(report.errors[0]).toMatchObject({ code: "missing_field", path: "data.customers[0]", field: "name" });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(prototypeShape()).toBe(shape);
    expect(await dumpDatabase(target.db)).toEqual(target.before);
  });

  it.each(["__proto__", "constructor", "toString", "hasOwnProperty"])("a model named %s in metadata.counts is an unknown model, not a crash", async (name) => {
    const file = edited((document) => own(document.metadata.counts as object, name, 0));
    const report = await backup.importAll(target.db.prisma, file, { dryRun: true });
    expect(report.errors.map((e) => e.code)).not.toContain("database_error");
    expect(report.warnings).toContainEqual(expect.objectContaining({ code: "unknown_field", model: name }));
    expect(report.ok).toBe(true);
    expect(prototypeShape()).toBe(shape);
  });

  it("JSON values with __proto__ keys are data: stored as such, nothing polluted", async () => {
    const file = edited((document) => {
      const product = (document.data.products as Record<string, unknown>[])[0]!;
      product.attributes = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}') as unknown;
    });
    const report = await backup.importAll(target.db.prisma, file, { dryRun: true, resolutions: { default: "incoming" } });
    expect(report.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(prototypeShape()).toBe(shape);
  });

  it("200,000 levels of nesting do not overflow the stack of the reader", async () => {
    const file = edited((document, raws) => {
      customers(document)[0]!.name = raws.raw(`${"[".repeat(200_000)}${"]".repeat(200_000)}`);
    });
    const report = await backup.importAll(target.db.prisma, file);
    expect(report).toMatchObject({ ok: false, written: false });
    expect(report.errors[0]).toMatchObject({ code: "invalid_record", path: "data.customers[0].name" });
  });
});

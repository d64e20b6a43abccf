/**
 * Writes the hostile-file corpus to a directory, with a manifest of what each file is and the
 * problem codes a correct reader may refuse it with:
 *
 *     tsx scripts/corpus/generate.ts --seed S --count N --out DIR
 *         [--records R]        size of the seeded database the bases come from (default 300)
 *         [--base FILE]...     mutate these backups instead (repeatable)
 *         [--kinds a,b]        only these mutation kinds
 *         [--bomb-mb M]        the gzip bomb's inflated size (default just past the 1 GiB limit)
 *         [--no-bomb]          leave the bomb out
 *
 * The same seed (and bases) gives the same files. Feed them to `prisma-backup verify`, the
 * import route or `importAll`: every one must be refused with a problem, never crash anything.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { backupSchema } from "../../generated/backup/index.ts";
import { makeBases, type NamedFile } from "./bases.ts";
import { DEFAULT_BOMB_BYTES, describeEntry, generateCorpus, MUTATION_KINDS } from "./corpus.ts";

const { values } = parseArgs({
  options: {
    seed: { type: "string", default: "corpus" },
    count: { type: "string", default: "400" },
    out: { type: "string" },
    records: { type: "string", default: "300" },
    base: { type: "string", multiple: true },
    kinds: { type: "string" },
    "bomb-mb": { type: "string" },
    "no-bomb": { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});

if (values.help || !values.out) {
  console.log("Usage: tsx scripts/corpus/generate.ts --seed S --count N --out DIR [--records R] [--base FILE]... [--kinds a,b] [--bomb-mb M | --no-bomb]");
  console.log(`Mutation kinds: ${MUTATION_KINDS.join(", ")}, and gzip-bomb.`);
  process.exit(values.help ? 0 : 2);
}

const count = Number(values.count);
if (!Number.isInteger(count) || count < 0) throw new Error(`--count must be a whole number (got ${values.count}).`);
const out = path.resolve(values.out);
const bases: NamedFile[] = values.base?.length
  ? await Promise.all(values.base.map(async (file) => ({ name: path.basename(file), bytes: new Uint8Array(await readFile(file)) })))
  : await makeBases({ seed: values.seed, records: Number(values.records) });
const bombBytes = values["no-bomb"] ? undefined : values["bomb-mb"] ? Number(values["bomb-mb"]) * 1024 * 1024 : DEFAULT_BOMB_BYTES;

await mkdir(out, { recursive: true });
const manifest = [];
const started = performance.now();
for (const entry of generateCorpus({
  seed: values.seed,
  count,
  bases,
  schema: backupSchema,
  ...(values.kinds ? { kinds: values.kinds.split(",").map((k) => k.trim()) } : {}),
  ...(bombBytes ? { bombBytes } : {}),
})) {
  await writeFile(path.join(out, entry.name), entry.bytes);
  manifest.push(describeEntry(entry));
}
for (const base of bases) await writeFile(path.join(out, `base-${base.name}`), base.bytes);
await writeFile(path.join(out, "manifest.json"), `${JSON.stringify({ seed: values.seed, count, bases: bases.map((b) => `base-${b.name}`), files: manifest }, null, 2)}\n`);
const kinds = new Set(manifest.map((m) => m.kind));
console.log(`${manifest.length} hostile files (${kinds.size} kinds) in ${path.relative(process.cwd(), out) || out}, in ${((performance.now() - started) / 1000).toFixed(1)} s; manifest.json says what each is.`);

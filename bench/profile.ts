/**
 * Where the time goes in a CPU profile written by `npm run bench -- --profile`:
 *
 *   npx tsx bench/profile.ts bench/results/profiles/sqlite-import.cpuprofile [--top 25]
 *
 * Prints self time by place (package, or file of this repository) and the functions with the
 * most self time, with their file and line.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

/** A package name, a repository file, or what V8 calls the rest. */
function placeOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  const file = url.startsWith("file://") ? new URL(url).pathname : url;
  const modules = file.lastIndexOf("/node_modules/");
  if (modules !== -1) {
    const [first, second] = file.slice(modules + "/node_modules/".length).split("/");
    return first?.startsWith("@") ? `${first}/${second}` : (first ?? file);
  }
  if (file.startsWith("node:")) return file;
  return path.relative(repoRoot, file);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: "string", default: "25" } } });
  const top = Number(values.top);
  for (const file of positionals) {
    const profile = JSON.parse(await readFile(file, "utf8")) as Profile;
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const self = new Map<number, number>();
    profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
    const total = [...self.values()].reduce((sum, t) => sum + t, 0);
    const places = new Map<string, number>();
    const functions = new Map<string, number>();
    for (const [id, micros] of self) {
      const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
      const place = placeOf(url, functionName);
      places.set(place, (places.get(place) ?? 0) + micros);
      const key = `${functionName || "(anonymous)"}  ${place}${url ? `:${lineNumber + 1}` : ""}`;
      functions.set(key, (functions.get(key) ?? 0) + micros);
    }
    const share = (micros: number) => `${((100 * micros) / total).toFixed(1).padStart(5)}%  ${(micros / 1e6).toFixed(2).padStart(7)} s`;
    const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).slice(0, top);
    console.log(`${file}: ${(total / 1e6).toFixed(2)} s sampled`);
    console.log("\nSelf time by place:");
    for (const [place, micros] of sorted(places)) console.log(`  ${share(micros)}  ${place}`);
    console.log("\nSelf time by function:");
    for (const [name, micros] of sorted(functions)) console.log(`  ${share(micros)}  ${name}`);
    console.log();
  }
}

await main();

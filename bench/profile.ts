/**
 * Where the time goes in a CPU profile written by `npm run bench -- --profile` (the measured
 * operation only, not the process start-up):
 *
 *   npx tsx bench/profile.ts bench/results/profiles/sqlite-import.cpuprofile [--top 25] [--callers NAME]
 *
 * Prints self time by place (package, or file of this repository), the functions with the most
 * self time, and this repository's functions by total time (themselves and what they call:
 * the phases of an operation). `--callers NAME`: the stacks that spend the most self time in
 * functions called NAME (e.g. `writeSync`, `(garbage collector)` has none).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
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
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: "string", default: "25" }, callers: { type: "string" } } });
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
    // Total time of this repository's functions: each sample counts once per function on its stack.
    const parent = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
    const inclusive = new Map<string, number>();
    profile.samples.forEach((id, i) => {
      const seen = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const { functionName, url, lineNumber } = byId.get(at)!.callFrame;
        const place = placeOf(url, functionName);
        if (!url.startsWith("file://") || url.includes("/node_modules/")) continue;
        seen.add(`${functionName || "(anonymous)"}  ${place}:${lineNumber + 1}`);
      }
      for (const key of seen) inclusive.set(key, (inclusive.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
    });
    const share = (micros: number) => `${((100 * micros) / total).toFixed(1).padStart(5)}%  ${(micros / 1e6).toFixed(2).padStart(7)} s`;
    const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).slice(0, top);
    console.log(`${file}: ${(total / 1e6).toFixed(2)} s sampled`);
    console.log("\nSelf time by place:");
    for (const [place, micros] of sorted(places)) console.log(`  ${share(micros)}  ${place}`);
    console.log("\nSelf time by function:");
    for (const [name, micros] of sorted(functions)) console.log(`  ${share(micros)}  ${name}`);
    console.log("\nTotal time of this repository's functions (with what they call):");
    for (const [name, micros] of sorted(inclusive)) console.log(`  ${share(micros)}  ${name}`);
    if (values.callers) {
      const stacks = new Map<string, number>();
      for (const [id, micros] of self) {
        if (byId.get(id)!.callFrame.functionName !== values.callers) continue;
        const frames: string[] = [];
        for (let at = parent.get(id); at !== undefined && frames.length < 8; at = parent.get(at)) {
          const { functionName, url, lineNumber } = byId.get(at)!.callFrame;
          if (functionName === "(root)") break;
          frames.push(`${functionName || "(anonymous)"} ${placeOf(url, functionName)}${url ? `:${lineNumber + 1}` : ""}`);
        }
        const key = frames.join("\n             < ");
        stacks.set(key, (stacks.get(key) ?? 0) + micros);
      }
      console.log(`\nWhere ${values.callers} is called from:`);
      for (const [stack, micros] of [...stacks].sort((a, b) => b[1] - a[1]).slice(0, 5)) console.log(`  ${share(micros)}\n             < ${stack}`);
    }
    console.log();
  }
}

await main();

/**
 * The routes under concurrent use on loopback: a server process (support/load-server.ts) with
 * the backup routes and the app's own reads and writes on one SQLite database and one
 * PrismaClient, and concurrent clients sending a fixed mix of requests (exports gzip'd and
 * plain, estimates, history, health, dry-run imports, app reads and writes) until a request
 * count or a time limit is reached, whichever comes first. No request may fail; the server's
 * memory stays bounded; the figures (requests, p50/p99 latency per kind, peak memory) are
 * recorded for docs/RELIABILITY.md.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backup } from "../../generated/backup/index.ts";
import { Random } from "../../prisma/seed/random.ts";
import { seedDatabase } from "../../prisma/seed/index.ts";
import { createDatabase, type TestDatabase } from "../support/databases.ts";
import { Child } from "./support/child.ts";
import { quantile, recordResult } from "./support/results.ts";

const REQUESTS = Number(process.env.LOAD_REQUESTS ?? 600);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 90);
const CLIENTS = Number(process.env.LOAD_CLIENTS ?? 8);
const RECORDS = 5_000;
const SECRET = "load-test-secret-0123456789";

/** The mix of requests, by weight. */
const MIX = [
  ["export", 12],
  ["export-plain", 4],
  ["estimate", 4],
  ["history", 4],
  ["health", 4],
  ["import-dry-run", 4],
  ["app-read", 38],
  ["app-write", 30],
] as const;
type Kind = (typeof MIX)[number][0];

let db: TestDatabase;
let dir: string;
let server: Child;
let origin: string;
let file: Uint8Array;

beforeAll(async () => {
  db = await createDatabase("sqlite");
  await seedDatabase(db.prisma, { records: RECORDS, seed: "load" });
  file = await backup.exportAll(db.prisma);
  await db.prisma.$disconnect();
  dir = await mkdtemp(path.join(tmpdir(), "prisma-backup-load-"));
  server = new Child("tests/reliability/support/load-server.ts", ["--url", db.url, "--dir", dir, "--secret", SECRET]);
  const ready = await server.waitFor((e) => e.event === "ready");
  origin = `http://127.0.0.1:${String(ready.port)}`;
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Each export must be a whole file: it decompresses and ends with its checksum. */
function wholeFile(bytes: Uint8Array): boolean {
  return /"checksum":"[0-9a-f]{64}"}\s*$/.test(gunzipSync(bytes).subarray(-120).toString());
}

/** One request, its body read to the end; `check` (outside the timing) says whether the body is right. */
async function send(kind: Kind, random: Random): Promise<{ status: number; bytes: number; check?: () => boolean }> {
  const auth = { authorization: `Bearer ${SECRET}` };
  const consume = async (response: Response) => ({ status: response.status, bytes: (await response.arrayBuffer()).byteLength });
  switch (kind) {
    case "export": {
      const response = await fetch(`${origin}/api/backup/export`, { headers: auth });
      const bytes = new Uint8Array(await response.arrayBuffer());
      return { status: response.status, bytes: bytes.length, check: () => wholeFile(bytes) };
    }
    case "export-plain":
      return consume(await fetch(`${origin}/api/backup/export?compress=0`, { headers: auth }));
    case "estimate":
      return consume(await fetch(`${origin}/api/backup/estimate`, { headers: auth }));
    case "history":
      return consume(await fetch(`${origin}/api/backup/history`, { headers: auth }));
    case "health":
      return consume(await fetch(`${origin}/api/backup/health`, { headers: auth }));
    case "import-dry-run":
      return consume(await fetch(`${origin}/api/backup/import?dryRun=1`, { method: "POST", headers: auth, body: file as Uint8Array<ArrayBuffer> }));
    case "app-read":
      return consume(await fetch(`${origin}/app/customers?page=${random.int(0, 20)}`));
    case "app-write":
      return consume(await fetch(`${origin}/app/sales`, { method: "POST" }));
  }
}

describe("the routes under load on 127.0.0.1", () => {
  it(`${REQUESTS} requests from ${CLIENTS} clients (or ${SECONDS} s): no error, bounded memory`, async () => {
    const samples: { kind: Kind; ms: number; status: number; bytes: number }[] = [];
    const errors: string[] = [];
    const deadline = performance.now() + SECONDS * 1000;
    let issued = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, n) => {
        const random = new Random(`load/${n}`);
        while (issued < REQUESTS && performance.now() < deadline) {
          issued++;
          const kind = random.weighted(MIX);
          const t = performance.now();
          try {
            const { status, bytes, check } = await send(kind, random);
            samples.push({ kind, ms: performance.now() - t, status, bytes });
            if (status >= 300) errors.push(`${kind}: ${status}`);
            else if (check && !check()) errors.push(`${kind}: an incomplete file`);
          } catch (error) {
            errors.push(`${kind}: ${String(error)}`);
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const stats = (await (await fetch(`${origin}/app/stats`)).json()) as { peakRssMb: number; maxRssMb: number };

    const byKind = Object.fromEntries(
      MIX.map(([kind]) => {
        const ms = samples.filter((s) => s.kind === kind).map((s) => s.ms);
        return [kind, { requests: ms.length, p50Ms: Math.round(quantile(ms, 0.5)), p99Ms: Math.round(quantile(ms, 0.99)), maxMs: Math.round(Math.max(...ms)) }];
      }),
    );
    const all = samples.map((s) => s.ms);
    const summary = {
      requests: samples.length,
      errors: errors.length,
      clients: CLIENTS,
      seconds: Math.round(seconds * 10) / 10,
      requestsPerSecond: Math.round(samples.length / seconds),
      p50Ms: Math.round(quantile(all, 0.5)),
      p99Ms: Math.round(quantile(all, 0.99)),
      serverPeakRssMb: stats.peakRssMb,
      serverMaxRssMb: stats.maxRssMb,
      exportedMb: Math.round(samples.filter((s) => s.kind.startsWith("export")).reduce((sum, s) => sum + s.bytes, 0) / 1024 / 1024),
      records: RECORDS,
      byKind,
    };
    await recordResult("load", summary);
    console.log(`Load: ${JSON.stringify(summary)}`);
    expect(errors).toEqual([]);
    expect(samples.length).toBeGreaterThan(Math.min(REQUESTS, 100));
    expect(stats.peakRssMb).toBeLessThan(768);
  }, (SECONDS + 60) * 1000);
});

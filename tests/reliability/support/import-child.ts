/**
 * A process that imports one backup the way the command line does (import lock, pre-import
 * backup into the history, one transaction), for tests that SIGKILL it at chosen moments.
 *
 *     node --conditions=source --import tsx tests/reliability/support/import-child.ts \
 *       --url URL --file FILE --dir BACKUP_DIR --mode merge|replace [--wait]
 *
 * It reports on stdout, one JSON object a line (stdout is a pipe: each write is in the pipe
 * when it returns): `{"event":"ready"}` once loaded, then every progress event with `t` (ms
 * since the import began), then `{"event":"report",…}`. With `--wait` it loads everything,
 * says ready, and waits for a line on stdin before importing, so that a test can keep one
 * warm and start it at once.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { backup } from "../../../generated/backup/index.ts";
import { startImport } from "../../../runtime/history/import-job.ts";
import { BackupStore } from "../../../runtime/history/store.ts";
import type { PrismaClient } from "../../../generated/prisma/client.ts";
import { postgresClientDir } from "../../../scripts/lib/prisma-schema.ts";

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    file: { type: "string" },
    dir: { type: "string" },
    mode: { type: "string", default: "merge" },
    wait: { type: "boolean", default: false },
  },
});
const say = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);

const url = values.url!;
// Only the client this database needs (the PostgreSQL one, or the SQLite one): loading is most of a child's start.
// (The PostgreSQL client is generated, not committed: loaded by path, typed as its SQLite twin.)
type ClientModule = typeof import("../../../generated/prisma/client.ts");
const prisma: PrismaClient = url.startsWith("postgres")
  ? new ((await import(pathToFileURL(path.join(postgresClientDir, "client.ts")).href)) as ClientModule).PrismaClient({ adapter: new (await import("@prisma/adapter-pg")).PrismaPg({ connectionString: url }) })
  : new (await import("../../../generated/prisma/client.ts")).PrismaClient({ adapter: new (await import("@prisma/adapter-better-sqlite3")).PrismaBetterSqlite3({ url }) });
const bytes = new Uint8Array(await readFile(values.file!));
const store = new BackupStore({ dir: values.dir!, retention: false });
// Connect before saying ready, so the import starts without the connection's cost.
await prisma.$queryRawUnsafe("SELECT 1");
say({ event: "ready", pid: process.pid });
if (values.wait) {
  const lines = createInterface({ input: process.stdin });
  await new Promise<void>((resolve) => lines.once("line", () => resolve()));
  lines.close();
}

const started = performance.now();
const at = () => Math.round((performance.now() - started) * 10) / 10;
say({ event: "start", t: 0 });
const job = await startImport({
  backup,
  prisma,
  store,
  actor: { who: "fault-test", via: "cli" },
  bytes,
  fileName: values.file!,
  mode: values.mode === "replace" ? "replace" : "merge",
});
say({ event: "state", state: job.state, t: at() });
const report = job.state === "ready" ? await job.commit((progress) => say({ event: "progress", t: at(), ...progress })) : job.report;
say({ event: "report", t: at(), ok: report.ok, written: report.written, errors: report.errors, totals: report.totals });
await prisma.$disconnect();

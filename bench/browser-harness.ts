/**
 * The browser's file check (runtime/browser: decompress, checksum, validate every record) run in
 * headless Chromium as the app runs it, in a Web Worker, and measured: the time of each stage,
 * and whether the page's main thread kept answering meanwhile (the longest gap between animation
 * frames, the longest delay of a 10 ms timer, the long tasks the page saw).
 *
 * The page and the worker are bundled from this repository's sources with esbuild (tsx's own
 * bundler) and served from loopback, so no Next build is needed. Shared by
 * bench/browser-check.ts (the figure) and tests/browser/worker-check.spec.ts (the behaviour).
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";
import type { Browser } from "playwright-core";
import { backup } from "../generated/backup/index.ts";
import { backupSchema } from "../generated/backup/schema.ts";
import { seedDatabase } from "../prisma/seed/index.ts";
import { createSqliteDatabase } from "../tests/support/databases.ts";

const REPO = fileURLToPath(new URL("..", import.meta.url));

/** What one check in the page measured. */
export interface BrowserCheck {
  readonly ok: boolean;
  /** Records per model, as the check counted them (empty when refused). */
  readonly counts: Record<string, number>;
  /** Problem codes, when refused. */
  readonly problems: string[];
  /** From handing the file over to the verdict, in the page. */
  readonly ms: number;
  /** Stage → ms from the start at which it began, as reported by the check. */
  readonly stages: Record<string, number>;
  /** Longest gap between two animation frames on the main thread during the check. */
  readonly maxFrameGapMs: number;
  readonly frames: number;
  /** Longest lateness of a 10 ms interval timer on the main thread. */
  readonly maxTimerDelayMs: number;
  /** Long tasks (over 50 ms) the page's main thread ran during the check. */
  readonly longTasks: number;
  readonly longestTaskMs: number;
}

export type CheckWhere = "worker" | "main-thread";

/** `prisma-backup/*` imports resolve to this repository's sources, as in vitest. */
const sources: Plugin = {
  name: "prisma-backup-sources",
  setup(builder) {
    builder.onResolve({ filter: /^prisma-backup\// }, (args) => {
      const rest = args.path.slice("prisma-backup/".length);
      return { path: path.join(REPO, rest === "runtime" ? "runtime/index.ts" : `${rest}/index.ts`) };
    });
  },
};

async function bundle(contents: string): Promise<string> {
  const result = await build({
    stdin: { contents, resolveDir: REPO, loader: "ts", sourcefile: "entry.ts" },
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    write: false,
    plugins: [sources],
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

const WORKER_ENTRY = `
import { definition } from "./generated/backup/browser.ts";
import { serveVerification } from "./runtime/browser/worker.ts";
serveVerification(definition);
`;

const PAGE_ENTRY = `
import { definition } from "./generated/backup/browser.ts";
import { verifyBackup } from "./runtime/browser/verify.ts";
import { verifyInWorker } from "./runtime/browser/worker.ts";

/** Watches the main thread while \`run\` goes on. */
async function watched(run) {
  const longTasks = [];
  const observer = new PerformanceObserver((list) => { for (const entry of list.getEntries()) longTasks.push(entry.duration); });
  observer.observe({ type: "longtask" });
  let running = true;
  let frames = 0;
  let maxFrameGapMs = 0;
  let lastFrame = performance.now();
  const frame = (now) => {
    maxFrameGapMs = Math.max(maxFrameGapMs, now - lastFrame);
    lastFrame = now;
    frames++;
    if (running) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  let maxTimerDelayMs = 0;
  let lastTick = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    maxTimerDelayMs = Math.max(maxTimerDelayMs, now - lastTick - 10);
    lastTick = now;
  }, 10);
  // One frame first, so that the measure starts from a page that is drawing.
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)));
  const started = performance.now();
  const stages = {};
  const result = await run((stage) => { stages[stage] = Math.round(performance.now() - started); });
  const ms = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 100)); // let the last frame and the observer report
  running = false;
  clearInterval(timer);
  observer.disconnect();
  return {
    ok: result.ok,
    counts: result.ok ? result.counts : {},
    problems: result.ok ? [] : result.problems.map((p) => p.code),
    ms: Math.round(ms),
    stages,
    maxFrameGapMs: Math.round(maxFrameGapMs),
    frames,
    maxTimerDelayMs: Math.round(Math.max(0, maxTimerDelayMs)),
    longTasks: longTasks.length,
    longestTaskMs: Math.round(Math.max(0, ...longTasks)),
  };
}

let worker;
window.checkFile = async (where, maxBytes) => {
  const file = await (await fetch("/file")).blob();
  const options = maxBytes === undefined ? {} : { maxBytes };
  if (where === "worker") {
    worker ??= new Worker("/worker.js", { type: "module" });
    return watched((onStage) => verifyInWorker(worker, file, { ...options, onStage }));
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  return watched((onStage) => verifyBackup(definition, bytes, { ...options, onStage }));
};
window.ready = true;
`;

const PAGE_HTML = `<!doctype html><html><head><meta charset="utf-8"><title>check</title></head>
<body><div id="spinner" style="width:40px;height:40px;background:#36c;animation:spin 1s linear infinite"></div>
<style>@keyframes spin{to{transform:rotate(360deg)}}</style><script type="module" src="/page.js"></script></body></html>`;

/** A loopback server for the page, its bundles and the file under test. */
export interface CheckHarness {
  /** Checks `file` in a fresh page of `browser`. */
  check(browser: Browser, file: Uint8Array, where: CheckWhere, maxBytes?: number): Promise<BrowserCheck>;
  close(): Promise<void>;
}

export async function startCheckHarness(): Promise<CheckHarness> {
  const [workerJs, pageJs] = await Promise.all([bundle(WORKER_ENTRY), bundle(PAGE_ENTRY)]);
  let file: Uint8Array = new Uint8Array();
  const server: Server = createServer((request, response) => {
    const send = (type: string, body: string | Uint8Array) => {
      response.writeHead(200, { "Content-Type": type, "Cache-Control": "no-store" });
      response.end(body);
    };
    if (request.url === "/") send("text/html; charset=utf-8", PAGE_HTML);
    else if (request.url === "/page.js") send("text/javascript; charset=utf-8", pageJs);
    else if (request.url === "/worker.js") send("text/javascript; charset=utf-8", workerJs);
    else if (request.url === "/file") send("application/gzip", file);
    else {
      response.writeHead(404);
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    async check(browser, bytes, where, maxBytes) {
      file = bytes;
      const page = await browser.newPage();
      try {
        await page.goto(url);
        await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
        return await page.evaluate(
          ([where, maxBytes]) => (window as unknown as { checkFile(where: string, maxBytes?: number): Promise<BrowserCheck> }).checkFile(where!, maxBytes),
          [where, maxBytes] as [CheckWhere, number | undefined],
        );
      } finally {
        await page.close();
      }
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/**
 * A backup of about `records` seeded records (a SQLite database seeded as `npm run seed` does,
 * exported by the runtime), kept in `dir` and reused while the schema's fingerprint is the same.
 */
export async function seededBackupFile(records: number, dir: string): Promise<{ path: string; bytes: Uint8Array }> {
  const file = path.join(dir, `browser-check-${records}-${backupSchema.fingerprint.slice(0, 12)}.json.gz`);
  if (!existsSync(file)) {
    const db = await createSqliteDatabase();
    try {
      await seedDatabase(db.prisma, { records, seed: "browser check" });
      await mkdir(dir, { recursive: true });
      await writeFile(file, await backup.exportAll(db.prisma));
    } finally {
      await db.close();
    }
  }
  return { path: file, bytes: new Uint8Array(await readFile(file)) };
}

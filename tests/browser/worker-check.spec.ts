/**
 * Issue 7's browser target: a 100k-record file is checked (decompress, checksum, every record)
 * in a Web Worker, as the app does, and the page keeps drawing meanwhile. Not timed (the time is
 * printed; bench/browser-check.ts measures it): the result must be right, and the main thread
 * must keep answering, where the same check on the main thread freezes it (which proves that the
 * watch would see a freeze).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededBackupFile, startCheckHarness, type BrowserCheck, type CheckHarness } from "../../bench/browser-harness.ts";
import { gzipBomb } from "../../scripts/corpus/mutations.ts";
import { readDocument } from "../runtime/files.ts";
import { launchChromium } from "./support/browser.ts";
import { resultsDir } from "./support/paths.ts";

const RECORDS = 100_000;

let harness: CheckHarness;
let browser: Browser;
let file: Uint8Array;
let counts: Record<string, number>;

beforeAll(async () => {
  const dir = join(resultsDir, "browser", "worker-check");
  mkdirSync(dir, { recursive: true });
  file = (await seededBackupFile(RECORDS, dir)).bytes;
  counts = readDocument(file).metadata.counts as Record<string, number>;
  [harness, browser] = await Promise.all([startCheckHarness(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await harness?.close();
});

const describeCheck = (where: string, check: BrowserCheck) =>
  `${where}: ${check.ms} ms (records from ${check.stages.records} ms), ${check.frames} frames, longest frame gap ${check.maxFrameGapMs} ms, longest timer delay ${check.maxTimerDelayMs} ms, ${check.longTasks} long tasks (longest ${check.longestTaskMs} ms)`;

describe(`a ${RECORDS.toLocaleString("en")}-record file checked in the browser`, () => {
  it("in a worker: every record counted, and the page kept drawing", async () => {
    const check = await harness.check(browser, file, "worker");
    console.log(describeCheck(`worker, ${(file.length / 1024 / 1024).toFixed(1)} MB file`, check));
    expect(check).toMatchObject({ ok: true, problems: [], counts });
    expect(Object.values(check.counts).reduce((sum, n) => sum + n, 0)).toBeGreaterThan(RECORDS * 0.99);
    expect(Object.keys(check.stages)).toEqual(["decompress", "records"]);
    // The main thread only hands the file over: no task of its own blocks it, and frames keep coming.
    expect(check.longestTaskMs).toBeLessThan(200);
    expect(check.maxFrameGapMs).toBeLessThan(Math.max(500, check.ms / 4));
    expect(check.frames).toBeGreaterThan(check.ms / 100);
  });

  it("on the main thread, the same check freezes the page (what the worker avoids)", async () => {
    const check = await harness.check(browser, file, "main-thread");
    console.log(describeCheck("main thread", check));
    expect(check).toMatchObject({ ok: true, counts });
    expect(check.maxFrameGapMs).toBeGreaterThan(check.ms / 2);
  });

  it("a gzip bomb stops at the limit given to the worker", async () => {
    const bomb = gzipBomb(1024 * 1024 * 1024).bytes;
    const check = await harness.check(browser, bomb, "worker", 40 * 1024 * 1024);
    console.log(describeCheck(`worker, a ${(bomb.length / 1024).toFixed(0)} KB gzip bomb`, check));
    expect(check).toMatchObject({ ok: false, problems: ["too_large"] });
  });
});

/**
 * The import process SIGKILLed at random points of its write phase, many times, on a SQLite
 * file and on the PostgreSQL server (when one answers: PGlite cannot be shared with another
 * process). The child imports as the command line does: import lock, pre-import backup into
 * the history, then one transaction. After every kill the database must be exactly what it was
 * before, row for row; a kill that lands after the commit must leave exactly the imported
 * state (never anything in between). The lock the dead process leaves is taken over by the
 * next import, and every pre-import backup in the history is whole.
 *
 * Kills are spread over the write: each one waits for a given write-progress event and then a
 * random fraction of the time to the next one (timings from a calibration run); a few land
 * between the pre-import backup and the first progress event (inside the transaction's own
 * analysis and first inserts). FAULT_KILLS (default 24) sets the number per provider.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Random } from "../../../prisma/seed/random.ts";
import { nodePrimitives } from "../../../runtime/format/node-primitives.ts";
import { openBackup } from "../../../runtime/format/open.ts";
import type { Provider } from "../../../scripts/lib/prisma-schema.ts";
import type { DatabaseDump } from "../../support/databases.ts";
import { Child, type ChildEvent } from "./child.ts";
import { faultData, fillBefore, type FaultData } from "./data.ts";
import { recordResult } from "./results.ts";
import { sharedTarget, type SharedTarget } from "./targets.ts";

const KILLS = Number(process.env.FAULT_KILLS ?? 20);
const EARLY = Math.max(1, Math.round(KILLS / 6));
const RECORDS = 2500;
const CHILD = "tests/reliability/support/import-child.ts";
type Mode = "merge" | "replace";

interface Calibration {
  /** Event times (ms since start) of the pre-import backup, each write event, and the end. */
  readonly backup: number;
  readonly writes: number[];
  readonly done: number;
  readonly after: DatabaseDump;
}

interface KillOutcome {
  readonly mode: Mode;
  /** Write events seen before the kill, of how many. */
  readonly writesSeen: number;
  readonly writes: number;
  readonly landed: "before-first-write-event" | "mid-write" | "after-commit";
  readonly result: "unchanged" | "fully-imported" | "PARTIAL";
}

export function killSuite(provider: Provider): void {
  describe(`SIGKILL during the import's write phase on ${provider}`, () => {
    let data: FaultData;
    let target: SharedTarget | undefined;
    let before: DatabaseDump;
    let dir: string;
    let fileFor: Record<Mode, string>;
    const calibration: Partial<Record<Mode, Calibration>> = {};
    /** Children already started, in the order of the kills to come: loading one takes seconds, so several load ahead. */
    const ahead: { mode: Mode; child: Child }[] = [];
    const AHEAD = 3;

    const spawnChild = (mode: Mode) => new Child(CHILD, ["--url", target!.url, "--file", fileFor[mode], "--dir", path.join(dir, "backups"), "--mode", mode, "--wait"]);
    /** The child for the next import (in `mode`), ready; the following ones (`then`) start loading. */
    const next = async (mode: Mode, then: readonly Mode[] = []) => {
      const child = ahead[0]?.mode === mode ? ahead.shift()!.child : spawnChild(mode);
      for (const upcoming of then.slice(ahead.length, AHEAD)) ahead.push({ mode: upcoming, child: spawnChild(upcoming) });
      await child.waitFor((e) => e.event === "ready");
      return child;
    };
    const reset = async () => {
      for (const { child } of ahead.splice(0)) await child.stop();
      await target!.reset();
    };

    beforeAll(async () => {
      data = await faultData(provider, RECORDS);
      target = await sharedTarget(provider, (prisma) => fillBefore(prisma, data));
      if (!target) return;
      before = await target.dump();
      dir = await mkdtemp(path.join(tmpdir(), "prisma-backup-kill-"));
      fileFor = { merge: path.join(dir, "shop.json.gz"), replace: path.join(dir, "shop-replace.json.gz") };
      await writeFile(fileFor.merge, data.file);
      await writeFile(fileFor.replace, data.file);
      // Calibration: one whole import per mode, for the timings and the state it leaves.
      for (const mode of ["merge", "replace"] as const) {
        const child = await next(mode);
        child.send("go");
        const report = await child.waitFor((e) => e.event === "report", 120_000);
        await child.exited;
        expect(report, child.stderr).toMatchObject({ ok: true, written: true });
        const at = (test: (e: ChildEvent) => boolean) => child.events.filter(test).map((e) => e.t!);
        calibration[mode] = {
          backup: at((e) => e.phase === "backup")[0]!,
          writes: at((e) => e.phase === "write"),
          done: at((e) => e.phase === "done")[0]!,
          after: await target.dump(),
        };
        expect(calibration[mode]!.after).not.toEqual(before);
        await reset();
      }
    }, 300_000);

    afterAll(async () => {
      for (const { child } of ahead) await child.stop();
      await target?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it(`leaves the database exactly as before after each of ${KILLS} kills, or exactly imported`, async (context) => {
      if (!target) {
        context.skip(); // no PostgreSQL server: PGlite cannot be written by another process
        return;
      }
      const random = new Random(`kills/${provider}`);
      const outcomes: KillOutcome[] = [];
      const modes: Mode[] = Array.from({ length: KILLS }, (_, i) => (i % 2 === 0 ? "merge" : "replace"));
      for (let i = 0; i < KILLS; i++) {
        const mode = modes[i]!;
        const timing = calibration[mode]!;
        const child = await next(mode, modes.slice(i + 1));
        // Where to kill: after write event k plus a fraction of the gap to the next (or, for the
        // first few, a fraction of the gap between the pre-import backup and the first write event).
        const early = i < EARLY;
        const k = early ? -1 : (i - EARLY) % timing.writes.length;
        const from = early ? timing.backup : timing.writes[k]!;
        const to = early ? timing.writes[0]! : (timing.writes[k + 1] ?? timing.done);
        const delay = random.next() * (to - from);
        child.send("go");
        await child.waitFor((e) => (early ? e.phase === "backup" : e.phase === "write" && child.events.filter((w) => w.phase === "write").length === k + 1), 120_000);
        await new Promise((resolve) => setTimeout(resolve, delay));
        child.kill();
        const exit = await child.exited;
        expect(exit.signal === "SIGKILL" || child.events.some((e) => e.event === "report")).toBe(true);

        const writesSeen = child.events.filter((e) => e.phase === "write").length;
        const finished = child.events.some((e) => e.phase === "done");
        const after = await target.dump();
      const result = deepEqual(after, before) ? "unchanged" : deepEqual(after, timing.after) ? "fully-imported" : "PARTIAL";
        outcomes.push({ mode, writesSeen, writes: timing.writes.length, landed: finished || result === "fully-imported" ? "after-commit" : writesSeen === 0 ? "before-first-write-event" : "mid-write", result });
        if (result === "PARTIAL") expect.soft(after, `kill ${i} (${mode}, after ${writesSeen} write events) left a partial import`).toEqual(before);
        if (result === "fully-imported") await reset();
      }

      // The dead processes' lock is taken over: a last import runs to the end.
      const last = await next("merge");
      last.send("go");
      expect(await last.waitFor((e) => e.event === "report", 120_000)).toMatchObject({ ok: true, written: true });
      await last.exited;
      expect(await target.dump()).toEqual(calibration.merge!.after);

      // Every pre-import backup the killed imports wrote is whole.
      const names = await readdir(path.join(dir, "backups"));
      const backups = names.filter((n) => /\.json\.gz$/.test(n));
      for (const name of backups) {
        const opened = await openBackup(new Uint8Array(await readFile(path.join(dir, "backups", name))), nodePrimitives);
        expect(opened.ok, name).toBe(true);
      }

      const count = (test: (o: KillOutcome) => boolean) => outcomes.filter(test).length;
      const summary = {
        provider,
        records: RECORDS,
        kills: outcomes.length,
        midWrite: count((o) => o.landed === "mid-write"),
        beforeFirstWriteEvent: count((o) => o.landed === "before-first-write-event"),
        afterCommit: count((o) => o.landed === "after-commit"),
        survived: count((o) => o.result !== "PARTIAL"),
        partial: count((o) => o.result === "PARTIAL"),
        writeEventsSeen: outcomes.map((o) => `${o.mode[0]}${o.writesSeen}/${o.writes}`).join(" "),
        preImportBackups: backups.length,
        leftoverTemporaryFiles: names.filter((n) => n.endsWith(".tmp")).length,
      };
      await recordResult(`kill-${provider}`, summary);
      console.log(`SIGKILL on ${provider}: ${JSON.stringify(summary)}`);
      expect(summary.partial).toBe(0);
      expect(summary.midWrite).toBeGreaterThanOrEqual(Math.floor(KILLS * 0.6));
    }, 900_000);
  });
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

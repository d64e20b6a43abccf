/**
 * Child processes that run TypeScript from source (like the command line's own tests) and
 * report JSON lines on stdout: wait for a given line, then kill them at a chosen moment.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { repoRoot } from "../../../scripts/lib/prisma-schema.ts";

export type ChildEvent = Record<string, unknown> & { readonly event?: string; readonly t?: number; readonly phase?: string; readonly done?: number; readonly total?: number };

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export class Child {
  readonly events: ChildEvent[] = [];
  readonly exited: Promise<Exit>;
  stderr = "";
  stdout = "";
  private readonly process: ChildProcess;
  private readonly waiters: { test: (event: ChildEvent) => boolean; resolve: (event: ChildEvent) => void }[] = [];

  /** Runs `script` (a path from the repository's root) with node, tsx and the source condition. */
  constructor(script: string, args: readonly string[], env: Record<string, string> = {}) {
    this.process = spawn(process.execPath, ["--conditions=source", "--import", "tsx", path.join(repoRoot, script), ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.process.stderr!.on("data", (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => this.process.once("exit", (code, signal) => resolve({ code, signal })));
    createInterface({ input: this.process.stdout! }).on("line", (line) => {
      this.stdout += `${line}\n`;
      let event: ChildEvent;
      try {
        event = JSON.parse(line) as ChildEvent;
      } catch {
        return;
      }
      this.events.push(event);
      for (const waiter of [...this.waiters]) {
        if (waiter.test(event)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(event);
        }
      }
    });
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  /** The first event (already seen or to come) that passes `test`; rejects if the process ends first or after `timeoutMs`. */
  waitFor(test: (event: ChildEvent) => boolean, timeoutMs = 60_000): Promise<ChildEvent> {
    const seen = this.events.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`No such event within ${timeoutMs} ms. stderr:\n${this.stderr}`)), timeoutMs);
      const waiter = {
        test,
        resolve: (event: ChildEvent) => {
          clearTimeout(timer);
          resolve(event);
        },
      };
      this.waiters.push(waiter);
      void this.exited.then((exit) => {
        if (!this.waiters.includes(waiter)) return;
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        clearTimeout(timer);
        reject(new Error(`The process ended (${exit.signal ?? exit.code}) before the event. stderr:\n${this.stderr}`));
      });
    });
  }

  send(line: string): void {
    this.process.stdin!.write(`${line}\n`);
  }

  /** SIGKILL: no handler runs, nothing is flushed, the database connection just drops. */
  kill(): void {
    this.process.kill("SIGKILL");
  }

  /** Ends it if still running (cleanup). */
  async stop(): Promise<void> {
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill("SIGKILL");
    await this.exited;
  }
}

import { afterEach, describe, expect, it } from "vitest";
import { encryptBackup } from "../../runtime/crypto/envelope.ts";
import { acquireImportLock } from "../../runtime/history/lock.ts";
import { backup } from "../../generated/backup/index.ts";
import { gzipBomb } from "../../scripts/corpus/mutations.ts";
import { memoryAuditSink } from "../../runtime/audit/log.ts";
import { routeContext } from "../../runtime/routes/context.ts";
import { get, post, setup, type Setup } from "./helpers.ts";

const open: Setup[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.db.close();
});
async function fresh(options: Parameters<typeof setup>[0] = {}): Promise<Setup> {
  const s = await setup(options);
  open.push(s);
  return s;
}
/** A backup of a seeded database, and an empty database to import it into. */
async function sourceAndTarget(options: Parameters<typeof setup>[0] = {}) {
  const source = await fresh();
  const file = await backup.exportAll(source.db.prisma);
  const target = await fresh({ seed: false, ...options });
  return { file, target };
}

describe("POST import", () => {
  it("previews a dry run without writing, from a raw body or a multipart form", async () => {
    const { file, target } = await sourceAndTarget();
    const raw = await target.routes.import(post("/import?dryRun=1", file as Uint8Array<ArrayBuffer>));
    expect(raw.status).toBe(200);
    const report = await raw.json();
    expect(report).toMatchObject({ ok: true, dryRun: true, written: false, totals: { inFile: 18, created: 18 } });
    const form = new FormData();
    form.set("file", new Blob([file as Uint8Array<ArrayBuffer>]), "backup.json.gz");
    form.set("dryRun", "1");
    form.set("mode", "replace");
    const multipart = await target.routes.import(post("/import", form));
    expect(multipart.status).toBe(200);
    expect(await multipart.json()).toMatchObject({ ok: true, dryRun: true, mode: "replace" });
    expect(await target.db.prisma.customer.count()).toBe(0);
    expect(target.audit.entries.map((e) => [e.action, e.outcome, e.dryRun, e.status, e.file])).toEqual([
      ["import", "success", true, 200, undefined],
      ["import", "success", true, 200, "backup.json.gz"],
    ]);
  });

  it("imports, backing up the current data into the history first", async () => {
    const { file, target } = await sourceAndTarget();
    const response = await target.routes.import(post("/import", file as Uint8Array<ArrayBuffer>));
    expect(response.status).toBe(200);
    const report = await response.json();
    expect(report).toMatchObject({ ok: true, written: true, totals: { created: 18 } });
    expect(await target.db.prisma.customer.count()).toBe(3);
    const history = await target.routes.store.list();
    expect(history.map((b) => [b.name, b.kind, b.totalRecords])).toEqual([[report.backupPath, "pre-import", 0]]);
    expect(target.audit.entries.map((e) => [e.action, e.outcome, e.kind ?? e.records])).toEqual([
      ["backup", "success", "pre-import"],
      ["cleanup", "success", undefined],
      ["import", "success", 18],
    ]);
  });

  it("streams the write's progress as NDJSON, the report last", async () => {
    const { file, target } = await sourceAndTarget();
    const response = await target.routes.import(post("/import?mode=merge", file as Uint8Array<ArrayBuffer>, { Accept: "application/x-ndjson" }));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    const events = (await response.text()).trim().split("\n").map((line) => JSON.parse(line));
    expect(events[0]).toMatchObject({ type: "analysed", report: { ok: true, written: false } });
    const phases = new Set(events.filter((e) => e.type === "progress").map((e) => e.phase));
    expect([...phases]).toEqual(expect.arrayContaining(["backup", "write", "done"]));
    const last = events.at(-1);
    expect(last).toMatchObject({ type: "report", status: 200, ok: true, written: true, totals: { created: 18 } });
    const writes = events.filter((e) => e.phase === "write");
    expect(writes.at(-1)).toMatchObject({ done: writes.at(-1).total });
  });

  it("speaks Server-Sent Events too", async () => {
    const { file, target } = await sourceAndTarget();
    const response = await target.routes.import(post("/import", file as Uint8Array<ArrayBuffer>, { Accept: "text/event-stream" }));
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const body = await response.text();
    expect(body.startsWith("event: analysed\ndata: {")).toBe(true);
    expect(body).toMatch(/event: report\ndata: \{"type":"report","status":200,"ok":true/);
  });

  it("answers 400 with the problems for an invalid or damaged file", async () => {
    const { file, target } = await sourceAndTarget();
    const damaged = file.slice();
    damaged[damaged.length - 12]! ^= 0xff;
    const response = await target.routes.import(post("/import", damaged as Uint8Array<ArrayBuffer>));
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error).toBe("corrupt_gzip");
    expect(body.problems).toHaveLength(1);
    expect(body.report).toMatchObject({ ok: false, written: false });
    const empty = await target.routes.import(post("/import", new Uint8Array()));
    expect(empty.status).toBe(400);
    expect((await empty.json()).error).toBe("empty_file");
    expect(target.audit.entries.every((e) => e.outcome === "refused")).toBe(true);
  });

  it("answers 409 with the conflicts awaiting decisions, then imports with the answers", async () => {
    const s = await fresh();
    const file = await backup.exportAll(s.db.prisma);
    await s.db.prisma.invoice.update({ where: { number: "FAC-1" }, data: { status: "PAID" } });
    const response = await s.routes.import(post("/import", file as Uint8Array<ArrayBuffer>));
    expect(response.status).toBe(409);
    const body = await response.json();
    expect(body).toMatchObject({ error: "conflicts", report: { ok: false, written: false } });
    expect(body.message).toBe("1 conflict await a decision: answer each (resolutions) or all at once (resolve=existing|incoming), then import again. Nothing was written.");
    expect(body.conflicts).toEqual([expect.objectContaining({ id: "Invoice:1:status", existing: "PAID", incoming: "ISSUED" })]);
    const resolutions = encodeURIComponent(JSON.stringify({ "Invoice:1:status": "incoming" }));
    const answered = await s.routes.import(post(`/import?resolutions=${resolutions}`, file as Uint8Array<ArrayBuffer>));
    expect(answered.status).toBe(200);
    expect(await answered.json()).toMatchObject({ ok: true, written: true, resolved: 1 });
    expect((await s.db.prisma.invoice.findFirstOrThrow()).status).toBe("ISSUED");
    const bad = await s.routes.import(post("/import?resolve=theirs", file as Uint8Array<ArrayBuffer>));
    expect(await bad.json()).toEqual({ error: "invalid_request", message: 'resolve must be "existing" or "incoming" (got "theirs").' });
  });

  it("answers 413 from Content-Length before reading, and while counting a body of unknown length", async () => {
    const s = await fresh({ seed: false, routes: { maxUploadBytes: 1000 } });
    let pulled = 0;
    const untouched = new ReadableStream<Uint8Array>({ pull: (c) => void (pulled++, c.enqueue(new Uint8Array(100))) });
    const declared = await s.routes.import(post("/import", untouched, { "Content-Length": "5000" }));
    expect(declared.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(1); // the stream's own first pull at most: nothing was read
    expect(await declared.json()).toEqual({ error: "too_large", maxBytes: 1000, message: "The file is larger than the 1000 B this server accepts. Export a selective backup (fewer modules), or raise maxUploadBytes." });
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({ pull: (c) => void ((sent += 300), c.enqueue(new Uint8Array(300))) });
    const chunked = await s.routes.import(post("/import", endless));
    expect(chunked.status).toBe(413);
    expect(sent).toBeLessThan(2000);
    const form = new FormData();
    form.set("file", new Blob([new Uint8Array(5000)]), "big.json.gz");
    expect((await s.routes.import(post("/import", form))).status).toBe(413);
    expect(s.audit.entries.map((e) => [e.outcome, e.status])).toEqual([["refused", 413], ["refused", 413], ["refused", 413]]);
  });

  it("refuses a gzip bomb at 20 × maxUploadBytes decompressed, quickly, dry run or not", async () => {
    const s = await fresh({ seed: false, routes: { maxUploadBytes: 2 * 1024 * 1024 } });
    const bomb = gzipBomb(1024 * 1024 * 1024).bytes; // about 1 MB that inflates to 1 GiB
    for (const path of ["/import?dryRun=1", "/import"]) {
      const started = performance.now();
      const response = await s.routes.import(post(path, bomb as Uint8Array<ArrayBuffer>));
      const ms = performance.now() - started;
      console.log(`a ${(bomb.length / 1024).toFixed(0)} KB gzip bomb refused by POST ${path} in ${ms.toFixed(0)} ms`);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        error: "too_large",
        message: "The file cannot be imported: The file decompresses to more than 40.0 MB. Export a selective backup (fewer modules), or raise the limit.",
        problems: [{ code: "too_large", message: "The file decompresses to more than 40.0 MB. Export a selective backup (fewer modules), or raise the limit." }],
      });
      // Inflating 40 MB of it takes about 0.1 s; the whole GiB, seconds and a GiB of memory.
      expect(ms).toBeLessThan(2_000);
    }
    expect(s.audit.entries.map((e) => [e.outcome, e.status, e.error?.code])).toEqual([["refused", 400, "too_large"], ["refused", 400, "too_large"]]);
  });

  it("derives the decompressed limit from maxUploadBytes: 20 times it, at most 1 GB", () => {
    const limitOf = (options: { maxUploadBytes?: number }) => routeContext({ prisma: {} as never, backup, authorize: () => ({}), backupDir: "/nonexistent", audit: memoryAuditSink(), ...options }, "app").maxDecompressedBytes;
    expect(limitOf({ maxUploadBytes: 2 * 1024 * 1024 })).toBe(40 * 1024 * 1024);
    expect(limitOf({})).toBe(1024 * 1024 * 1024); // 100 MB uploads: 2,000 MB would pass the import's own limit
  });

  it("takes an explicit maxDecompressedBytes", async () => {
    const { file, target } = await sourceAndTarget({ routes: { maxDecompressedBytes: 2048 } });
    const response = await target.routes.import(post("/import?dryRun=1", file as Uint8Array<ArrayBuffer>));
    expect(response.status).toBe(400);
    expect((await response.json()).problems).toEqual([{ code: "too_large", message: "The file decompresses to more than 2.0 KB. Export a selective backup (fewer modules), or raise the limit." }]);
  });

  it("answers 423 while another import runs, before reading the upload", async () => {
    const { file, target } = await sourceAndTarget();
    const lock = await acquireImportLock(target.routes.store.dir, "another admin");
    try {
      const response = await target.routes.import(post("/import", file as Uint8Array<ArrayBuffer>));
      expect(response.status).toBe(423);
      expect((await response.json()).message).toMatch(/^Another import is running \(started .* by another admin, process \d+ on .*\)\. Wait for it to finish, then try again\.$/);
      const form = new FormData();
      form.set("file", new Blob([file as Uint8Array<ArrayBuffer>]));
      expect((await target.routes.import(post("/import", form))).status).toBe(423);
      // A dry run writes nothing: it does not wait for the lock.
      expect((await target.routes.import(post("/import?dryRun=1", file as Uint8Array<ArrayBuffer>))).status).toBe(200);
    } finally {
      await lock.release();
    }
    expect((await target.routes.import(post("/import", file as Uint8Array<ArrayBuffer>))).status).toBe(200);
  });

  it("answers 500 when the write fails, and nothing was written", async () => {
    const { file, target } = await sourceAndTarget();
    await target.db.exec("CREATE TRIGGER refuse BEFORE INSERT ON customers BEGIN SELECT RAISE(ABORT, 'disk on fire'); END;");
    const response = await target.routes.import(post("/import", file as Uint8Array<ArrayBuffer>));
    expect(response.status).toBe(500);
    const body = await response.json();
    expect(body.error).toBe("import_failed");
    expect(body.message).toMatch(/^The import failed and nothing was written: Creating Customer c1 failed: disk on fire\. The import was rolled back/);
    expect(body.report).toMatchObject({ ok: false, written: false });
    expect(await target.db.prisma.category.count()).toBe(0);
    expect(target.audit.entries.at(-1)).toMatchObject({ action: "import", outcome: "failure", status: 500 });
    // Streamed, the status is already 200 when the write fails: the final event says 500.
    const streamed = await target.routes.import(post("/import", file as Uint8Array<ArrayBuffer>, { Accept: "application/x-ndjson" }));
    const last = JSON.parse((await streamed.text()).trim().split("\n").at(-1)!);
    expect(last).toMatchObject({ type: "report", status: 500, ok: false, written: false });
  });

  it("refuses cross-site requests", async () => {
    const { file, target } = await sourceAndTarget();
    const body = file as Uint8Array<ArrayBuffer>;
    const crossSite: Record<string, string>[] = [{ Origin: "https://evil.test" }, { "Sec-Fetch-Site": "cross-site" }, { Origin: "null" }];
    for (const headers of crossSite) {
      const response = await target.routes.import(post("/import?dryRun=1", body, headers));
      expect(response.status).toBe(403);
      expect((await response.json()).error).toBe("cross_site");
    }
    const sameSite = await target.routes.import(post("/import?dryRun=1", body, { Origin: "http://app.test", "Sec-Fetch-Site": "same-origin" }));
    expect(sameSite.status).toBe(200);
  });

  it("decrypts an encrypted file with its password, and refuses it without or with a wrong one", async () => {
    const { file, target } = await sourceAndTarget();
    const sealed = (await encryptBackup(file, "s3cret!", { iterations: 100_000 })) as Uint8Array<ArrayBuffer>;
    const missing = await target.routes.import(post("/import?dryRun=1", sealed));
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: "password_required", message: "The file cannot be imported: This backup is encrypted: give its password to open it." });
    const wrong = await target.routes.import(post("/import?dryRun=1", sealed, { "X-Backup-Password": "guess" }));
    expect((await wrong.json()).error).toBe("wrong_password");
    const form = new FormData();
    form.set("file", new Blob([sealed]), "backup.json.gz.enc");
    form.set("password", "s3cret!");
    const right = await target.routes.import(post("/import", form));
    expect(right.status).toBe(200);
    expect(await right.json()).toMatchObject({ ok: true, written: true });
    expect(target.audit.entries.filter((e) => e.action === "import").map((e) => [e.outcome, e.encrypted])).toEqual([["refused", true], ["refused", true], ["success", true]]);
  });
});

describe("history, health and metrics", () => {
  it("lists, makes, downloads and deletes backups kept on the server", async () => {
    const s = await fresh();
    const made = await s.routes.history(post("/history?kind=manual", null));
    expect(made.status).toBe(201);
    const { backup: entry } = await made.json();
    expect(entry).toMatchObject({ name: "alami-gestion-backup-2026-03-15-100700-manual.json.gz", kind: "manual", totalRecords: 18, encrypted: false });

    const list = await (await s.routes.history(get("/history"))).json();
    expect(list.backups).toEqual([entry]);
    expect(list.health).toMatchObject({ status: "ok", count: 1 });
    expect(list.audit.map((e: { action: string }) => e.action)).toEqual(["cleanup", "backup"]);

    const download = await s.routes.historyFile(get(`/history/${entry.name}`));
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toBe(`attachment; filename="${entry.name}"`);
    expect(download.headers.get("x-backup-sha256")).toBe(entry.sha256);
    expect(Number(download.headers.get("content-length"))).toBe(entry.size);

    const removed = await s.routes.historyFile(new Request(`http://app.test/api/backup/history/${entry.name}`, { method: "DELETE", headers: { Authorization: "Bearer admin-secret" } }));
    expect(removed.status).toBe(200);
    expect((await s.routes.historyFile(get(`/history/${entry.name}`))).status).toBe(404);
    const traversal = await s.routes.historyFile(get("/history/..%2F..%2Fetc%2Fpasswd"));
    expect(traversal.status).toBe(400);
    expect(await traversal.json()).toEqual({ error: "invalid_name", message: '"../../etc/passwd" is not the name of a backup file.' });
    const viewer = await s.routes.historyFile(new Request(`http://app.test/api/backup/history/${entry.name}`, { method: "DELETE", headers: { Authorization: "Bearer viewer" } }));
    expect(viewer.status).toBe(403);
  });

  it("gives the health verdict and the metrics summary", async () => {
    const s = await fresh();
    const empty = await (await s.routes.health(get("/health"))).json();
    expect(empty).toMatchObject({ status: "critical", issues: [{ code: "no_backup" }] });
    await s.routes.history(post("/history?kind=scheduled", null));
    await s.routes.export(get("/export")).then((r) => r.arrayBuffer());
    await s.routes.export(get("/export", {}));
    const health = await (await s.routes.health(get("/health"))).json();
    expect(health).toMatchObject({ status: "ok", count: 1, successRate: 1, newest: { kind: "scheduled", ageMs: 0 } });
    const metrics = await (await s.routes.metrics(get("/metrics"))).json();
    expect(metrics.audit).toMatchObject({ successRate: 1, meetsTarget: true, byAction: { export: { count: 2, success: 1, refused: 1 }, backup: { success: 1 } } });
    expect(metrics.history).toMatchObject({ count: 1, byKind: { scheduled: { count: 1 } } });
  });
});

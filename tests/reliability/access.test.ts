/**
 * Access, over real HTTP on 127.0.0.1: every route refuses without authorization (and does
 * nothing), the routes that change things refuse cross-site requests, no response ever carries
 * an omitted field (the bytes of real exports, gzip'd, plain and encrypted, of kept backups,
 * reports, conflicts, history, health, metrics and the audit log are scanned for the seeded
 * password hashes), and the upload limit holds while the body streams in: the server answers
 * 413 having read little more than the limit, never the whole body.
 */
import { request as httpRequest } from "node:http";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backup } from "../../generated/backup/index.ts";
import { seedDatabase } from "../../prisma/seed/index.ts";
import { unsealBackup } from "../../runtime/crypto/unseal.ts";
import { createBackupRoutes, deny, type BackupRoutes } from "../../runtime/routes/index.ts";
import { createDatabase, dumpDatabase, type DatabaseDump, type TestDatabase } from "../support/databases.ts";
import { editFile } from "../runtime/files.ts";
import { recordResult } from "./support/results.ts";
import { serveRoutes, type Served } from "./support/server.ts";

const ADMIN = { authorization: "Bearer admin-reliability-secret" };
const VIEWER = { authorization: "Bearer viewer-reliability" };
const MAX_UPLOAD = 1024 * 1024;

let db: TestDatabase;
let dir: string;
let routes: BackupRoutes;
let served: Served;
let file: Uint8Array;
/** The seeded password hashes, and their salt and digest parts: none may leave the server. */
let secrets: string[];
let scanned = 0;

beforeAll(async () => {
  db = await createDatabase("sqlite");
  await seedDatabase(db.prisma, { records: 300, seed: "access" });
  const users = await db.prisma.$queryRawUnsafe<{ password_hash: string }[]>("SELECT password_hash FROM users");
  secrets = users.flatMap(({ password_hash: hash }) => [hash, ...hash.split("$").filter((part) => part.length >= 12)]);
  expect(secrets.length).toBeGreaterThanOrEqual(2);
  file = await backup.exportAll(db.prisma);
  dir = await mkdtemp(path.join(tmpdir(), "prisma-backup-access-"));
  routes = createBackupRoutes({
    prisma: db.prisma,
    backup,
    backupDir: dir,
    appName: "Alami Gestion",
    maxUploadBytes: MAX_UPLOAD,
    authorize: (request, action) => {
      const token = request.headers.get("authorization");
      if (token === ADMIN.authorization) return { user: "admin" };
      if (token === VIEWER.authorization) return ["import", "backup", "delete"].includes(action) ? deny(403, "Viewers cannot change data.") : { user: "viewer" };
      return undefined;
    },
  });
  served = await serveRoutes(routes);
});
afterAll(async () => {
  await recordResult("access", { responsesScanned: scanned, secretsLooked: secrets?.length ?? 0 });
  await served?.close();
  await db?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function send(method: string, route: string, init: { headers?: Record<string, string>; body?: Uint8Array | string } = {}): Promise<Response> {
  return fetch(`${served.origin}/api/backup${route}`, { method, headers: init.headers ?? {}, ...(init.body !== undefined ? { body: init.body as BodyInit } : {}) });
}

/** Fails if any secret appears in the bytes (decompressed when gzip'd). */
function expectNoSecret(bytes: Uint8Array, what: string): void {
  const texts = [Buffer.from(bytes).toString("latin1"), Buffer.from(bytes).toString("utf8")];
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) texts.push(gunzipSync(bytes).toString("utf8"));
  for (const text of texts) for (const secret of secrets) expect(text.includes(secret), `${what} carries a password hash`).toBe(false);
  scanned++;
}

async function bodyOf(response: Response, what: string): Promise<Uint8Array> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  expectNoSecret(bytes, what);
  return bytes;
}

describe("authorization", () => {
  let kept: string;
  let before: DatabaseDump;

  beforeAll(async () => {
    const made = await send("POST", "/history", { headers: ADMIN });
    expect(made.status).toBe(201);
    kept = ((await made.json()) as { backup: { name: string } }).backup.name;
    before = await dumpDatabase(db);
  });

  const ROUTES: [string, string][] = [
    ["GET", "/export"],
    ["GET", "/export?compress=0"],
    ["GET", "/estimate"],
    ["POST", "/import"],
    ["POST", "/import?dryRun=1"],
    ["GET", "/history"],
    ["POST", "/history"],
    ["GET", "/history/KEPT"],
    ["DELETE", "/history/KEPT"],
    ["GET", "/health"],
    ["GET", "/metrics"],
  ];

  it("every route answers 401 without credentials and 401 with wrong ones, and does nothing", async () => {
    const history = await readdir(dir);
    for (const [method, route] of ROUTES) {
      const attempts: Record<string, string>[] = [{}, { authorization: "Bearer wrong" }, { authorization: "Basic YWRtaW46YWRtaW4=" }, { cookie: "session=admin" }];
      for (const headers of attempts) {
        const response = await send(method, route.replace("KEPT", kept), { headers, ...(method === "POST" && route.startsWith("/import") ? { body: file } : {}) });
        expect(response.status, `${method} ${route} ${JSON.stringify(headers)}`).toBe(401);
        expect(await response.json()).toMatchObject({ error: "unauthorized" });
      }
    }
    expect(await readdir(dir)).toEqual(history);
    expect(await dumpDatabase(db)).toEqual(before);
  });

  it("a signed-in viewer may read but not import, back up or delete", async () => {
    for (const [method, route] of ROUTES.filter(([m]) => m !== "GET")) {
      const response = await send(method, route.replace("KEPT", kept), { headers: VIEWER, ...(route.startsWith("/import") ? { body: file } : {}) });
      expect(response.status, `${method} ${route}`).toBe(403);
      expect(await response.json()).toMatchObject({ error: "forbidden", message: "Viewers cannot change data." });
    }
    expect(await readdir(dir)).toContain(kept);
    expect(await dumpDatabase(db)).toEqual(before);
  });

  it("an unauthorized upload is refused before its body is read", async () => {
    const answer = await streamUpload("/import", {}, { chunk: 64 * 1024, upTo: 64 * 1024 * 1024 });
    expect(answer.status).toBe(401);
    expect(answer.sent).toBeLessThan(16 * 1024 * 1024);
    expect(served.finished.at(-1)!.bytesRead).toBeLessThan(4 * 1024 * 1024);
  });

  it("cross-site requests to the routes that change things are refused, whatever the credentials", async () => {
    const crossSite: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { origin: "null" },
      { origin: "http://127.0.0.1.evil.example" },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
      { origin: "not a url" },
    ];
    for (const [method, route] of ROUTES.filter(([m]) => m !== "GET")) {
      for (const headers of crossSite) {
        const response = await send(method, route.replace("KEPT", kept), { headers: { ...ADMIN, ...headers }, ...(route.startsWith("/import") ? { body: file } : {}) });
        expect(response.status, `${method} ${route} ${JSON.stringify(headers)}`).toBe(403);
        expect(await response.json()).toMatchObject({ error: "cross_site" });
      }
    }
    expect(await readdir(dir)).toContain(kept);
    expect(await dumpDatabase(db)).toEqual(before);
    // The same request from the app's own page goes through.
    const sameOrigin = await send("POST", "/import?dryRun=1", { headers: { ...ADMIN, origin: served.origin, "sec-fetch-site": "same-origin" }, body: file });
    expect(sameOrigin.status).toBe(200);
  });
});

describe("omitted fields never leave the server", () => {
  it("not in exports: gzip'd, plain, encrypted, selective, nor in the estimate", async () => {
    for (const route of ["/export", "/export?compress=0", "/export?modules=settings", "/estimate", "/estimate?modules=settings"]) {
      const response = await send("GET", route, { headers: ADMIN });
      expect(response.status).toBe(200);
      const bytes = await bodyOf(response, route);
      if (route.startsWith("/export")) expect(new TextDecoder().decode(bytes[0] === 0x1f ? gunzipSync(bytes) : bytes)).toContain('"users":[');
    }
    const encrypted = await send("GET", "/export", { headers: { ...ADMIN, "x-backup-password": "correct horse battery staple" } });
    const sealed = await bodyOf(encrypted, "encrypted export");
    const opened = await unsealBackup(sealed, "correct horse battery staple");
    expect(opened.ok).toBe(true);
    if (opened.ok) expectNoSecret(opened.bytes, "decrypted export");
  });

  it("not in kept backups, downloads, history, health, metrics, reports, conflicts, progress events or the audit log", async () => {
    const made = await send("POST", "/history?modules=settings", { headers: ADMIN });
    const { backup: entry } = (await (async () => {
      const bytes = await bodyOf(made, "POST history");
      return JSON.parse(new TextDecoder().decode(bytes)) as { backup: { name: string } };
    })());
    await bodyOf(await send("GET", `/history/${entry.name}`, { headers: ADMIN }), "history download");
    for (const route of ["/history?audit=100", "/health", "/metrics"]) await bodyOf(await send("GET", route, { headers: ADMIN }), route);
    await bodyOf(await send("POST", "/import?dryRun=1", { headers: ADMIN, body: file }), "dry-run report");
    // A conflict shows both sides' values: never a hash.
    const conflicting = editFile(file, (document) => {
      const invoices = document.data.invoices as Record<string, unknown>[];
      invoices[0]!.status = invoices[0]!.status === "PAID" ? "CANCELLED" : "PAID";
    });
    const conflict = await send("POST", "/import", { headers: ADMIN, body: conflicting });
    expect(conflict.status).toBe(409);
    await bodyOf(conflict, "409 conflicts");
    const streamed = await send("POST", "/import?resolve=incoming", { headers: { ...ADMIN, accept: "application/x-ndjson" }, body: conflicting });
    expect(streamed.status).toBe(200);
    const events = new TextDecoder().decode(await bodyOf(streamed, "progress events"));
    expect(events.trim().split("\n").at(-1)).toContain('"type":"report"');
    for (const name of await readdir(dir)) expectNoSecret(new Uint8Array(await readFile(path.join(dir, name))), `${name} on disk`);
    expect((await readdir(dir)).some((name) => name.includes("pre-import"))).toBe(true);
  });
});

describe("the upload limit holds while the body streams", () => {
  it("a declared Content-Length over the limit is refused before any byte of the body is read", async () => {
    const answer = await streamUpload("/import", { ...ADMIN, "content-length": String(50 * 1024 * 1024) }, { chunk: 64 * 1024, upTo: 50 * 1024 * 1024 });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ error: "too_large", maxBytes: MAX_UPLOAD });
    expect(served.finished.at(-1)!.bytesRead).toBeLessThan(MAX_UPLOAD);
  });

  it.each([
    ["a raw body", {}],
    ["a multipart form", { "content-type": "multipart/form-data; boundary=reliability" }],
  ])("%s of unknown length is cut off just past the limit", async (_, headers: Record<string, string>) => {
    const planned = 64 * 1024 * 1024;
    const answer = await streamUpload("/import", { ...ADMIN, ...headers }, { chunk: 64 * 1024, upTo: planned, multipart: "content-type" in headers });
    expect(answer.status, answer.body).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ error: "too_large" });
    // Read: the limit, the form's allowance, and what sat in socket and stream buffers.
    const read = served.finished.at(-1)!.bytesRead;
    expect(read).toBeGreaterThan(MAX_UPLOAD);
    expect(read).toBeLessThan(MAX_UPLOAD + 4 * 1024 * 1024);
    expect(answer.sent).toBeLessThan(planned);
  });
});

/**
 * POSTs an endless body (chunked unless a length is declared) until the server answers or
 * `upTo` bytes went out; resolves with the status, the body, and the bytes sent by then.
 */
function streamUpload(route: string, headers: Record<string, string>, options: { chunk: number; upTo: number; multipart?: boolean }): Promise<{ status: number; body: string; sent: number }> {
  return new Promise((resolve, reject) => {
    const url = new URL(`${served.origin}/api/backup${route}`);
    const request = httpRequest(url, { method: "POST", headers });
    let sent = 0;
    let answered = false;
    const chunk = Buffer.alloc(options.chunk, 0x41);
    const pump = () => {
      while (!answered && sent < options.upTo) {
        sent += options.chunk;
        if (!request.write(chunk)) return void request.once("drain", pump);
      }
      if (!answered) request.end();
    };
    request.on("response", (response) => {
      answered = true;
      const sentWhenAnswered = sent;
      let body = "";
      response.on("data", (data: Buffer) => (body += data.toString()));
      response.on("end", () => {
        request.destroy();
        resolve({ status: response.statusCode ?? 0, body, sent: sentWhenAnswered });
      });
    });
    request.on("error", (error) => {
      if (!answered) reject(error);
    });
    if (options.multipart) request.write('--reliability\r\nContent-Disposition: form-data; name="file"; filename="big.json.gz"\r\nContent-Type: application/gzip\r\n\r\n');
    pump();
  });
}

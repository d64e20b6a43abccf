import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeListener } from "../../runtime/routes/index.ts";
import { backup } from "../../generated/backup/index.ts";
import { ADMIN, setup, text, type Setup } from "./helpers.ts";

let s: Setup;
let server: Server;
let base: string;

beforeAll(async () => {
  s = await setup({ routes: { maxUploadBytes: 64 * 1024 } });
  server = createServer(nodeListener(s.routes));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/backup`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await s.db.close();
});

describe("the routes behind a real HTTP server on loopback", () => {
  it("streams an export download", async () => {
    const response = await fetch(`${base}/export`, { headers: ADMIN });
    expect(response.status).toBe(200);
    expect(response.headers.get("transfer-encoding")).toBe("chunked");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="alami-gestion-backup-2026-03-15-1007\.json\.gz"$/);
    let received = 0;
    const chunks: Uint8Array[] = [];
    const reader = response.body!.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      received += read.value.length;
      chunks.push(read.value);
    }
    const document = JSON.parse(text(Buffer.concat(chunks)));
    expect(document.metadata.total_records).toBe(18);
    expect(received).toBeGreaterThan(0);
  });

  it("takes a multipart upload with progress events, as a browser sends it", async () => {
    const file = await backup.exportAll(s.db.prisma);
    const form = new FormData();
    form.set("file", new Blob([file as Uint8Array<ArrayBuffer>]), "backup.json.gz");
    form.set("mode", "merge");
    const response = await fetch(`${base}/import`, { method: "POST", body: form, headers: { ...ADMIN, Accept: "application/x-ndjson", Origin: base.replace(/\/api\/backup$/, "") } });
    expect(response.status).toBe(200);
    const events = (await response.text()).trim().split("\n").map((line) => JSON.parse(line));
    expect(events.at(-1)).toMatchObject({ type: "report", ok: true, written: true, totals: { inFile: 18, skipped: 18 } });
  });

  it("refuses an oversized chunked upload without reading it whole", async () => {
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 16 * 1024;
        if (sent > 10 * 1024 * 1024) controller.close();
        else controller.enqueue(new Uint8Array(16 * 1024));
      },
    });
    const response = await fetch(`${base}/import`, { method: "POST", body, headers: ADMIN, duplex: "half" } as RequestInit).catch((error: unknown) => error);
    // Either the 413 arrives, or the server closed the connection on the rest of the upload.
    if (response instanceof Response) {
      expect(response.status).toBe(413);
      expect((await response.json()).error).toBe("too_large");
    }
    expect(sent).toBeLessThan(10 * 1024 * 1024);
  });

  it("answers 404 outside the routes and 401 without credentials", async () => {
    expect((await fetch(`${base}/nothing`)).status).toBe(404);
    expect((await fetch(`${base}/history`)).status).toBe(401);
  });
});

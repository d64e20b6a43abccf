import { describe, expect, it } from "vitest";
import { fetchWithProgress, fileNameFromDisposition, httpError } from "./download.ts";
import { readNdjson } from "./ndjson.ts";

function streamOf(...chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

describe("downloads", () => {
  it("reads the file name of Content-Disposition, plain or encoded, never a path", () => {
    expect(fileNameFromDisposition('attachment; filename="app-backup-2026-01-09-1030.json.gz"')).toBe("app-backup-2026-01-09-1030.json.gz");
    expect(fileNameFromDisposition("attachment; filename*=UTF-8''sauvegarde%20%C3%A9t%C3%A9.json.gz")).toBe("sauvegarde été.json.gz");
    expect(fileNameFromDisposition('attachment; filename="../../etc/passwd"')).toBe(".._.._etc_passwd");
    expect(fileNameFromDisposition(null)).toBeUndefined();
  });

  it("reports progress against the estimate when the length is unknown", async () => {
    const seen: { received: number; total?: number }[] = [];
    const fakeFetch = (async () =>
      new Response(streamOf("abc", "defg"), { headers: { "content-disposition": 'attachment; filename="x.json.gz"' } })) as typeof fetch;
    const result = await fetchWithProgress("/x", { fetch: fakeFetch, expectedBytes: 5, onProgress: (p) => seen.push(p) });
    expect(result.fileName).toBe("x.json.gz");
    expect(result.size).toBe(7);
    expect(await result.blob.text()).toBe("abcdefg");
    expect(seen).toEqual([{ received: 0, total: 5 }, { received: 3, total: 5 }, { received: 7, total: 7 }]);
  });

  it("turns a JSON refusal into an error carrying the server's message", async () => {
    const error = await httpError(Response.json({ error: "import_running", message: "Another import is running." }, { status: 423 }));
    expect(error.status).toBe(423);
    expect(error.message).toBe("Another import is running.");
  });

  it("reads NDJSON events split across chunks", async () => {
    const events: unknown[] = [];
    const last = await readNdjson(new Response(streamOf('{"a":1}\n{"b"', ':2}\n', '{"c":3}')), (event) => events.push(event));
    expect(events).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }]);
    expect(last).toEqual({ c: 3 });
  });
});

/**
 * `POST /api/backup/import`: the file as the body (raw, or a multipart form with a `file`
 * field). Options come from the query or the form's fields: `dryRun=1`, `mode=merge|replace`,
 * `resolve=existing|incoming` (a default answer to every conflict), `resolutions` (JSON:
 * conflict id → `existing`|`incoming`), and the password in `X-Backup-Password` or a
 * `password` field.
 *
 * The file is validated and analysed before any status is sent: 400 invalid (with the
 * problems), 409 conflicts awaiting decisions, 423 another import running, 413 too large,
 * 500 the system failed (nothing written). Then the write: a JSON report (200, or 500 when it
 * failed and was rolled back), or, when the client accepts `application/x-ndjson` or
 * `text/event-stream`, events: `{ "type": "analysed", "report" }` (the preview), then
 * `{ "type": "progress", phase, model, done, total }`…, and last the report itself with
 * `"type": "report"` and the `"status"` it would have had (200, or 500: nothing written).
 * A 200 body is the report itself; refusals are `{ error, message, problems?, conflicts?, report }`.
 */
import { DEFAULT_STALE_AFTER_MS, isStale, LockedError, readImportLock } from "../history/lock.ts";
import { startImport, type ImportJob, type ImportState } from "../history/import-job.ts";
import type { ImportOptions, ImportReport, Progress, Resolution } from "../options.ts";
import { readUpload, checkDeclaredLength } from "./body.ts";
import type { Allowed, RouteContext } from "./context.ts";
import { PASSWORD_HEADER } from "./export.ts";
import { COMMON_HEADERS, HttpError, json } from "./http.ts";

const STATUS: Record<ImportState, number> = { invalid: 400, conflicts: 409, busy: 423, failed: 500, preview: 200, ready: 200 };

export async function importHandler<Client>(context: RouteContext<Client>, { request, url, actor }: Allowed): Promise<Response> {
  const { store, maxUploadBytes } = context;
  checkDeclaredLength(request, maxUploadBytes);
  const multipart = /^multipart\/form-data/i.test(request.headers.get("content-type") ?? "");
  if (!multipart && !truthy(url.searchParams.get("dryRun"))) {
    // Refuse before the upload when another import clearly holds the lock.
    const holder = await readImportLock(store.dir);
    if (holder && !isStale(holder, DEFAULT_STALE_AFTER_MS, context.now())) throw new HttpError(423, "import_running", new LockedError(holder).message);
  }
  const upload = await readUpload(request, maxUploadBytes);
  const setting = (name: string) => upload.fields[name] ?? url.searchParams.get(name) ?? undefined;
  const dryRun = truthy(setting("dryRun") ?? setting("dry_run"));
  const mode = parseMode(setting("mode"));
  const resolutions = parseResolutions(setting("resolve"), setting("resolutions"));
  const password = request.headers.get(PASSWORD_HEADER) ?? upload.fields.password ?? undefined;

  const job = await startImport({
    ...jobBase(context, actor),
    bytes: upload.bytes,
    maxBytes: context.maxDecompressedBytes,
    ...(upload.fileName ? { fileName: upload.fileName } : {}),
    ...(password ? { password } : {}),
    dryRun,
    ...(mode ? { mode } : {}),
    ...(resolutions ? { resolutions } : {}),
  });
  if (job.state !== "ready") return jobResponse(job);

  const accept = request.headers.get("accept") ?? "";
  const framing = /application\/x-ndjson/i.test(accept) ? "ndjson" : /text\/event-stream/i.test(accept) ? "sse" : undefined;
  if (!framing) {
    const report = await job.commit();
    return report.ok ? json(report) : json(failed(report), 500);
  }
  return streamCommit(job, framing);
}

function jobBase<Client>(context: RouteContext<Client>, actor: Allowed["actor"]) {
  return {
    backup: context.options.backup,
    prisma: context.options.prisma,
    store: context.store,
    audit: context.audit,
    actor,
    now: context.now,
    status: (state: ImportState, report: ImportReport) => (state === "ready" && !report.ok ? 500 : STATUS[state]),
  };
}

function jobResponse(job: ImportJob): Response {
  const { report } = job;
  switch (job.state) {
    case "busy":
      return json({ error: "import_running", message: report.errors[0]!.message, report }, 423);
    case "invalid":
      return json({ error: report.errors[0]?.code ?? "invalid_file", message: `The file cannot be imported: ${report.errors[0]?.message ?? "it is invalid"}`, problems: report.errors, report }, 400);
    case "conflicts":
      return json({ error: "conflicts", message: `${report.conflicts.length} conflict${report.conflicts.length > 1 ? "s" : ""} await a decision: answer each (resolutions) or all at once (resolve=existing|incoming), then import again. Nothing was written.`, conflicts: report.conflicts, report }, 409);
    case "failed":
      return json(failed(report), 500);
    default:
      return json(report);
  }
}

function failed(report: ImportReport) {
  return { error: "import_failed", message: `The import failed and nothing was written: ${report.errors[0]?.message ?? "unknown error"}`, problems: report.errors, report };
}

function streamCommit(job: ImportJob, framing: "ndjson" | "sse"): Response {
  const encoder = new TextEncoder();
  const frame = (event: Record<string, unknown>) =>
    encoder.encode(framing === "ndjson" ? `${JSON.stringify(event)}\n` : `event: ${String(event.type)}\ndata: ${JSON.stringify(event)}\n\n`);
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      let open = true;
      const send = (event: Record<string, unknown>) => {
        if (!open) return;
        try {
          controller.enqueue(frame(event));
        } catch {
          open = false; // the client went away; the import still finishes and is audited
        }
      };
      send({ type: "analysed", report: job.report });
      const report = await job.commit((progress: Progress) => send({ type: "progress", ...progress }));
      send({ type: "report", status: report.ok ? 200 : 500, ...report });
      if (open) controller.close();
    },
  });
  return new Response(body, {
    headers: {
      ...COMMON_HEADERS,
      "Content-Type": framing === "ndjson" ? "application/x-ndjson; charset=utf-8" : "text/event-stream; charset=utf-8",
      "X-Accel-Buffering": "no",
    },
  });
}

function truthy(value: string | null | undefined): boolean {
  return value !== null && value !== undefined && /^(1|true|yes|on)$/i.test(value);
}

function parseMode(value: string | undefined): ImportOptions["mode"] {
  if (value === undefined || value === "") return undefined;
  if (value === "merge" || value === "replace") return value;
  throw new HttpError(400, "invalid_request", `mode must be "merge" or "replace" (got "${value}").`);
}

function parseResolution(value: unknown, where: string): Resolution {
  if (value === "existing" || value === "incoming") return value;
  throw new HttpError(400, "invalid_request", `${where} must be "existing" or "incoming" (got ${JSON.stringify(value)}).`);
}

function parseResolutions(resolve: string | undefined, resolutions: string | undefined): ImportOptions["resolutions"] {
  const answers: Record<string, Resolution> = {};
  if (resolutions !== undefined && resolutions !== "") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(resolutions);
    } catch {
      throw new HttpError(400, "invalid_request", 'resolutions must be a JSON object, e.g. {"Invoice:3:status":"incoming"}.');
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new HttpError(400, "invalid_request", 'resolutions must be a JSON object, e.g. {"Invoice:3:status":"incoming"}.');
    }
    for (const [id, answer] of Object.entries(parsed)) answers[id] = parseResolution(answer, `resolutions["${id}"]`);
  }
  if (resolve !== undefined && resolve !== "") answers.default = parseResolution(resolve, "resolve");
  return Object.keys(answers).length > 0 ? answers : undefined;
}

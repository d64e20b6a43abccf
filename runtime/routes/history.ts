/**
 * The server's backups: `GET /api/backup/history` lists them with the health verdict and the
 * latest audit entries (`?audit=N`, default 20); `POST` makes a backup now (kind `manual`, or
 * `?kind=`), then applies retention. `GET|DELETE /api/backup/history/<name>` downloads or
 * deletes one; the name is the URL's last segment.
 */
import { summarizeAudit } from "../audit/metrics.ts";
import { readAll } from "../format/read-all.ts";
import { assessHealth } from "../history/health.ts";
import { readImportLock } from "../history/lock.ts";
import { HistoryError } from "../history/store.ts";
import type { Allowed, RouteContext } from "./context.ts";
import { modulesOf } from "./export.ts";
import { attachment, COMMON_HEADERS, failure, HttpError, json } from "./http.ts";

export async function listHandler<Client>(context: RouteContext<Client>, { url }: Allowed): Promise<Response> {
  const limit = Number(url.searchParams.get("audit") ?? 20);
  if (!Number.isInteger(limit) || limit < 0) throw new HttpError(400, "invalid_request", `?audit= must be a whole number of entries (got "${url.searchParams.get("audit")}").`);
  const backups = await context.store.list();
  const audit = limit > 0 && context.audit.read ? await context.audit.read({ limit }) : [];
  return json({
    backups,
    totalBytes: backups.reduce((sum, b) => sum + b.size, 0),
    retention: context.store.retention,
    health: await healthOf(context, backups),
    audit: audit.reverse(),
  });
}

export async function createHandler<Client>(context: RouteContext<Client>, { url, actor }: Allowed): Promise<Response> {
  const kind = url.searchParams.get("kind") ?? "manual";
  if (!/^[a-z][a-z0-9-]{0,30}$/.test(kind)) throw new HttpError(400, "invalid_request", `?kind= must be a short lowercase word like "manual" or "scheduled" (got "${kind}").`);
  const modules = modulesOf(context, url);
  const { backup, prisma, appVersion } = context.options;
  const bytes = await readAll(backup.exportStream(prisma, { ...(modules ? { modules } : {}), ...(appVersion ? { appVersion } : {}), now: context.now }));
  const { entry, pruned } = await context.store.write(bytes, kind, actor);
  return json({ backup: entry, pruned: pruned.map(({ entry: e, reason }) => ({ name: e.name, reason })) }, 201);
}

export async function downloadHandler<Client>(context: RouteContext<Client>, { url, clock }: Allowed): Promise<Response> {
  const name = nameOf(url);
  try {
    const entry = await context.store.get(name);
    const bytes = await context.store.read(name);
    await clock.record({ outcome: "success", file: name, bytes: bytes.length, kind: entry.kind });
    return new Response(bytes as Uint8Array<ArrayBuffer>, {
      headers: {
        ...COMMON_HEADERS,
        "Content-Type": entry.encrypted ? "application/octet-stream" : entry.compressed ? "application/gzip" : "application/json; charset=utf-8",
        "Content-Length": String(bytes.length),
        "Content-Disposition": attachment(name),
        "X-Backup-Sha256": entry.sha256,
        ...(entry.totalRecords !== null ? { "X-Backup-Records": String(entry.totalRecords) } : {}),
      },
    });
  } catch (error) {
    throw historyHttpError(error);
  }
}

export async function deleteHandler<Client>(context: RouteContext<Client>, { url, actor }: Allowed): Promise<Response> {
  try {
    return json({ deleted: await context.store.remove(nameOf(url), actor) });
  } catch (error) {
    // The store audited it already: answer without a second entry.
    const http = historyHttpError(error);
    return http instanceof HttpError ? http.toResponse() : failure(500, "internal_error", `The server failed: ${http.message}`);
  }
}

export async function healthHandler<Client>(context: RouteContext<Client>): Promise<Response> {
  return json(await healthOf(context, await context.store.list()));
}

export async function metricsHandler<Client>(context: RouteContext<Client>): Promise<Response> {
  const backups = await context.store.list();
  const byKind: Record<string, { count: number; totalBytes: number; newest: string | null }> = {};
  for (const b of backups) {
    const bucket = (byKind[b.kind] ??= { count: 0, totalBytes: 0, newest: null });
    bucket.count++;
    bucket.totalBytes += b.size;
    bucket.newest = bucket.newest && bucket.newest > b.createdAt ? bucket.newest : b.createdAt;
  }
  const entries = context.audit.read ? await context.audit.read() : [];
  return json({ audit: summarizeAudit(entries), history: { count: backups.length, totalBytes: backups.reduce((sum, b) => sum + b.size, 0), byKind } });
}

async function healthOf<Client>(context: RouteContext<Client>, backups: Awaited<ReturnType<RouteContext<Client>["store"]["list"]>>) {
  const entries = context.audit.read ? await context.audit.read() : undefined;
  const lock = await readImportLock(context.store.dir);
  const cap = context.store.retention ? context.store.retention.maxTotalBytes : undefined;
  return assessHealth(backups, {
    now: context.now(),
    ...(context.options.healthMaxAgeMs !== undefined ? { maxAgeMs: context.options.healthMaxAgeMs } : {}),
    ...(cap !== undefined ? { maxTotalBytes: cap } : {}),
    ...(entries ? { metrics: summarizeAudit(entries) } : {}),
    ...(lock ? { lock } : {}),
  });
}

function nameOf(url: URL): string {
  const segment = url.pathname.split("/").filter(Boolean).at(-1) ?? "";
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, "invalid_name", `"${segment}" is not the name of a backup file.`);
  }
}

function historyHttpError(error: unknown): Error {
  if (error instanceof HistoryError) return new HttpError(error.code === "not_found" ? 404 : 400, error.code, error.message);
  return error instanceof Error ? error : new Error(String(error));
}

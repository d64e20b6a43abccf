/**
 * What every handler shares: the options, the history store, the audit sink, and the wrapper
 * that checks the method, asks `authorize`, refuses cross-site writes, turns thrown HttpErrors
 * into responses and leaves an audit entry for every refusal.
 */
import { join } from "node:path";
import { AuditClock, errorOf, jsonLinesAuditSink, type AuditAction, type AuditSink } from "../audit/log.ts";
import type { Backup } from "../backup.ts";
import { DEFAULT_MAX_BYTES } from "../format/open.ts";
import type { RetentionPolicy } from "../history/retention.ts";
import { BackupStore, type Actor } from "../history/store.ts";
import type { JsonValue } from "../schema.ts";
import { checkAuthorization, type Authorize, type BackupAction } from "./auth.ts";
import { failure, HttpError } from "./http.ts";
import { crossSiteReason } from "./origin.ts";

export interface BackupRoutesOptions<Client> {
  /** The app's Prisma client. */
  readonly prisma: Client;
  /** The generated backup module's `backup`. */
  readonly backup: Backup<Client>;
  /** The app's authentication (see auth.ts and docs/SERVER.md). */
  readonly authorize: Authorize;
  /** Where the server keeps its backups, its audit log and the import lock. */
  readonly backupDir: string;
  /** Names the downloaded files: `<appName>-backup-YYYY-MM-DD-HHmm.json.gz` (default `app`). */
  readonly appName?: string;
  /** Written into each export's metadata. */
  readonly appVersion?: string;
  /** Largest accepted upload, in bytes (default 100 MB). */
  readonly maxUploadBytes?: number;
  /**
   * Largest document an uploaded file may decompress to, in bytes (default 20 × maxUploadBytes,
   * more than any real backup's gzip ratio needs, and at most the import's own default, 1 GB).
   * Decompression stops there: a small gzip bomb costs no more memory and time than this.
   */
  readonly maxDecompressedBytes?: number;
  /** Audit sink (default: `audit.log.jsonl` in backupDir). */
  readonly audit?: AuditSink;
  /** Retention after each backup the server writes (default DEFAULT_RETENTION); `false` keeps all. */
  readonly retention?: Partial<RetentionPolicy> | false;
  /** The newest backup may be this old before health warns (default one day). */
  readonly healthMaxAgeMs?: number;
  /** Origins allowed to post besides the request's own host (e.g. behind a proxy that rewrites Host). */
  readonly trustedOrigins?: readonly string[];
  /** Time zone of the date in download names (default UTC). */
  readonly fileNameTimeZone?: string;
  readonly now?: () => Date;
}

export const DEFAULT_MAX_UPLOAD_BYTES = 100 * 1024 * 1024;
/** A backup's JSON gzips about 6 times smaller (docs/BENCHMARKS.md, "gz ratio"): 20 leaves room for any real file. */
export const DECOMPRESSED_PER_UPLOADED_BYTE = 20;

export interface RouteContext<Client> {
  readonly options: BackupRoutesOptions<Client>;
  readonly store: BackupStore;
  readonly audit: AuditSink;
  readonly now: () => Date;
  readonly appName: string;
  readonly maxUploadBytes: number;
  readonly maxDecompressedBytes: number;
}

export function routeContext<Client>(options: BackupRoutesOptions<Client>, appName: string): RouteContext<Client> {
  const audit = options.audit ?? jsonLinesAuditSink(join(options.backupDir, "audit.log.jsonl"));
  const now = options.now ?? (() => new Date());
  const maxUploadBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  return {
    options,
    audit,
    now,
    appName,
    maxUploadBytes,
    maxDecompressedBytes: options.maxDecompressedBytes ?? Math.min(maxUploadBytes * DECOMPRESSED_PER_UPLOADED_BYTE, DEFAULT_MAX_BYTES),
    store: new BackupStore({ dir: options.backupDir, appName, audit, now, ...(options.retention !== undefined ? { retention: options.retention } : {}) }),
  };
}

export interface Allowed {
  readonly request: Request;
  readonly url: URL;
  readonly actor: Actor;
  /** The audit clock started when the request arrived. */
  readonly clock: AuditClock;
}

type Handler<Client> = (context: RouteContext<Client>, allowed: Allowed) => Promise<Response>;

/** Which audit action a refusal is recorded under, for each permission asked. */
const AUDITED: Partial<Record<BackupAction, AuditAction>> = { export: "export", import: "import", backup: "backup", download: "download", delete: "delete" };

export function handle<Client>(
  context: RouteContext<Client>,
  methods: Readonly<Record<string, { action: BackupAction; handler: Handler<Client>; sameSite?: boolean }>>,
): (request: Request) => Promise<Response> {
  const allow = Object.keys(methods).join(", ");
  return async (request) => {
    const route = methods[request.method.toUpperCase()];
    if (!route) return failure(405, "method_not_allowed", `Use ${allow}.`, {}, { Allow: allow });
    const auditAction = AUDITED[route.action];
    const clock = (who: JsonValue) => new AuditClock(auditAction ? context.audit : undefined, { action: auditAction ?? "export", who, via: "http" }, context.now);
    let who: JsonValue = null;
    try {
      const authorization = await checkAuthorization(context.options.authorize, request, route.action);
      if (!authorization.ok) {
        await clock(null).record({ outcome: "refused", status: authorization.status, error: { code: authorization.status === 401 ? "unauthorized" : "forbidden", message: authorization.message } });
        return authorization.response ?? failure(authorization.status, authorization.status === 401 ? "unauthorized" : "forbidden", authorization.message);
      }
      who = authorization.who;
      if (route.sameSite) {
        const reason = crossSiteReason(request, context.options.trustedOrigins);
        if (reason) throw new HttpError(403, "cross_site", reason);
      }
      return await route.handler(context, { request, url: new URL(request.url), actor: { who, via: "http" }, clock: clock(who) });
    } catch (error) {
      const refusal = error instanceof HttpError ? error : undefined;
      await clock(who)
        .record({ outcome: refusal && refusal.status < 500 ? "refused" : "failure", status: refusal?.status ?? 500, error: errorOf(error) })
        .catch(() => {});
      return refusal ? refusal.toResponse() : failure(500, "internal_error", `The server failed: ${errorOf(error).message}`);
    }
  };
}

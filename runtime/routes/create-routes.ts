/**
 * `createBackupRoutes`: the backup routes as Web-standard handlers, `(request) => Response`,
 * independent of any framework. A Next.js app exports them as they are:
 *
 *     // app/api/backup/export/route.ts
 *     export const GET = routes.export;
 *     // app/api/backup/history/[name]/route.ts
 *     export const GET = routes.historyFile;
 *     export const DELETE = routes.historyFile;
 *
 * Each handler answers only its methods (405 otherwise), asks `authorize` first, and leaves
 * an audit entry for every export, import, backup, download, deletion and refusal.
 */
import { BackupStore } from "../history/store.ts";
import type { AuditSink } from "../audit/log.ts";
import { handle, routeContext, type BackupRoutesOptions } from "./context.ts";
import { estimateHandler, exportHandler } from "./export.ts";
import { createHandler, deleteHandler, downloadHandler, healthHandler, listHandler, metricsHandler } from "./history.ts";
import { slug } from "./http.ts";
import { importHandler } from "./import.ts";

export type RouteHandler = (request: Request) => Promise<Response>;

export interface BackupRoutes {
  /** GET: the backup file, streamed. */
  readonly export: RouteHandler;
  /** GET: counts, expected size, advice tier. */
  readonly estimate: RouteHandler;
  /** POST: import a file (dry run, merge or replace, progress events). */
  readonly import: RouteHandler;
  /** GET: backups kept on the server, health, recent audit entries. POST: make one now. */
  readonly history: RouteHandler;
  /** GET: download one kept backup; DELETE: delete it (name = last URL segment). */
  readonly historyFile: RouteHandler;
  /** GET: the health verdict. */
  readonly health: RouteHandler;
  /** GET: audit metrics and backups per kind. */
  readonly metrics: RouteHandler;
  /** The history directory, for the app's own jobs (e.g. a scheduled backup). */
  readonly store: BackupStore;
  readonly audit: AuditSink;
}

export function createBackupRoutes<Client>(options: BackupRoutesOptions<Client>): BackupRoutes {
  const context = routeContext(options, slug(options.appName ?? "app"));
  return {
    export: handle(context, { GET: { action: "export", handler: exportHandler } }),
    estimate: handle(context, { GET: { action: "estimate", handler: estimateHandler } }),
    import: handle(context, { POST: { action: "import", handler: importHandler, sameSite: true } }),
    history: handle(context, {
      GET: { action: "history", handler: listHandler },
      POST: { action: "backup", handler: createHandler, sameSite: true },
    }),
    historyFile: handle(context, {
      GET: { action: "download", handler: downloadHandler },
      DELETE: { action: "delete", handler: deleteHandler, sameSite: true },
    }),
    health: handle(context, { GET: { action: "health", handler: healthHandler } }),
    metrics: handle(context, { GET: { action: "metrics", handler: metricsHandler } }),
    store: context.store,
    audit: context.audit,
  };
}

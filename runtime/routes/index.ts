/** The server side of prisma-backup: Web-standard route handlers (see docs/SERVER.md). */
export { createBackupRoutes } from "./create-routes.ts";
export type { BackupRoutes, RouteHandler } from "./create-routes.ts";
export type { BackupRoutesOptions } from "./context.ts";
export { DEFAULT_MAX_UPLOAD_BYTES } from "./context.ts";
export { bearerSecret, deny } from "./auth.ts";
export type { Authorize, AuthorizeResult, BackupAction, Denial } from "./auth.ts";
export { estimateExport } from "./estimate.ts";
export type { EstimateTier, ExportEstimate } from "./estimate.ts";
export { PASSWORD_HEADER } from "./export.ts";
export { nodeListener } from "./node.ts";

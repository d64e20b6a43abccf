/** GET /api/backup/metrics: audit metrics: the runtime's handler as it is (see app/_lib/backup.ts). */
import { routes } from "../../../_lib/backup.ts";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = routes.metrics;

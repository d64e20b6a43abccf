/** GET /api/backup/export: the backup file, streamed: the runtime's handler as it is (see app/_lib/backup.ts). */
import { routes } from "../../../_lib/backup.ts";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = routes.export;

/** GET /api/backup/history/NAME: download a kept backup; DELETE: remove it: the runtime's handler as it is (see app/_lib/backup.ts). */
import { routes } from "../../../../_lib/backup.ts";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = routes.historyFile;
export const DELETE = routes.historyFile;

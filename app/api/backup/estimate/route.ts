/** GET /api/backup/estimate: counts and expected size: the runtime's handler as it is (see app/_lib/backup.ts). */
import { routes } from "../../../_lib/backup.ts";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = routes.estimate;

/** Route tests' shared setup: a seeded database, the routes bound to it with a fixed clock, and request builders. */
import { gunzipSync } from "node:zlib";
import { memoryAuditSink } from "../../runtime/audit/log.ts";
import { createBackupRoutes, deny, type BackupRoutesOptions } from "../../runtime/routes/index.ts";
import { backup } from "../../generated/backup/index.ts";
import type { PrismaClient } from "../../generated/prisma/client.ts";
import { createTestDatabase, seedSmall, type TestDatabase } from "./support.ts";

export const BASE = "http://app.test/api/backup";
export const NOW = new Date("2026-03-15T10:07:00.000Z");
export const ADMIN = { Authorization: "Bearer admin-secret" };

/** Bearer admin-secret → admin; Bearer viewer → may read but not import or delete; anything else → 401. */
export function testAuthorize(request: Request, action: string) {
  const token = request.headers.get("authorization");
  if (token === "Bearer admin-secret") return { user: "admin" };
  if (token === "Bearer viewer") return ["import", "delete", "backup"].includes(action) ? deny(403, "Viewers cannot change data.") : { user: "viewer" };
  return undefined;
}

export interface Setup {
  readonly db: TestDatabase;
  readonly routes: ReturnType<typeof createBackupRoutes>;
  readonly audit: ReturnType<typeof memoryAuditSink>;
}

export async function setup(options: { seed?: boolean; routes?: Partial<BackupRoutesOptions<PrismaClient>> } = {}): Promise<Setup> {
  const db = await createTestDatabase();
  if (options.seed ?? true) await seedSmall(db.prisma);
  const audit = memoryAuditSink();
  const routes = createBackupRoutes<PrismaClient>({
    prisma: db.prisma,
    backup,
    authorize: testAuthorize,
    backupDir: `${db.dir}/backups`,
    appName: "Alami Gestion",
    appVersion: "2.1.0",
    maxUploadBytes: 1024 * 1024,
    audit,
    now: () => NOW,
    ...options.routes,
  });
  return { db, routes, audit };
}

export function get(path: string, headers: Record<string, string> = ADMIN): Request {
  return new Request(`${BASE}${path}`, { headers });
}

export function post(path: string, body: BodyInit | null, headers: Record<string, string> = {}): Request {
  return new Request(`${BASE}${path}`, { method: "POST", body, headers: { ...ADMIN, ...headers }, ...(body instanceof ReadableStream ? { duplex: "half" } : {}) } as RequestInit);
}

export async function bytesOf(response: Response): Promise<Uint8Array> {
  return new Uint8Array(await response.arrayBuffer());
}

export function text(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes[0] === 0x1f ? gunzipSync(bytes) : bytes);
}

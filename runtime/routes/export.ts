/**
 * `GET /api/backup/export`: the backup file, streamed while the database is read.
 * `?modules=a,b` exports those modules only; `?compress=0` sends plain JSON. The response
 * has no Content-Length (the file is written as it streams) but says how many records and
 * about how many bytes to expect (`X-Backup-Records`, `X-Backup-Estimated-Bytes`), so a
 * progress bar is possible. A password in `X-Backup-Password` encrypts the file: the whole
 * file is then built in memory first (AES-GCM seals in one piece).
 * `POST /api/backup/history` uses `exportToHistory` to keep a backup on the server instead.
 */
import type { ExportOptions } from "../options.ts";
import { encryptBackup } from "../crypto/envelope.ts";
import { readAll } from "../format/read-all.ts";
import type { Allowed, RouteContext } from "./context.ts";
import { estimateExport } from "./estimate.ts";
import { attachment, COMMON_HEADERS, exportFileName, flag, HttpError, json } from "./http.ts";

export const PASSWORD_HEADER = "x-backup-password";

/** `?modules=a,b`, checked against the schema's modules (400 lists the valid ones). */
export function modulesOf<Client>(context: RouteContext<Client>, url: URL): string[] | undefined {
  const raw = url.searchParams.get("modules");
  if (raw === null || raw.trim() === "") return undefined;
  const modules = [...new Set(raw.split(",").map((m) => m.trim()).filter(Boolean))];
  const known = context.options.backup.schema.modules;
  const unknown = modules.filter((m) => !known.includes(m));
  if (unknown.length > 0) {
    throw new HttpError(400, "unknown_module", `Unknown module${unknown.length > 1 ? "s" : ""} ${unknown.map((m) => `"${m}"`).join(", ")}; this app has ${known.map((m) => `"${m}"`).join(", ")}.`, { modules: known });
  }
  return modules;
}

export async function exportHandler<Client>(context: RouteContext<Client>, { request, url, clock }: Allowed): Promise<Response> {
  const { backup, prisma, appVersion } = context.options;
  const modules = modulesOf(context, url);
  const compress = flag(url, "compress", true);
  const password = request.headers.get(PASSWORD_HEADER) ?? undefined;
  const estimate = await estimateExport(backup, prisma, { ...(modules ? { modules } : {}), compress });
  const exportOptions: ExportOptions = { compress, ...(modules ? { modules } : {}), ...(appVersion ? { appVersion } : {}), now: context.now };
  const fileName = exportFileName(context.appName, context.now(), { compress, encrypted: Boolean(password), ...(context.options.fileNameTimeZone ? { timeZone: context.options.fileNameTimeZone } : {}) });
  const audited = { file: fileName, records: estimate.totalRecords, ...(modules ? { modules } : {}), encrypted: Boolean(password) };
  const headers = {
    ...COMMON_HEADERS,
    "Content-Disposition": attachment(fileName),
    "X-Backup-Records": String(estimate.totalRecords),
    "X-Backup-Estimated-Bytes": String(estimate.estimatedBytes),
  };

  if (password) {
    const bytes = await encryptBackup(await readAll(backup.exportStream(prisma, exportOptions)), password).catch((error: unknown) => {
      throw new HttpError(400, (error as { code?: string }).code ?? "invalid_password", error instanceof Error ? error.message : String(error));
    });
    await clock.record({ outcome: "success", bytes: bytes.length, ...audited });
    return new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { ...headers, "Content-Type": "application/octet-stream", "Content-Length": String(bytes.length) } });
  }

  const source = backup.exportStream(prisma, exportOptions).getReader();
  let bytes = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await source.read();
        if (done) {
          controller.close();
          await clock.record({ outcome: "success", bytes, ...audited });
          return;
        }
        bytes += value.length;
        controller.enqueue(value);
      } catch (error) {
        controller.error(error);
        await clock.record({ outcome: "failure", bytes, ...audited, error: { code: "export_failed", message: error instanceof Error ? error.message : String(error) } });
      }
    },
    async cancel(reason) {
      await source.cancel(reason).catch(() => {});
      await clock.record({ outcome: "refused", bytes, ...audited, error: { code: "cancelled", message: "The download was cancelled before the end." } });
    },
  });
  return new Response(body, { headers: { ...headers, "Content-Type": compress ? "application/gzip" : "application/json; charset=utf-8" } });
}

/** `GET /api/backup/estimate`: counts, expected size and the advice tier. */
export async function estimateHandler<Client>(context: RouteContext<Client>, { url }: Allowed): Promise<Response> {
  const modules = modulesOf(context, url);
  return json(await estimateExport(context.options.backup, context.options.prisma, { ...(modules ? { modules } : {}), compress: flag(url, "compress", true) }));
}

/**
 * Small Web-standard response helpers shared by the handlers: JSON bodies with the headers
 * every backup response carries, and the error body shape `{ error, message, ... }`.
 */

/** Headers on every response: backups and their metadata are private and never cached. */
export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
};

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(`${JSON.stringify(body)}\n`, {
    status,
    headers: { ...COMMON_HEADERS, "Content-Type": "application/json; charset=utf-8", ...headers },
  });
}

/** An error response: a stable code, a message for people, and any details. */
export function failure(status: number, error: string, message: string, details: Record<string, unknown> = {}, headers: Record<string, string> = {}): Response {
  return json({ error, message, ...details }, status, headers);
}

/** Thrown inside a handler to answer with this status; the wrapper turns it into a response. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "HttpError";
  }

  toResponse(): Response {
    return failure(this.status, this.code, this.message, this.details, this.headers);
  }
}

/** `attachment; filename="…"` with an RFC 5987 fallback for names outside ASCII. */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return ascii === fileName ? `attachment; filename="${fileName}"` : `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** `<app>-backup-YYYY-MM-DD-HHmm.json.gz` in the given time zone (default UTC). */
export function exportFileName(appName: string, date: Date, options: { compress: boolean; encrypted: boolean; timeZone?: string }): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone: options.timeZone ?? "UTC", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  const stamp = `${parts.year}-${parts.month}-${parts.day}-${parts.hour}${parts.minute}`;
  return `${appName}-backup-${stamp}.json${options.compress ? ".gz" : ""}${options.encrypted ? ".enc" : ""}`;
}

/** The slug of an app's name for file names: `Alami Gestion` → `alami-gestion`. */
export function slug(name: string): string {
  return name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "app";
}

/** A query flag: `1`, `true`, `yes` (or present without a value) are true; `0`, `false`, `no` false. */
export function flag(url: URL, name: string, fallback: boolean): boolean {
  const value = url.searchParams.get(name);
  if (value === null) return fallback;
  if (/^(1|true|yes|on|)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new HttpError(400, "invalid_request", `?${name}= must be 1 or 0 (got "${value}").`);
}

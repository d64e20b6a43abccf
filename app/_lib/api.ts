/**
 * The browser's side of the backup routes (`app/api/backup/*`): their URLs and small typed
 * calls. Browser-safe.
 */
import { httpError, readNdjson, type HttpError } from "../../runtime/browser/index.ts";
import type { ImportReport, Problem, Progress, Resolution } from "../../runtime/options.ts";

export const EXPORT_URL = "/api/backup/export";
export const ESTIMATE_URL = "/api/backup/estimate";
export const IMPORT_URL = "/api/backup/import";
export const HISTORY_URL = "/api/backup/history";
export const HEALTH_URL = "/api/backup/health";

/** The localStorage namespace of the automatic backup's tracker. */
export const AUTO_BACKUP_NAMESPACE = "alami-gestion";

export type ImportMode = "merge" | "replace";

/** What the estimate route says before an export. */
export interface Estimate {
  readonly bytes: number;
  readonly records: number;
  readonly advice: "normal" | "warn" | "selective";
}

/** The server refused the file or the import: its problems, in the runtime's terms. */
export class ImportRefused extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly problems: readonly Problem[],
    readonly report?: ImportReport,
  ) {
    super(message);
    this.name = "ImportRefused";
  }
}

export async function fetchEstimate(): Promise<Estimate> {
  const response = await fetch(ESTIMATE_URL, { credentials: "same-origin" });
  if (!response.ok) throw await httpError(response);
  const body = (await response.json()) as Record<string, unknown>;
  return parseEstimate(body);
}

function parseEstimate(body: Record<string, unknown>): Estimate {
  const number = (...values: unknown[]) => values.find((value): value is number => typeof value === "number") ?? 0;
  const advice = body.tier;
  return {
    bytes: number(body.estimatedBytes, body.bytes, body.compressedBytes),
    records: number(body.totalRecords, body.records),
    advice: advice === "warn" || advice === "selective" ? advice : "normal",
  };
}

function importUrl(params: Record<string, string | undefined>): string {
  const query = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return `${IMPORT_URL}?${query}`;
}

/** Reads a refusal (400, 409, 413, 423…) into ImportRefused, or returns the report of a 409 with conflicts. */
async function refusal(response: Response): Promise<ImportRefused> {
  const error: HttpError = await httpError(response);
  const body = error.body as { errors?: Problem[]; problems?: Problem[]; report?: ImportReport } | undefined;
  const report = body?.report ?? (body && "totals" in body ? (body as unknown as ImportReport) : undefined);
  const problems = body?.problems ?? body?.errors ?? report?.errors ?? [];
  return new ImportRefused(refusalMessage(response.status, error.message), response.status, problems, report);
}

function refusalMessage(status: number, message: string): string {
  switch (status) {
    case 400:
      return "le fichier est invalide";
    case 401:
    case 403:
      return "accès refusé (reconnectez-vous)";
    case 413:
      return "le fichier dépasse la taille autorisée par le serveur";
    case 423:
      return "un autre import est déjà en cours ; réessayez dans un instant";
    default:
      return message;
  }
}

/** The server's dry run: what the import would do, and the conflicts to decide. Writes nothing. */
export async function previewImport(file: Blob, mode: ImportMode): Promise<ImportReport> {
  const response = await fetch(importUrl({ dryRun: "1", mode }), { method: "POST", body: file, credentials: "same-origin", headers: { "content-type": "application/octet-stream" } });
  if (response.status === 409) {
    const refused = await refusal(response);
    if (refused.report) return refused.report;
    throw refused;
  }
  if (!response.ok) throw await refusal(response);
  return (await response.json()) as ImportReport;
}

/**
 * The answers to send: one default (the most common choice) and the exceptions, so that a
 * thousand identical answers stay one field.
 */
export function compactResolutions(choices: Readonly<Record<string, Resolution>>): { resolve?: Resolution; resolutions: Record<string, Resolution> } {
  const values = Object.values(choices);
  if (values.length === 0) return { resolutions: {} };
  const incoming = values.filter((value) => value === "incoming").length;
  const common: Resolution = incoming * 2 >= values.length ? "incoming" : "existing";
  const resolutions = Object.fromEntries(Object.entries(choices).filter(([, value]) => value !== common));
  return { resolve: common, resolutions };
}

/** The import itself (a multipart form: the file and the options); progress events as they come, then the final report. */
export async function runImport(
  file: File,
  options: { readonly mode: ImportMode; readonly resolutions: Readonly<Record<string, Resolution>> },
  onProgress: (progress: Progress) => void,
): Promise<ImportReport> {
  const form = new FormData();
  form.append("file", file, file.name);
  form.append("mode", options.mode);
  const { resolve, resolutions } = compactResolutions(options.resolutions);
  if (resolve) form.append("resolve", resolve);
  if (Object.keys(resolutions).length > 0) form.append("resolutions", JSON.stringify(resolutions));
  const response = await fetch(IMPORT_URL, { method: "POST", body: form, credentials: "same-origin", headers: { accept: "application/x-ndjson" } });
  if (response.status === 409) {
    const refused = await refusal(response);
    if (refused.report && refused.report.conflicts.length > 0) return refused.report;
    throw refused;
  }
  if (!response.ok) throw await refusal(response);
  let report: ImportReport | undefined;
  await readNdjson<{ type?: string } & Record<string, unknown>>(response, (event) => {
    if (event.type === "progress") onProgress(event as unknown as Progress);
    else if (event.type === "report") report = event as unknown as ImportReport;
  });
  if (!report) throw new Error("le serveur n’a pas envoyé de rapport d’import (connexion interrompue ?)");
  if (!report.ok) throw new ImportRefused("l’import a échoué, rien n’a été modifié", 500, report.errors, report);
  return report;
}

/** One backup kept on the server (see runtime/history/store.ts). */
export interface HistoryEntry {
  readonly name: string;
  readonly kind: string;
  readonly createdAt: string;
  readonly size: number;
  readonly totalRecords: number | null;
  readonly encrypted: boolean;
  readonly checksum: string | null;
}

export interface HealthIssueView {
  readonly code: string;
  readonly severity: "warning" | "critical";
  readonly message: string;
}

export interface HistoryView {
  readonly entries: readonly HistoryEntry[];
  readonly health?: { readonly status: "ok" | "warning" | "critical"; readonly issues: readonly HealthIssueView[]; readonly successRate: number | null };
}

export async function fetchHistory(): Promise<HistoryView> {
  const response = await fetch(HISTORY_URL, { credentials: "same-origin" });
  if (!response.ok) throw await httpError(response);
  const body = (await response.json()) as { backups: HistoryEntry[]; health?: HistoryView["health"] };
  return { entries: body.backups, ...(body.health ? { health: body.health } : {}) };
}

/** Asks the server to write a backup into its history now. */
export async function backupOnServer(): Promise<HistoryEntry> {
  const response = await fetch(`${HISTORY_URL}?kind=manual`, { method: "POST", credentials: "same-origin" });
  if (!response.ok) throw await httpError(response);
  return ((await response.json()) as { backup: HistoryEntry }).backup;
}

export function historyFileUrl(name: string): string {
  return `${HISTORY_URL}/${encodeURIComponent(name)}`;
}

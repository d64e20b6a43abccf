/**
 * Downloading a backup with a progress bar: read the response body chunk by chunk (the export
 * streams, so `Content-Length` is often unknown: the caller may pass the estimated size as the
 * total), keep the server's file name from `Content-Disposition`, then hand the file to the
 * browser's own download. Errors carry the server's message when it sent one.
 */

export interface DownloadProgress {
  readonly received: number;
  /** Expected bytes: `Content-Length`, else the caller's estimate, else undefined. */
  readonly total?: number;
}

export interface DownloadOptions {
  readonly onProgress?: (progress: DownloadProgress) => void;
  /** Used as the total when the response has no `Content-Length`. */
  readonly expectedBytes?: number;
  readonly signal?: AbortSignal;
  /** Default: `backup.json.gz`. */
  readonly fallbackName?: string;
  readonly fetch?: typeof fetch;
}

export interface Downloaded {
  readonly blob: Blob;
  readonly fileName: string;
  readonly size: number;
}

/** An HTTP error, with the JSON body's `error`/`message` when the server sent one. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body?: unknown,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export async function fetchWithProgress(url: string, options: DownloadOptions = {}): Promise<Downloaded> {
  const doFetch = options.fetch ?? fetch;
  const response = await doFetch(url, { credentials: "same-origin", ...(options.signal ? { signal: options.signal } : {}) });
  if (!response.ok) throw await httpError(response);
  const length = Number(response.headers.get("content-length"));
  const total = Number.isFinite(length) && length > 0 ? length : options.expectedBytes;
  const fileName = fileNameFromDisposition(response.headers.get("content-disposition")) ?? options.fallbackName ?? "backup.json.gz";
  const type = response.headers.get("content-type") ?? "application/octet-stream";

  const parts: Uint8Array<ArrayBuffer>[] = [];
  let received = 0;
  const report = () => options.onProgress?.({ received, ...(total !== undefined ? { total: Math.max(total, received) } : {}) });
  report();
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      received += value.length;
      report();
    }
  } else {
    const buffer = new Uint8Array(await response.arrayBuffer());
    parts.push(buffer);
    received = buffer.length;
    report();
  }
  return { blob: new Blob(parts, { type }), fileName, size: received };
}

/** Hands a blob to the browser as a file download. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.rel = "noopener";
  link.style.display = "none";
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in some browsers: give it time to start.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Downloads `url` with progress, then saves it under the server's file name. */
export async function downloadBackup(url: string, options: DownloadOptions = {}): Promise<Downloaded> {
  const downloaded = await fetchWithProgress(url, options);
  saveBlob(downloaded.blob, downloaded.fileName);
  return downloaded;
}

/** The file name of `attachment; filename="x"` or `filename*=UTF-8''x`. */
export function fileNameFromDisposition(header: string | null): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (extended) {
    try {
      return decodeURIComponent(extended[1]!.trim());
    } catch {
      // fall through to the plain form
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/.exec(header);
  const name = plain?.[1]?.replace(/\\(.)/g, "$1") ?? plain?.[2];
  return name ? name.replace(/[/\\]/g, "_") : undefined;
}

/** Builds an HttpError from a failed response, reading its JSON message when there is one. */
export async function httpError(response: Response): Promise<HttpError> {
  let body: unknown;
  let message = `${response.status} ${response.statusText}`.trim();
  try {
    const text = await response.text();
    body = text ? JSON.parse(text) : undefined;
    if (body && typeof body === "object") {
      const record = body as { error?: unknown; message?: unknown };
      const found = typeof record.message === "string" ? record.message : typeof record.error === "string" ? record.error : undefined;
      if (found) message = found;
    }
  } catch {
    // not JSON: keep the status line
  }
  return new HttpError(response.status, message, body);
}

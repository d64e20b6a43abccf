/**
 * Reading an uploaded backup within a size limit: refused from `Content-Length` before any
 * byte is read, and counted while streaming when the length is unknown (chunked uploads), so
 * an oversized upload is never read whole. The body is the file itself, or a multipart form
 * whose first file field is the backup (other fields carry the import's options).
 */
import { formatBytes } from "../format/open.ts";
import { readAll } from "../format/read-all.ts";
import { BackupError } from "../problems.ts";
import { HttpError } from "./http.ts";

export interface Upload {
  readonly bytes: Uint8Array;
  /** The uploaded file's name, when the form gave one. */
  readonly fileName?: string;
  /** Text fields of a multipart form. */
  readonly fields: Readonly<Record<string, string>>;
}

/** Room for a multipart form's boundaries and small fields beyond the file itself. */
const FORM_OVERHEAD = 64 * 1024;

export function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, "too_large", `The file is larger than the ${formatBytes(maxBytes)} this server accepts. Export a selective backup (fewer modules), or raise maxUploadBytes.`, { maxBytes });
}

/** Refuses from the declared length alone, before reading. */
export function checkDeclaredLength(request: Request, maxBytes: number): void {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes + (isMultipart(request) ? FORM_OVERHEAD : 0)) throw tooLarge(maxBytes);
}

export async function readUpload(request: Request, maxBytes: number): Promise<Upload> {
  checkDeclaredLength(request, maxBytes);
  if (!request.body) throw new HttpError(400, "empty_file", "The request has no body: send the backup file as the body, or as a multipart form field.");
  if (!isMultipart(request)) return { bytes: await readLimited(request.body, maxBytes), fields: {} };

  const limited = limitStream(request.body, maxBytes + FORM_OVERHEAD, maxBytes);
  let form: FormData;
  try {
    form = await new Response(limited, { headers: { "content-type": request.headers.get("content-type")! } }).formData();
  } catch (error) {
    if (error instanceof HttpError) throw error;
    if (error instanceof Error && error.cause instanceof HttpError) throw error.cause;
    throw new HttpError(400, "invalid_request", `The multipart form could not be read (${error instanceof Error ? error.message : String(error)}).`);
  }
  const fields: Record<string, string> = {};
  let file: File | undefined;
  for (const [name, value] of form.entries()) {
    if (typeof value === "string") fields[name] = value;
    else if (!file || name === "file") file = value;
  }
  if (!file) throw new HttpError(400, "empty_file", 'The form has no file: send the backup in a file field named "file".');
  if (file.size > maxBytes) throw tooLarge(maxBytes);
  return { bytes: new Uint8Array(await file.arrayBuffer()), fileName: file.name, fields };
}

function isMultipart(request: Request): boolean {
  return /^multipart\/form-data/i.test(request.headers.get("content-type") ?? "");
}

async function readLimited(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  try {
    return await readAll(body, maxBytes);
  } catch (error) {
    if (error instanceof BackupError && error.problems[0]?.code === "too_large") throw tooLarge(maxBytes);
    throw error;
  }
}

/** The same stream, erroring with 413 once more than `limit` bytes went through. */
function limitStream(body: ReadableStream<Uint8Array>, limit: number, maxBytes: number): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let length = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) return controller.close();
      length += value.length;
      if (length > limit) {
        await reader.cancel().catch(() => {});
        return controller.error(tooLarge(maxBytes));
      }
      controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

/**
 * Verifying a file in a Web Worker, so that decompressing and validating a large backup never
 * freezes the page. The app owns the worker file (it binds the generated schema):
 *
 *     // verify.worker.ts
 *     import { serveVerification } from "prisma-backup/runtime/browser";
 *     import { definition } from "../generated/backup/browser";
 *     serveVerification(definition);
 *
 *     // in the page
 *     const worker = new Worker(new URL("./verify.worker.ts", import.meta.url), { type: "module" });
 *     const result = await verifyInWorker(worker, file, { onStage });
 */
import { verifyBackup, type Verification, type VerifyDefinition, type VerifyStage } from "./verify.ts";

type Request = { readonly id: number; readonly bytes: ArrayBuffer; readonly maxBytes?: number };
type Reply =
  | { readonly id: number; readonly type: "stage"; readonly stage: VerifyStage }
  | { readonly id: number; readonly type: "result"; readonly result: Verification }
  | { readonly id: number; readonly type: "error"; readonly message: string };

/** The worker's side: answers every request posted to `scope` (the worker's global scope). */
export function serveVerification(definition: VerifyDefinition, scope: WorkerLike = globalThis as unknown as WorkerLike): void {
  scope.onmessage = async (event: MessageEvent<Request>) => {
    const { id, bytes, maxBytes } = event.data;
    const reply = (message: Reply) => scope.postMessage(message);
    try {
      const result = await verifyBackup(definition, new Uint8Array(bytes), {
        ...(maxBytes !== undefined ? { maxBytes } : {}),
        onStage: (stage) => reply({ id, type: "stage", stage }),
      });
      reply({ id, type: "result", result });
    } catch (error) {
      reply({ id, type: "error", message: error instanceof Error ? error.message : String(error) });
    }
  };
}

/** What both ends need of a Worker or a worker's global scope. */
export interface WorkerLike {
  onmessage: ((event: MessageEvent) => unknown) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}

let nextId = 1;

/** The page's side: sends the file's bytes to the worker (transferred, not copied) and waits for the verdict. */
export async function verifyInWorker(
  worker: WorkerLike & Pick<Worker, "addEventListener" | "removeEventListener">,
  file: Blob | Uint8Array,
  options: { readonly onStage?: (stage: VerifyStage) => void; readonly maxBytes?: number } = {},
): Promise<Verification> {
  const buffer = file instanceof Uint8Array ? file.slice().buffer : await file.arrayBuffer();
  const id = nextId++;
  return new Promise<Verification>((resolve, reject) => {
    const onMessage = (event: MessageEvent<Reply>) => {
      const reply = event.data;
      if (reply.id !== id) return;
      if (reply.type === "stage") {
        options.onStage?.(reply.stage);
        return;
      }
      worker.removeEventListener("message", onMessage as EventListener);
      worker.removeEventListener("error", onError as EventListener);
      if (reply.type === "result") resolve(reply.result);
      else reject(new Error(reply.message));
    };
    const onError = (event: ErrorEvent) => {
      worker.removeEventListener("message", onMessage as EventListener);
      worker.removeEventListener("error", onError as EventListener);
      reject(new Error(event.message || "The verification worker failed to start."));
    };
    worker.addEventListener("message", onMessage as EventListener);
    worker.addEventListener("error", onError as EventListener);
    const request: Request = { id, bytes: buffer, ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}) };
    worker.postMessage(request, [buffer]);
  });
}

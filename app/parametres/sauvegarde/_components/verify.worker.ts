/**
 * The verification worker: checks a dropped file off the page's main thread (decompression,
 * checksum, every record against the generated validators). Browser-only code: the generated
 * `browser.ts` carries the schema and validators, nothing that touches Prisma.
 */
import { definition } from "../../../../generated/backup/browser.ts";
import { serveVerification } from "../../../../runtime/browser/worker.ts";

serveVerification(definition);

/**
 * `prisma-backup verify FILE`: format, checksum and every record, without touching the
 * database. Exit 0 when the file is sound, 3 when it is not.
 */
import { AuditClock } from "../../audit/log.ts";
import type { Backup } from "../../backup.ts";
import { verifyBackup } from "../../history/verify.ts";
import { formatProblem } from "../../problems.ts";
import { readInput, readPasswordFile, type CommandContext } from "../context.ts";
import { EXIT } from "../exit-codes.ts";
import { formatSize } from "../output.ts";
import { parseSize } from "../size.ts";

export async function verifyCommand(context: CommandContext, file: string, options: { passwordFile?: string; maxBytes?: string; json?: boolean }): Promise<number> {
  const maxBytes = options.maxBytes !== undefined ? parseSize("--max-bytes", options.maxBytes) : undefined;
  const password = await readPasswordFile(options.passwordFile);
  const bytes = await readInput(file);
  const clock = new AuditClock(context.audit, { action: "verify", ...context.actor });
  const result = await verifyBackup(context.config.backup as Backup<unknown>, bytes, { ...(password ? { password } : {}), ...(maxBytes !== undefined ? { maxBytes } : {}) });
  await clock.record({
    outcome: result.ok ? "success" : "refused",
    file,
    bytes: bytes.length,
    records: result.totalRecords,
    encrypted: result.encrypted,
    ...(result.errors[0] ? { error: { code: result.errors[0].code, message: result.errors[0].message } } : {}),
  });
  if (options.json) {
    context.out.result(JSON.stringify(result, null, 2));
  } else {
    const lines = [
      result.ok ? `✔ ${file} is a sound backup.` : `✖ ${file} is not a sound backup.`,
      ...result.errors.map((p) => `✖ ${formatProblem(p)}`),
      ...result.warnings.map((p) => `! ${formatProblem(p)}`),
    ];
    if (result.metadata) {
      lines.push(
        `  exported ${result.metadata.exported_at}${result.metadata.app_version ? ` by version ${result.metadata.app_version}` : ""} from ${result.metadata.provider}`,
        `  format ${result.metadata.version}, modules ${result.metadata.modules.join(", ")}, ${result.compressed ? "gzip'd" : "plain JSON"}${result.encrypted ? ", encrypted" : ""}, ${formatSize(result.size)}`,
        `  ${result.totalRecords} records checked: ${Object.entries(result.records).map(([model, n]) => `${model} ${n}`).join(", ")}`,
      );
    }
    if (result.checksum && result.ok) lines.push(`  checksum ${result.checksum}`);
    context.out.result(lines.join("\n"));
  }
  return result.ok ? EXIT.ok : EXIT.invalid;
}

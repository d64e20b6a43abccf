/**
 * `prisma-backup export`: a backup of the database. Without --out it is kept in the backup
 * directory (kind `manual`, or --kind scheduled for a cron job) and retention runs; with
 * --out FILE it is written there (`-` for standard output).
 */
import { createWriteStream } from "node:fs";
import { access, rename, rm } from "node:fs/promises";
import { Writable } from "node:stream";
import { AuditClock, errorOf } from "../../audit/log.ts";
import type { Backup } from "../../backup.ts";
import { encryptBackup } from "../../crypto/envelope.ts";
import { readAll } from "../../format/read-all.ts";
import type { ExportOptions } from "../../options.ts";
import { readPasswordFile, type CommandContext } from "../context.ts";
import { CliError, EXIT } from "../exit-codes.ts";
import { formatSize } from "../output.ts";

export interface ExportCommandOptions {
  readonly out?: string;
  readonly modules?: string;
  readonly compress: boolean;
  readonly passwordFile?: string;
  readonly kind: string;
  readonly force?: boolean;
  readonly json?: boolean;
}

export async function exportCommand(context: CommandContext, options: ExportCommandOptions): Promise<number> {
  const { config, out } = context;
  const backup = config.backup as Backup<unknown>;
  const modules = options.modules?.split(",").map((m) => m.trim()).filter(Boolean);
  const unknown = (modules ?? []).filter((m) => !backup.schema.modules.includes(m));
  if (unknown.length > 0) throw new CliError(EXIT.usage, `Unknown module${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}; this app has ${backup.schema.modules.join(", ")}.`);
  if (!/^[a-z][a-z0-9-]{0,30}$/.test(options.kind)) throw new CliError(EXIT.usage, `--kind must be a short lowercase word like "manual" or "scheduled" (got "${options.kind}").`);
  const password = await readPasswordFile(options.passwordFile);
  const prisma = await context.prisma();
  const bar = options.out === "-" ? undefined : out.progress("Exporting");
  const exportOptions: ExportOptions = {
    compress: options.compress,
    ...(modules ? { modules } : {}),
    ...(config.appVersion ? { appVersion: config.appVersion } : {}),
    ...(bar ? { onProgress: (p) => bar.update(p) } : {}),
  };

  try {
    if (options.out === undefined) {
      if (!options.compress) throw new CliError(EXIT.usage, "--no-compress needs --out: backups kept on the server are gzip'd.");
      let bytes = await readAll(backup.exportStream(prisma, exportOptions));
      if (password) bytes = await encryptBackup(bytes, password);
      bar?.stop();
      const { entry, pruned } = await context.store.write(bytes, options.kind, context.actor);
      if (options.json) out.result(JSON.stringify({ backup: entry, path: context.store.pathOf(entry.name), pruned: pruned.map(({ entry: e, reason }) => ({ name: e.name, reason })) }));
      else {
        out.result(context.store.pathOf(entry.name));
        out.note(`Backup kept on the server: ${entry.name} (${formatSize(entry.size)}, ${entry.totalRecords ?? "?"} records)${pruned.length > 0 ? `; retention deleted ${pruned.length} older backup${pruned.length > 1 ? "s" : ""}` : ""}.`);
      }
      return EXIT.ok;
    }
    return await exportToFile(context, backup, prisma, exportOptions, options, password);
  } finally {
    bar?.stop();
  }
}

async function exportToFile(context: CommandContext, backup: Backup<unknown>, prisma: unknown, exportOptions: ExportOptions, options: ExportCommandOptions, password: string | undefined): Promise<number> {
  const target = options.out!;
  const clock = new AuditClock(context.audit, { action: "export", ...context.actor });
  const audited = { file: target, ...(exportOptions.modules ? { modules: exportOptions.modules } : {}), encrypted: Boolean(password) };
  if (target !== "-" && !options.force && (await exists(target))) throw new CliError(EXIT.error, `${target} already exists: choose another name, or pass --force.`);
  // Written beside the target, then renamed: a failed export never leaves a truncated file.
  const temporary = target === "-" ? undefined : `${target}.${process.pid}.partial`;
  let bytes = 0;
  try {
    let stream = backup.exportStream(prisma, exportOptions);
    if (password) {
      const sealed = await encryptBackup(await readAll(stream), password);
      stream = new Blob([sealed as Uint8Array<ArrayBuffer>]).stream();
    }
    const sink = temporary ? createWriteStream(temporary) : process.stdout;
    const counted = stream.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({ transform: (chunk, controller) => { bytes += chunk.length; controller.enqueue(chunk); } }));
    await counted.pipeTo(Writable.toWeb(sink) as WritableStream<Uint8Array>, { preventClose: !temporary });
    if (temporary) await rename(temporary, target);
    await clock.record({ outcome: "success", bytes, ...audited });
    if (target !== "-") {
      if (options.json) context.out.result(JSON.stringify({ path: target, bytes }));
      else context.out.note(`Backup written to ${target} (${formatSize(bytes)}).`);
    }
    return EXIT.ok;
  } catch (error) {
    if (temporary) await rm(temporary, { force: true });
    await clock.record({ outcome: "failure", bytes, ...audited, error: errorOf(error) });
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

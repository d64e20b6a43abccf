/**
 * The `prisma-backup` command line, as a commander program: each command loads the config,
 * runs, and resolves to its exit code (see exit-codes.ts). `runCli` is what main.ts calls and
 * what tests may call in-process.
 */
import { Command, CommanderError, Option } from "commander";
import { commandContext, type CommandContext, type GlobalOptions } from "./context.ts";
import { exportCommand } from "./commands/export.ts";
import { auditCommand, historyCommand, pruneCommand } from "./commands/history.ts";
import { importCommand } from "./commands/import.ts";
import { verifyCommand } from "./commands/verify.ts";
import { DEFAULT_MAX_BYTES } from "../format/open.ts";
import { CliError, EXIT } from "./exit-codes.ts";
import { formatSize, processIo, type Io } from "./output.ts";

const EXIT_CODES_HELP = `
Exit codes:
  0  done
  1  failure (configuration, database, disk)
  2  wrong command line
  3  invalid file (format, checksum, records, missing or wrong password)
  4  conflicts await decisions (nothing written)
  5  another import is running
  6  the import failed and was rolled back (nothing written)`;

const MAX_BYTES_HELP = `refuse a file that decompresses to more than SIZE (e.g. 500MB, 4GB; default ${formatSize(DEFAULT_MAX_BYTES)})`;

export function buildProgram(run: (action: (context: CommandContext) => Promise<number>, command: Command) => Promise<void>, io: Io = processIo): Command {
  const program = new Command("prisma-backup")
    .configureOutput({ writeOut: (text) => void io.stdout.write(text), writeErr: (text) => void io.stderr.write(text) })
    .description("Back up and restore a Prisma app's data: export, import, verify, and the backups kept on the server.")
    .option("-c, --config <file>", "config module exporting { prisma, backup, backupDir } (default: prisma-backup.config.ts in the working directory)")
    .option("-q, --quiet", "no progress bar or messages on stderr")
    .addHelpText("after", EXIT_CODES_HELP)
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();

  program
    .command("export")
    .description("Back up the database: kept in the backup directory, or written to --out FILE")
    .option("-o, --out <file>", "write the backup to FILE ('-' for standard output) instead of the backup directory")
    .option("-m, --modules <list>", "only these modules, comma-separated (selective export)")
    .option("--no-compress", "plain JSON instead of gzip (with --out)")
    .option("--password-file <file>", "encrypt with the password in FILE (first line)")
    .option("-k, --kind <kind>", "kind recorded for a kept backup (manual, scheduled, ...)", "manual")
    .option("-f, --force", "overwrite --out FILE if it exists")
    .option("--json", "print the result as JSON")
    .addHelpText("after", "\nExamples:\n  prisma-backup export                        # kept on the server, retention applied\n  prisma-backup export --kind scheduled -q    # from cron\n  prisma-backup export --out backup.json.gz --modules sales,catalog")
    .action((options, command: Command) => run((context) => exportCommand(context, options), command));

  program
    .command("import")
    .description("Import a backup file into the database (validated and analysed first; one transaction)")
    .argument("<file>", "the backup file ('-' for standard input)")
    .option("-n, --dry-run", "validate and analyse only: print what would change, write nothing")
    .addOption(new Option("--mode <mode>", "merge records, or replace the models the file covers").choices(["merge", "replace"]).default("merge"))
    .addOption(new Option("--resolve <side>", "answer every conflict: keep the database's value or take the file's").choices(["existing", "incoming"]))
    .option("--resolutions <file>", "JSON file answering conflicts one by one: { \"<conflict id>\": \"existing\"|\"incoming\" }")
    .option("--password-file <file>", "the password of an encrypted file, in FILE (first line)")
    .option("--no-backup", "skip the automatic backup of the current data before writing")
    .option("--max-bytes <size>", MAX_BYTES_HELP)
    .option("--json", "print the import report as JSON")
    .action((file: string, options, command: Command) => run((context) => importCommand(context, file, options), command));

  program
    .command("verify")
    .description("Check a backup file (format, checksum, every record) without touching the database")
    .argument("<file>", "the backup file ('-' for standard input)")
    .option("--password-file <file>", "the password of an encrypted file, in FILE (first line)")
    .option("--max-bytes <size>", MAX_BYTES_HELP)
    .option("--json", "print the verification as JSON")
    .action((file: string, options, command: Command) => run((context) => verifyCommand(context, file, options), command));

  program
    .command("history")
    .description("List the backups kept in the backup directory, with the health verdict")
    .option("--json", "print as JSON")
    .action((options, command: Command) => run((context) => historyCommand(context, options), command));

  program
    .command("prune")
    .description("Delete old backups: keep the N newest and any younger than D days (default: the configured tiered policy)")
    .option("--keep <n>", "keep the N newest backups")
    .option("--days <d>", "also keep every backup younger than D days (with --keep)")
    .option("-n, --dry-run", "only say what would be deleted")
    .option("--json", "print as JSON")
    .action((options, command: Command) => run((context) => pruneCommand(context, options), command));

  program
    .command("audit")
    .description("Show the audit log and its metrics (success rate, last success)")
    .option("-l, --limit <n>", "show the last N entries (0: all)", "20")
    .option("--json", "print as JSON")
    .action((options, command: Command) => run((context) => auditCommand(context, options), command));

  for (const command of program.commands) {
    command
      .configureOutput({ writeOut: (text) => void io.stdout.write(text), writeErr: (text) => void io.stderr.write(text) })
      .exitOverride()
      .showHelpAfterError("(run with --help for usage)");
  }
  return program;
}

/** Runs one command line (arguments without `node` and the script) and resolves to its exit code. */
export async function runCli(argv: readonly string[], io: Io = processIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram(async (action, command) => {
    const context = await commandContext(command.optsWithGlobals() as GlobalOptions, io);
    try {
      exitCode = await action(context);
    } finally {
      await context.close();
    }
  }, io);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help" ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof CliError) {
      io.stderr.write(`prisma-backup: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(`prisma-backup: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.error;
  }
}

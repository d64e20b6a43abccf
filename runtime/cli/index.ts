/** The command line, for apps that embed it or write its config. */
export { defineBackupConfig } from "./config.ts";
export type { CliConfig } from "./config.ts";
export { EXIT } from "./exit-codes.ts";
export { runCli } from "./program.ts";

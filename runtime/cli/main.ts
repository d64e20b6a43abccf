#!/usr/bin/env node
/** The `prisma-backup` executable (package.json `bin`): runs the command line, exits with its code. */
import { runCli } from "./program.ts";

process.exitCode = await runCli(process.argv.slice(2));

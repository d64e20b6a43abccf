/**
 * Prisma's schema engine, compiled to WebAssembly, driven from Node.
 *
 * The native `schema-engine` binary (behind `prisma db push`) cannot be downloaded on these
 * machines; `@prisma/schema-engine-wasm` is the same engine and talks to the database through a
 * driver adapter. The package is built for bundlers (`import * as wasm from "./x.wasm"`), which
 * Node rejects, so we load its JS glue by file path and instantiate the wasm ourselves
 * (see ../shared/PRISMA-OFFLINE.md). The module is loaded once per process.
 *
 * - `pushSchema`: what `prisma db push` does (optionally dropping everything first).
 * - `schemaSql`: the DDL script that creates the schema on an empty database (`engine.diff`),
 *   computed without touching any real database; tests execute it directly, which is much
 *   faster than running the engine for every database they create.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type * as Engine from "@prisma/schema-engine-wasm/schema_engine_bg";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { schemaProvider, type Provider } from "./prisma-schema.ts";

type EngineModule = typeof Engine & {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
};

const require = createRequire(import.meta.url);
let loading: Promise<EngineModule> | undefined;

/** Loads and instantiates the WASM schema engine (once per process). */
export function loadSchemaEngine(): Promise<EngineModule> {
  loading ??= (async () => {
    const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const glue = (await import(pathToFileURL(gluePath).href)) as EngineModule;
    const bytes = await readFile(path.join(path.dirname(gluePath), "schema_engine_bg.wasm"));
    const imports: WebAssembly.ModuleImports = { ...(glue as unknown as WebAssembly.ModuleImports) };
    // The engine arms long timeouts (60 s) that it never clears, which would keep Node alive
    // for a minute after the work is done. Long timers no longer hold the process open; short
    // ones (sleeps the engine may be waiting on) still do.
    for (const name of Object.keys(imports)) {
      if (!name.startsWith("__wbg_setTimeout_")) continue;
      const setTimer = imports[name] as (callback: unknown, ms: number) => unknown;
      imports[name] = (callback: unknown, ms: number) => {
        const timer = setTimer(callback, ms);
        if (ms >= 1000) (timer as NodeJS.Timeout).unref?.();
        return timer;
      };
    }
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": imports });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return loading;
}

/** The version of the schema engine package in use. */
export async function schemaEngineVersion(): Promise<string> {
  return (await loadSchemaEngine()).version();
}

const noFilters: Engine.SchemaFilter = { externalTables: [], externalEnums: [] };

/** Engine log lines worth showing (warnings and errors); the engine is chatty otherwise. */
function logCallback(verbose: boolean) {
  return (line: string) => {
    if (!verbose) return;
    process.stderr.write(`[schema-engine] ${line}\n`);
  };
}

async function withEngine<T>(
  schema: string,
  factory: SqlMigrationAwareDriverAdapterFactory,
  run: (engine: Engine.SchemaEngine) => Promise<T>,
  verbose = false,
): Promise<T> {
  const { SchemaEngine } = await loadSchemaEngine();
  const engine = await SchemaEngine.new(
    { datamodels: [["schema.prisma", schema]] },
    logCallback(verbose),
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  try {
    return await run(engine);
  } finally {
    engine.free();
  }
}

export interface PushSchemaOptions {
  /** The Prisma schema text; its datasource provider must match the adapter. */
  schema: string;
  /** A migration-aware driver adapter factory for the target database. */
  adapter: SqlMigrationAwareDriverAdapterFactory;
  /** Drop every table (and type) first, like `prisma db push --force-reset`. */
  forceReset?: boolean;
  /** Accept data loss when altering existing tables (`--accept-data-loss`). */
  acceptDataLoss?: boolean;
  /** Print the engine's log lines on stderr. */
  verbose?: boolean;
}

export interface PushSchemaResult {
  executedSteps: number;
  warnings: string[];
  unexecutable: string[];
}

/**
 * Makes the database match the schema, like `prisma db push`. Throws when a change would lose
 * data (unless `acceptDataLoss`) or cannot be executed.
 */
export async function pushSchema(options: PushSchemaOptions): Promise<PushSchemaResult> {
  return withEngine(
    options.schema,
    options.adapter,
    async (engine) => {
      if (options.forceReset) {
        // The engine's SQLite reset drops tables with foreign keys enforced, which fails as soon
        // as rows reference each other (the native engine deletes the file instead).
        if (schemaProvider(options.schema) === "sqlite") await dropEverythingSqlite(options.adapter);
        await engine.reset({ filter: noFilters });
      }
      const result = await engine.schemaPush({
        force: options.acceptDataLoss ?? false,
        schema: { files: [{ path: "schema.prisma", content: options.schema }] },
        filters: noFilters,
      });
      if (result.unexecutable.length > 0) {
        throw new Error(`The schema cannot be pushed:\n- ${result.unexecutable.join("\n- ")}`);
      }
      if (result.warnings.length > 0 && !options.acceptDataLoss) {
        throw new Error(
          `Pushing the schema would lose data (use --accept-data-loss or --force-reset):\n- ${result.warnings.join("\n- ")}`,
        );
      }
      return result;
    },
    options.verbose,
  );
}

/** Drops every table, view and trigger of a SQLite database, foreign keys off meanwhile. */
async function dropEverythingSqlite(factory: SqlMigrationAwareDriverAdapterFactory): Promise<void> {
  const connection = await factory.connect();
  try {
    const result = await connection.queryRaw({
      sql: "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view', 'trigger') AND name NOT LIKE 'sqlite_%'",
      args: [],
      argTypes: [],
    });
    const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
    const drops = result.rows.map(([type, name]) => `DROP ${String(type).toUpperCase()} IF EXISTS ${quote(String(name))};`);
    await connection.executeScript(`PRAGMA foreign_keys = OFF;\n${drops.join("\n")}\nPRAGMA foreign_keys = ON;`);
  } finally {
    await connection.dispose();
  }
}

/**
 * A throwaway adapter for diffs that never need a live database. The engine still wants one of
 * the right family: an in-memory SQLite or an in-memory PGlite.
 */
function scratchAdapter(provider: Provider): {
  adapter: SqlMigrationAwareDriverAdapterFactory;
  close(): Promise<void>;
} {
  if (provider === "sqlite") {
    return { adapter: new PrismaBetterSqlite3({ url: ":memory:" }), close: async () => {} };
  }
  let pglite: PGlite | undefined;
  const lazy: SqlMigrationAwareDriverAdapterFactory = {
    provider: "postgres",
    adapterName: "pglite-scratch",
    connect: () => new PrismaPGlite((pglite ??= new PGlite())).connect(),
    connectToShadowDb: () => new PrismaPGlite((pglite ??= new PGlite())).connectToShadowDb(),
  };
  return { adapter: lazy, close: async () => void (await pglite?.close()) };
}

/**
 * The SQL script that creates every table, index and type of `schema` on an empty database
 * (what `prisma migrate diff --from-empty --to-schema-datamodel --script` prints).
 *
 * The engine wants a live connection even for this; by default it gets a scratch in-memory
 * SQLite or PGlite (PGlite takes a few seconds to start). `adapter` lends it another one, e.g.
 * a PostgreSQL server; nothing is written to it.
 */
export async function schemaSql(
  schema: string,
  options: { adapter?: SqlMigrationAwareDriverAdapterFactory } = {},
): Promise<string> {
  const provider = schemaProvider(schema);
  const scratch = options.adapter ? { adapter: options.adapter, close: async () => {} } : scratchAdapter(provider);
  try {
    return await withEngine(schema, scratch.adapter, async (engine) => {
      const files = { files: [{ path: "schema.prisma", content: schema }] };
      const result = await engine.diff({
        from: { tag: "empty" },
        to: { tag: "schemaDatamodel", ...files },
        script: true,
        exitCode: null,
        filters: noFilters,
      });
      if (result.stdout == null) throw new Error("The schema engine returned no SQL for the diff");
      return result.stdout;
    });
  } finally {
    await scratch.close();
  }
}

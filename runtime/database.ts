/**
 * The part of a PrismaClient the runtime uses, typed loosely: the runtime works with any app's
 * generated client, so it reaches models through their delegate names from the backup schema.
 */

export interface Delegate {
  findMany(args: object): Promise<Record<string, unknown>[]>;
  count(args?: object): Promise<number>;
  createMany(args: { data: Record<string, unknown>[] }): Promise<{ count: number }>;
  update(args: { where: object; data: object }): Promise<unknown>;
  deleteMany(args: { where: object }): Promise<{ count: number }>;
  updateMany(args: { where: object; data: object }): Promise<{ count: number }>;
}

/** What a transaction client offers: model delegates and raw SQL. */
export interface Queries {
  $queryRawUnsafe<T = unknown>(sql: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(sql: string, ...values: unknown[]): Promise<number>;
  [delegate: string]: unknown;
}

export interface Database extends Queries {
  $transaction<T>(
    run: (tx: Queries) => Promise<T>,
    options?: { timeout?: number; maxWait?: number; isolationLevel?: string },
  ): Promise<T>;
  /** Set by Prisma's generated client: the datasource provider it was generated for. */
  readonly _activeProvider?: string;
}

export function delegateOf(queries: Queries, delegate: string): Delegate {
  const found = queries[delegate];
  if (!found || typeof found !== "object") {
    throw new Error(`The Prisma client has no model "${delegate}": was it generated from the same schema as the backup module?`);
  }
  return found as Delegate;
}

/** SQL spelling differences between the providers we write raw SQL for. */
export interface Dialect {
  readonly provider: string;
  /** Reads and writes go through raw SQL (bulk statements); otherwise through Prisma's model API. */
  readonly bulk: boolean;
  /**
   * A statement that fails undoes its own changes only, and the transaction goes on (SQLite);
   * elsewhere a failure aborts the whole transaction unless a savepoint catches it.
   */
  readonly statementRollback: boolean;
  quote(identifier: string): string;
  /** The placeholder of the n-th parameter (1-based). */
  param(n: number): string;
}

export function dialectOf(db: Database, fallbackProvider: string): Dialect {
  const provider = db._activeProvider ?? fallbackProvider;
  const doubleQuote = (id: string) => `"${id.replaceAll('"', '""')}"`;
  switch (provider) {
    case "postgresql":
    case "postgres":
      return { provider: "postgresql", bulk: true, statementRollback: false, quote: doubleQuote, param: (n) => `$${n}` };
    case "sqlite":
      return { provider, bulk: true, statementRollback: true, quote: doubleQuote, param: () => "?" };
    case "mysql":
      return { provider, bulk: false, statementRollback: false, quote: (id) => `\`${id.replaceAll("`", "``")}\``, param: () => "?" };
    default:
      return { provider, bulk: false, statementRollback: false, quote: doubleQuote, param: () => "?" };
  }
}

/** Isolation for a consistent read of the whole database. */
export function snapshotIsolation(dialect: Dialect): string | undefined {
  return dialect.provider === "postgresql" || dialect.provider === "mysql" ? "RepeatableRead" : undefined;
}

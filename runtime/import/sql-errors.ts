/**
 * What kind of database error an error is, whichever way it came: Prisma's model API gives its
 * own codes (P2002, …); raw SQL gives P2010 with the driver adapter's error kind inside.
 */

/** The parts of a Prisma error that say what went wrong. */
export interface PrismaLikeError {
  code?: string;
  meta?: {
    target?: unknown;
    field_name?: unknown;
    modelName?: unknown;
    driverAdapterError?: { cause?: { kind?: string; originalCode?: string; originalMessage?: string; constraint?: { fields?: string[]; index?: string } } };
  };
  message?: string;
}

/** The driver adapters' error kinds, as Prisma's codes. */
const KINDS: Record<string, string> = {
  UniqueConstraintViolation: "P2002",
  ForeignKeyConstraintViolation: "P2003",
  NullConstraintViolation: "P2011",
};

/** Prisma's code for the error (the adapter's error kind first, for raw SQL). */
export function errorCode(error: unknown): string | undefined {
  const known = error as PrismaLikeError | undefined;
  return KINDS[known?.meta?.driverAdapterError?.cause?.kind ?? ""] ?? known?.code;
}

export function isUniqueViolation(error: unknown): boolean {
  return errorCode(error) === "P2002";
}

/**
 * The app's Prisma client: one per server process, on the SQLite file named by DATABASE_URL
 * (default `prisma/dev.db`, the file `npm start` creates and seeds).
 */
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../../generated/prisma/client.ts";

export const databaseUrl = process.env.DATABASE_URL ?? "file:./prisma/dev.db";

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

export const prisma: PrismaClient = (globalForPrisma.prisma ??= new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: databaseUrl }) }));

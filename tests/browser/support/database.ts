/** A fresh SQLite database with the reference schema's tables and the demo data. */
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../../../generated/prisma/client.ts";
import { seedDatabase } from "../../../prisma/seed.ts";
import { readReferenceSchema } from "../../../scripts/lib/prisma-schema.ts";
import { pushSchema } from "../../../scripts/lib/schema-engine.ts";

/** Demo records: enough for every screen to show real numbers, few enough to stay quick. */
export const DEMO_RECORDS = 300;

export async function createDatabase(file: string): Promise<void> {
  const url = `file:${file}`;
  await pushSchema({ schema: readReferenceSchema(), adapter: new PrismaBetterSqlite3({ url }) });
  const prisma = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url }) });
  try {
    await seedDatabase(prisma, { records: DEMO_RECORDS });
  } finally {
    await prisma.$disconnect();
  }
}

/**
 * `npm start` (and `npm run dev` with `--dev`), after `npm run generate` and `npm run db:push`:
 * seed the demo data when the database is empty, build the app, serve it on 127.0.0.1 and print
 * the URL and the administrator secret.
 *
 * Environment: DATABASE_URL (default `file:./prisma/dev.db`), PORT (default 3000, else a free
 * one), HOST (default 127.0.0.1), BACKUP_DIR (default `backups/`), BACKUP_ADMIN_SECRET
 * (default: a random one, printed).
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { join } from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../../generated/prisma/client.ts";
import { seedDatabase } from "../../prisma/seed.ts";

const DEMO_RECORDS = 2000;
const dev = process.argv.includes("--dev");
const root = process.cwd();
const next = join(root, "node_modules/next/dist/bin/next");
const databaseUrl = process.env.DATABASE_URL ?? "file:./prisma/dev.db";
const host = process.env.HOST ?? "127.0.0.1";

async function seedIfEmpty(): Promise<void> {
  const prisma = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: databaseUrl }) });
  try {
    const existing = (await prisma.companySettings.count()) + (await prisma.user.count()) + (await prisma.product.count()) + (await prisma.customer.count());
    if (existing > 0) {
      console.log(`Database ${databaseUrl}: has data, not seeded.`);
      return;
    }
    console.log(`Database ${databaseUrl}: empty, seeding ${DEMO_RECORDS} demo records…`);
    await seedDatabase(prisma, { records: DEMO_RECORDS });
  } finally {
    await prisma.$disconnect();
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

async function choosePort(): Promise<number> {
  const wanted = Number(process.env.PORT ?? 3000);
  if (await portIsFree(wanted)) return wanted;
  for (let port = wanted + 1; port < wanted + 100; port++) if (await portIsFree(port)) return port;
  throw new Error(`No free port from ${wanted} to ${wanted + 99}: set PORT.`);
}

async function waitUntilServing(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      await fetch(`${url}/connexion`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`${url} did not answer.`);
}

async function main(): Promise<void> {
  await seedIfEmpty();
  const secret = process.env.BACKUP_ADMIN_SECRET ?? randomBytes(12).toString("base64url");
  const env = { ...process.env, DATABASE_URL: databaseUrl, BACKUP_ADMIN_SECRET: secret, NEXT_TELEMETRY_DISABLED: "1" };
  if (!dev) {
    console.log("Building the app (next build)…");
    const build = spawnSync(process.execPath, [next, "build"], { env, stdio: "inherit" });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  const port = await choosePort();
  const url = `http://${host}:${port}`;
  const server = spawn(process.execPath, [next, dev ? "dev" : "start", "-H", host, "-p", String(port)], { env, stdio: ["ignore", "ignore", "inherit"] });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
  server.on("exit", (code) => process.exit(code ?? 0));
  await waitUntilServing(url);
  console.log("");
  console.log(`  Alami Gestion is running: ${url}`);
  console.log(`  Administrator secret:     ${secret}${process.env.BACKUP_ADMIN_SECRET ? " (from BACKUP_ADMIN_SECRET)" : " (random; set BACKUP_ADMIN_SECRET to choose it)"}`);
  console.log(`  Backups on the server:    ${process.env.BACKUP_DIR ?? "backups/"}`);
  console.log("  Stop with Ctrl+C.");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

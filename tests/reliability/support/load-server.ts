/**
 * The server of the load test, in its own process so that its memory is measured alone: the
 * backup routes (nodeListener) beside a few routes of the app itself, all on one PrismaClient
 * as the reference app has it, on 127.0.0.1 only.
 *
 *     node --conditions=source --import tsx tests/reliability/support/load-server.ts --url URL --dir DIR --secret S
 *
 * App routes: `GET /app/customers?page=N` (a page of customers with their latest sales),
 * `POST /app/sales` (a sale with lines, in a transaction), `GET /app/stats` (peak memory so far).
 * Prints `{"event":"ready","port":…}` once listening.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { backup } from "../../../generated/backup/index.ts";
import { PrismaClient } from "../../../generated/prisma/client.ts";
import { bearerSecret, createBackupRoutes, nodeListener } from "../../../runtime/routes/index.ts";

const { values } = parseArgs({ options: { url: { type: "string" }, dir: { type: "string" }, secret: { type: "string" } } });
const prisma = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: values.url! }) });
const routes = createBackupRoutes({ prisma, backup, authorize: bearerSecret(values.secret!), backupDir: values.dir!, appName: "Alami Gestion", retention: { keepLast: 3, keepAllDays: 0, dailyDays: 0, weeklyWeeks: 0, monthlyMonths: 0 } });
const backupRoutes = nodeListener(routes, { basePath: "/api/backup" });

let peakRss = process.memoryUsage().rss;
setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 10).unref();
let counter = 0;

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const reply = (status: number, body: unknown) => res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
  try {
    if (url.pathname === "/app/customers") {
      const page = Number(url.searchParams.get("page") ?? 0);
      const customers = await prisma.customer.findMany({ orderBy: { id: "asc" }, skip: page * 20, take: 20, include: { sales: { orderBy: { soldAt: "desc" }, take: 3, include: { lines: true } } } });
      return reply(200, { count: customers.length, customers });
    }
    if (url.pathname === "/app/sales" && req.method === "POST") {
      const n = ++counter;
      const sale = await prisma.$transaction(async (tx) => {
        const customer = await tx.customer.findFirst({ skip: n % 50, select: { id: true } });
        const products = await tx.product.findMany({ skip: n % 20, take: 3, select: { id: true, price: true } });
        return tx.sale.create({
          data: {
            reference: `LOAD-${process.pid}-${n}`,
            customerId: customer?.id ?? null,
            soldAt: new Date(),
            total: "42.00",
            lines: { create: products.map((p, i) => ({ position: i + 1, productId: p.id, quantity: 1 + (n % 3), unitPrice: p.price })) },
          },
        });
      });
      return reply(201, { id: sale.id });
    }
    if (url.pathname === "/app/stats") {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      return reply(200, { peakRssMb: Math.round(peakRss / 1024 / 1024), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), rssMb: Math.round(process.memoryUsage().rss / 1024 / 1024) });
    }
    backupRoutes(req, res);
  } catch (error) {
    reply(500, { error: String(error) });
  }
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ event: "ready", port: (server.address() as AddressInfo).port })}\n`);
});

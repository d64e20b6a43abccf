/**
 * A real SQLite database for the route and CLI tests (the shared test database: the reference
 * schema's tables from cached DDL, in a fresh temporary directory that also holds the backups),
 * a small seed, and the reference generated backup module bound to it.
 */
import type { PrismaClient } from "../../generated/prisma/client.ts";
import { createSqliteDatabase, type SqliteTestDatabase } from "../support/databases.ts";

export type TestDatabase = SqliteTestDatabase;

export function createTestDatabase(): Promise<TestDatabase> {
  return createSqliteDatabase();
}

/** The password hash seeded for every user: no response may ever carry it. */
export const SECRET_HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2VjcmV0LWhhc2g";

/** A small, complete data set: settings, users, a category tree, products with suppliers, customers with sales, an invoice, a quote. */
export async function seedSmall(prisma: PrismaClient, customers = 3): Promise<void> {
  await prisma.companySettings.create({ data: { id: 1, companyName: "Alami Gestion", vatRate: "20" } });
  await prisma.user.create({ data: { id: "u1", email: "admin@alami.test", name: "Admin", role: "ADMIN", passwordHash: SECRET_HASH } });
  const root = await prisma.category.create({ data: { name: "Épicerie" } });
  await prisma.category.create({ data: { name: "Thé", parentId: root.id } });
  await prisma.supplier.create({ data: { id: 1, name: "Atlas Import", email: "atlas@supplier.test" } });
  await prisma.product.create({ data: { id: 1, sku: "TEA-1", name: "Thé vert", price: "12.50", categoryId: root.id, suppliers: { connect: [{ id: 1 }] } } });
  for (let i = 1; i <= customers; i++) {
    await prisma.customer.create({
      data: {
        id: `c${i}`,
        name: `Client ${i}`,
        email: `client${i}@example.test`,
        notes: "fidèle",
        sales: { create: [{ id: i, reference: `V-${i}`, soldAt: new Date("2026-03-01T10:00:00Z"), total: "25.00", sellerId: "u1", lines: { create: [{ position: 1, productId: 1, quantity: 2, unitPrice: "12.50" }] } }] },
      },
    });
  }
  await prisma.invoice.create({ data: { number: "FAC-1", saleId: 1, issuedAt: new Date("2026-03-01T10:00:00Z"), status: "ISSUED" } });
  await prisma.quote.create({ data: { number: "DEV-1", customerId: "c1", total: "40.00", lines: { create: [{ productId: 1, quantity: 1, unitPrice: "40.00" }] } } });
}

import Link from "next/link";
import { MODEL_LABELS } from "./_lib/models.ts";
import { prisma } from "./_lib/prisma.ts";
import { requireSession } from "./_lib/session.ts";

export const dynamic = "force-dynamic";

async function countRecords(): Promise<[string, number][]> {
  const counts = await Promise.all([
    prisma.companySettings.count(),
    prisma.user.count(),
    prisma.category.count(),
    prisma.supplier.count(),
    prisma.product.count(),
    prisma.customer.count(),
    prisma.sale.count(),
    prisma.saleLine.count(),
    prisma.invoice.count(),
    prisma.quote.count(),
    prisma.quoteLine.count(),
  ]);
  const models = ["CompanySettings", "User", "Category", "Supplier", "Product", "Customer", "Sale", "SaleLine", "Invoice", "Quote", "QuoteLine"];
  return models.map((model, i) => [model, counts[i]!]);
}

export default async function Dashboard() {
  await requireSession("/");
  const [counts, settings] = await Promise.all([countRecords(), prisma.companySettings.findFirst()]);
  return (
    <>
      <h1>Tableau de bord{settings ? ` — ${settings.companyName}` : ""}</h1>
      <section className="stats" aria-label="Enregistrements par type" data-testid="dashboard-counts">
        {counts.map(([model, count]) => (
          <div className="stat" key={model} data-model={model}>
            <div className="value">{count.toLocaleString("fr-FR")}</div>
            <div className="label">{MODEL_LABELS[model]}</div>
          </div>
        ))}
      </section>
      <p style={{ marginTop: "1.25rem" }}>
        <Link href="/parametres/sauvegarde">Sauvegarder ou restaurer vos données →</Link>
      </p>
    </>
  );
}

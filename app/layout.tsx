import type { Metadata, Viewport } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { Toaster } from "sonner";
import { currentSession } from "./_lib/session.ts";
import { AutoBackup } from "./_components/auto-backup.tsx";
import "./globals.css";

export const metadata: Metadata = {
  title: "Alami Gestion",
  description: "Gestion commerciale — application de référence de prisma-backup",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const session = await currentSession();
  return (
    <html lang="fr">
      <body>
        <header className="topbar">
          <div className="topbar-inner">
            <Link href="/" className="brand">
              Alami Gestion
            </Link>
            {session ? (
              <nav aria-label="Navigation principale">
                <Link href="/">Tableau de bord</Link>
                <Link href="/parametres/sauvegarde">Paramètres → Sauvegarde</Link>
                <form action="/api/session" method="post">
                  <input type="hidden" name="action" value="deconnexion" />
                  <button type="submit" className="linkish">
                    Se déconnecter
                  </button>
                </form>
              </nav>
            ) : null}
          </div>
        </header>
        <main>{children}</main>
        <Toaster position="bottom-right" richColors closeButton />
        {session ? <AutoBackup /> : null}
      </body>
    </html>
  );
}

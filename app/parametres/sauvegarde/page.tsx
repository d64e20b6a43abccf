import Link from "next/link";
import { requireSession } from "../../_lib/session.ts";
import { BackupSettings } from "./_components/backup-settings.tsx";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sauvegarde — Alami Gestion" };

export default async function BackupPage() {
  await requireSession("/parametres/sauvegarde");
  return (
    <>
      <p className="small muted" style={{ margin: 0 }}>
        Paramètres
      </p>
      <div className="row spread" style={{ marginBottom: "0.75rem" }}>
        <h1 style={{ margin: 0 }}>Sauvegarde</h1>
        <Link href="/parametres/sauvegarde/guide">Guide : sauvegarder et restaurer →</Link>
      </div>
      <BackupSettings />
    </>
  );
}

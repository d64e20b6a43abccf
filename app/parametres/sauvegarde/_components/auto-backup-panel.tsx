"use client";
/** The automatic backup's switch and its last run, in this browser. */
import { useBackupTracker } from "../../../../runtime/react/index.ts";
import { AUTO_BACKUP_NAMESPACE } from "../../../_lib/api.ts";

export function AutoBackupPanel() {
  const { ready, enabled, setEnabled, lastBackup, isFirstOpenToday } = useBackupTracker({ namespace: AUTO_BACKUP_NAMESPACE });
  return (
    <section className="card" aria-labelledby="auto-title" data-testid="auto-backup-panel">
      <h2 id="auto-title">Sauvegarde automatique</h2>
      <label className="switch">
        <input type="checkbox" role="switch" checked={enabled} disabled={!ready} onChange={(event) => setEnabled(event.target.checked)} aria-describedby="auto-help" />
        <span>{enabled ? "Activée" : "Désactivée"}</span>
      </label>
      <p id="auto-help" className="small muted">
        Chaque jour, à la première ouverture de l’application sur cet appareil, une sauvegarde est téléchargée dans votre dossier de téléchargements. Une seule par jour, même avec plusieurs onglets ouverts.
      </p>
      {ready ? (
        <p className="small" data-testid="last-auto-backup">
          {lastBackup
            ? `Dernière sauvegarde automatique : ${new Date(lastBackup.at).toLocaleString("fr-FR", { dateStyle: "full", timeStyle: "short" })}${lastBackup.fileName ? ` (${lastBackup.fileName})` : ""}.`
            : "Aucune sauvegarde automatique sur cet appareil pour l’instant."}
          {enabled && !isFirstOpenToday ? " Prochaine : demain, à la première ouverture." : ""}
        </p>
      ) : null}
    </section>
  );
}

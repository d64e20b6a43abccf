"use client";
/** The backups kept on the server (pre-import safety copies, scheduled ones), with download and the health verdict. */
import { useCallback, useEffect, useState } from "react";
import { toast } from "sonner";
import { downloadBackup } from "../../../../runtime/browser/index.ts";
import { backupOnServer, fetchHistory, historyFileUrl, type HistoryView } from "../../../_lib/api.ts";
import { formatSize } from "../../../_lib/problems-fr.ts";

const KIND_LABELS: Record<string, string> = {
  "pre-import": "avant import",
  manual: "manuelle",
  scheduled: "planifiée",
};

const HEALTH_MESSAGES: Record<string, string> = {
  no_backup: "Aucune sauvegarde n’est encore conservée sur le serveur.",
  stale: "La dernière sauvegarde du serveur date de plus d’un jour.",
  over_cap: "L’espace réservé aux sauvegardes sur le serveur est dépassé.",
  success_rate: "Trop d’opérations de sauvegarde ont échoué récemment (objectif : plus de 99 % de réussite).",
};

export function HistoryPanel({ refreshKey }: { refreshKey: number }) {
  const [history, setHistory] = useState<HistoryView | undefined>();
  const [error, setError] = useState<string | undefined>();

  const load = useCallback(() => {
    setError(undefined);
    fetchHistory().then(setHistory, (failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)));
  }, []);
  useEffect(load, [load, refreshKey]);

  const [saving, setSaving] = useState(false);
  const saveNow = async () => {
    setSaving(true);
    try {
      const entry = await backupOnServer();
      toast.success("Sauvegarde enregistrée sur le serveur", { description: entry.name });
      load();
    } catch (failure) {
      toast.error("La sauvegarde sur le serveur a échoué", { description: failure instanceof Error ? failure.message : String(failure) });
    } finally {
      setSaving(false);
    }
  };

  const download = async (name: string) => {
    try {
      const { fileName } = await downloadBackup(historyFileUrl(name), { fallbackName: name });
      toast.success("Sauvegarde téléchargée", { description: fileName });
    } catch (failure) {
      toast.error("Le téléchargement a échoué", { description: failure instanceof Error ? failure.message : String(failure) });
    }
  };

  return (
    <section className="card history" aria-labelledby="history-title" data-testid="history-panel">
      <div className="row spread">
        <h2 id="history-title" style={{ margin: 0 }}>
          Historique des sauvegardes du serveur
        </h2>
        <div className="row">
          <button type="button" className="button secondary" onClick={() => void saveNow()} disabled={saving}>
            {saving ? "Sauvegarde…" : "Sauvegarder sur le serveur"}
          </button>
          <button type="button" className="button secondary" onClick={load}>
            Actualiser
          </button>
        </div>
      </div>
      {history?.health && history.health.status !== "ok" ? (
        <div className={history.health.status === "critical" ? "alert error" : "alert warn"} data-testid="health">
          {history.health.issues.map((issue) => (
            <div key={issue.code}>{HEALTH_MESSAGES[issue.code] ?? issue.message}</div>
          ))}
        </div>
      ) : null}
      {history?.health?.successRate !== undefined && history.health.successRate !== null ? (
        <p className="small muted">Taux de réussite des opérations : {(history.health.successRate * 100).toLocaleString("fr-FR", { maximumFractionDigits: 1 })} %</p>
      ) : null}
      {error ? (
        <div className="alert error" role="alert">
          Impossible de charger l’historique : {error}{" "}
          <button type="button" className="button secondary" onClick={load}>
            Réessayer
          </button>
        </div>
      ) : null}
      {history && history.entries.length === 0 ? <p className="muted">Aucune sauvegarde conservée sur le serveur pour l’instant.</p> : null}
      {history && history.entries.length > 0 ? (
        <ul>
          {history.entries.map((entry) => (
            <li key={entry.name} data-name={entry.name}>
              <span>
                <strong>{new Date(entry.createdAt).toLocaleString("fr-FR", { dateStyle: "medium", timeStyle: "short" })}</strong>{" "}
                <span className="badge">{KIND_LABELS[entry.kind] ?? entry.kind}</span>
                {entry.encrypted ? <span className="badge">chiffrée</span> : null}
                <br />
                <span className="small muted">
                  {formatSize(entry.size)}
                  {entry.totalRecords !== null ? ` · ${entry.totalRecords.toLocaleString("fr-FR")} enregistrements` : ""}
                </span>
              </span>
              <button type="button" className="button secondary" onClick={() => void download(entry.name)} aria-label={`Télécharger ${entry.name}`}>
                Télécharger
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {!history && !error ? <p className="muted">Chargement…</p> : null}
    </section>
  );
}

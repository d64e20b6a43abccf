"use client";
/**
 * "Exporter toutes les données": the estimated size first, then the download with a progress
 * bar (the export streams: the estimate stands in for the unknown length), a toast with the
 * file name, and an error with a retry.
 */
import { useCallback, useEffect, useState } from "react";
import { toast } from "sonner";
import { downloadBackup, type DownloadProgress } from "../../../../runtime/browser/index.ts";
import { EXPORT_URL, fetchEstimate, type Estimate } from "../../../_lib/api.ts";
import { formatSize } from "../../../_lib/problems-fr.ts";
import { ProgressBar } from "./progress-bar.tsx";

type State =
  | { readonly kind: "idle" }
  | { readonly kind: "downloading"; readonly progress: DownloadProgress }
  | { readonly kind: "done"; readonly fileName: string; readonly size: number }
  | { readonly kind: "failed"; readonly message: string };

export function ExportPanel({ onExported }: { onExported?: () => void }) {
  const [estimate, setEstimate] = useState<Estimate | undefined>();
  const [estimateError, setEstimateError] = useState<string | undefined>();
  const [state, setState] = useState<State>({ kind: "idle" });

  useEffect(() => {
    fetchEstimate().then(setEstimate, (error: unknown) => setEstimateError(error instanceof Error ? error.message : String(error)));
  }, []);

  const run = useCallback(async () => {
    setState({ kind: "downloading", progress: { received: 0 } });
    try {
      const { fileName, size } = await downloadBackup(EXPORT_URL, {
        ...(estimate ? { expectedBytes: estimate.bytes } : {}),
        onProgress: (progress) => setState({ kind: "downloading", progress }),
      });
      setState({ kind: "done", fileName, size });
      toast.success("Sauvegarde téléchargée", { description: fileName });
      onExported?.();
    } catch (error) {
      setState({ kind: "failed", message: error instanceof Error ? error.message : String(error) });
    }
  }, [estimate, onExported]);

  return (
    <section className="card" aria-labelledby="export-title" data-testid="export-panel">
      <h2 id="export-title">Exporter</h2>
      <p className="muted small">Un seul fichier (.json.gz) avec toutes vos données : paramètres, utilisateurs (sans mots de passe), catalogue, clients, ventes, factures et devis.</p>
      <p data-testid="estimate">
        {estimate ? (
          <>
            Taille estimée : <strong>{formatSize(estimate.bytes)}</strong> ({estimate.records.toLocaleString("fr-FR")} enregistrements)
          </>
        ) : estimateError ? (
          <span className="muted">Taille estimée indisponible ({estimateError}).</span>
        ) : (
          <span className="muted">Calcul de la taille estimée…</span>
        )}
      </p>
      {estimate?.advice === "warn" ? (
        <div className="alert warn">Sauvegarde volumineuse : le téléchargement peut prendre un moment.</div>
      ) : estimate?.advice === "selective" ? (
        <div className="alert warn">Sauvegarde très volumineuse : pensez à exporter par module (catalogue, ventes…) si le téléchargement échoue.</div>
      ) : null}

      <button type="button" className="button" onClick={run} disabled={state.kind === "downloading"}>
        {state.kind === "downloading" ? "Export en cours…" : "Exporter toutes les données"}
      </button>

      {state.kind === "downloading" ? (
        <div style={{ marginTop: "0.75rem" }} data-testid="export-progress">
          <ProgressBar value={state.progress.received} total={state.progress.total} label="Téléchargement de la sauvegarde" />
          <p className="small muted">
            {formatSize(state.progress.received)}
            {state.progress.total ? ` sur environ ${formatSize(state.progress.total)}` : ""} téléchargés
          </p>
        </div>
      ) : null}
      {state.kind === "done" ? (
        <p className="alert ok" data-testid="export-done">
          Fichier enregistré dans vos téléchargements : <strong>{state.fileName}</strong> ({formatSize(state.size)}). Gardez-en une copie hors de cet ordinateur (clé USB, cloud).
        </p>
      ) : null}
      {state.kind === "failed" ? (
        <div className="alert error" role="alert" data-testid="export-error">
          L’export a échoué : {state.message}
          <div className="row" style={{ marginTop: "0.5rem" }}>
            <button type="button" className="button secondary" onClick={run}>
              Réessayer
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}

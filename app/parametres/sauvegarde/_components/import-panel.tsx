"use client";
/**
 * Restoring a backup, in steps the owner can follow on a phone:
 * 1. drop the file (or pick it);
 * 2. the browser checks it in a worker: format, version, checksum, every record;
 * 3. the server previews the import (a dry run): counts per model, conflicts to decide;
 * 4. the import, with its progress events as a bar;
 * 5. the report.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { useDropzone } from "react-dropzone";
import { toast } from "sonner";
import { verifyInWorker, type Verification, type VerifyStage } from "../../../../runtime/browser/index.ts";
import type { ImportReport, Problem, Progress, Resolution } from "../../../../runtime/options.ts";
import { previewImport, runImport, ImportRefused, type ImportMode } from "../../../_lib/api.ts";
import { PHASE_LABELS, modelLabel } from "../../../_lib/models.ts";
import { formatSize } from "../../../_lib/problems-fr.ts";
import { ConflictList } from "./conflict-list.tsx";
import { ImportCounts } from "./import-counts.tsx";
import { ProblemList } from "./problem-list.tsx";
import { ProgressBar } from "./progress-bar.tsx";

type Verified = Extract<Verification, { ok: true }>;
type Step =
  | { readonly kind: "idle" }
  | { readonly kind: "checking"; readonly file: File; readonly stage: VerifyStage | "read" }
  | { readonly kind: "invalid"; readonly file: File; readonly problems: readonly Problem[] }
  | { readonly kind: "previewing"; readonly file: File; readonly verified: Verified }
  | { readonly kind: "preview"; readonly file: File; readonly verified: Verified; readonly report: ImportReport }
  | { readonly kind: "importing"; readonly file: File; readonly progress: Progress | undefined }
  | { readonly kind: "done"; readonly file: File; readonly report: ImportReport }
  | { readonly kind: "failed"; readonly file: File; readonly message: string; readonly problems: readonly Problem[]; readonly retry: () => void };

const STAGE_LABELS: Record<VerifyStage | "read", string> = {
  read: "Lecture du fichier…",
  decompress: "Décompression et contrôle de la somme de contrôle…",
  records: "Vérification de chaque enregistrement…",
};

export function ImportPanel({ onImported }: { onImported?: () => void }) {
  const [step, setStep] = useState<Step>({ kind: "idle" });
  const [mode, setMode] = useState<ImportMode>("merge");
  const [choices, setChoices] = useState<Record<string, Resolution>>({});
  const worker = useRef<Worker | undefined>(undefined);

  useEffect(() => () => worker.current?.terminate(), []);

  const preview = useCallback(async (file: File, verified: Verified, importMode: ImportMode) => {
    setStep({ kind: "previewing", file, verified });
    try {
      const report = await previewImport(file, importMode);
      setChoices({});
      setStep({ kind: "preview", file, verified, report });
    } catch (error) {
      fail(file, error, () => void preview(file, verified, importMode));
    }
  }, []);

  const fail = (file: File, error: unknown, retry: () => void) => {
    const problems = error instanceof ImportRefused ? error.problems : [];
    setStep({ kind: "failed", file, message: error instanceof Error ? error.message : String(error), problems, retry });
  };

  const check = useCallback(
    async (file: File) => {
      setStep({ kind: "checking", file, stage: "read" });
      try {
        worker.current ??= new Worker(new URL("./verify.worker.ts", import.meta.url), { type: "module" });
        const result = await verifyInWorker(worker.current, file, { onStage: (stage) => setStep({ kind: "checking", file, stage }) });
        if (!result.ok) {
          setStep({ kind: "invalid", file, problems: result.problems });
          return;
        }
        await preview(file, result, mode);
      } catch (error) {
        fail(file, error, () => void check(file));
      }
    },
    [mode, preview],
  );

  const start = useCallback(
    async (file: File, resolutions: Record<string, Resolution>) => {
      setStep({ kind: "importing", file, progress: undefined });
      try {
        const report = await runImport(file, { mode, resolutions }, (progress) => setStep({ kind: "importing", file, progress }));
        if (report.conflicts.length > 0 && !report.written) {
          toast.warning("Vos données ont changé entre-temps : de nouveaux conflits sont à trancher.");
          const verified = step.kind === "preview" ? step.verified : undefined;
          if (verified) setStep({ kind: "preview", file, verified, report });
          return;
        }
        setStep({ kind: "done", file, report });
        toast.success("Import terminé", { description: file.name });
        onImported?.();
      } catch (error) {
        fail(file, error, () => void start(file, resolutions));
      }
    },
    [mode, onImported, step],
  );

  const { getRootProps, getInputProps, isDragActive, open } = useDropzone({
    multiple: false,
    noClick: true,
    noKeyboard: true,
    onDrop: (files) => {
      const file = files[0];
      if (file) void check(file);
    },
  });

  const reset = () => {
    setStep({ kind: "idle" });
    setChoices({});
  };
  const busy = step.kind === "checking" || step.kind === "previewing" || step.kind === "importing";

  return (
    <section className="card" aria-labelledby="import-title" data-testid="import-panel">
      <h2 id="import-title">Restaurer une sauvegarde</h2>

      {step.kind === "idle" || step.kind === "invalid" ? (
        <div {...getRootProps({ className: isDragActive ? "dropzone active" : "dropzone", "data-testid": "dropzone" } as Record<string, unknown>)}>
          <input {...getInputProps({ "aria-label": "Fichier de sauvegarde" } as Record<string, unknown>)} data-testid="file-input" />
          <p style={{ margin: "0 0 0.6rem" }}>{isDragActive ? "Déposez le fichier ici…" : "Glissez-déposez ici un fichier de sauvegarde (.json.gz ou .json)"}</p>
          <button type="button" className="button secondary" onClick={open}>
            Choisir un fichier…
          </button>
          <p className="small muted" style={{ margin: "0.6rem 0 0" }}>
            Le fichier est d’abord vérifié dans votre navigateur ; rien n’est modifié avant votre confirmation.
          </p>
        </div>
      ) : null}

      {step.kind === "invalid" ? (
        <div className="alert error" role="alert" data-testid="import-invalid">
          <strong>Ce fichier ne peut pas être importé : {step.file.name}</strong>
          <ProblemList problems={step.problems} />
          <p className="small" style={{ margin: "0.4rem 0 0" }}>
            Vos données n’ont pas été modifiées. Choisissez un autre fichier.
          </p>
        </div>
      ) : null}

      {step.kind === "checking" ? (
        <div data-testid="import-checking">
          <p>
            <strong>{step.file.name}</strong> ({formatSize(step.file.size)})
          </p>
          <ProgressBar value={0} total={undefined} label="Vérification du fichier" />
          <p className="small muted">{STAGE_LABELS[step.stage]}</p>
        </div>
      ) : null}

      {step.kind === "previewing" ? (
        <div data-testid="import-previewing">
          <p className="alert ok">Fichier vérifié : format, version, somme de contrôle et {step.verified.metadata.total_records.toLocaleString("fr-FR")} enregistrements valides.</p>
          <ProgressBar value={0} total={undefined} label="Préparation de l’aperçu" />
          <p className="small muted">Comparaison avec vos données (aucune modification)…</p>
        </div>
      ) : null}

      {step.kind === "preview" ? (
        <div data-testid="import-preview">
          <p className="alert ok">
            <strong>{step.file.name}</strong> — sauvegarde du {new Date(step.verified.metadata.exported_at).toLocaleString("fr-FR")}, vérifiée dans votre navigateur (format{" "}
            {step.verified.metadata.version}, somme de contrôle, {step.verified.metadata.total_records.toLocaleString("fr-FR")} enregistrements).
          </p>
          <div className="row" role="radiogroup" aria-label="Mode d’import" style={{ marginBottom: "0.6rem" }}>
            <label>
              <input type="radio" name="mode" checked={mode === "merge"} onChange={() => { setMode("merge"); void preview(step.file, step.verified, "merge"); }} /> Fusionner avec mes données (recommandé)
            </label>
            <label>
              <input type="radio" name="mode" checked={mode === "replace"} onChange={() => { setMode("replace"); void preview(step.file, step.verified, "replace"); }} /> Remplacer mes données par celles du fichier
            </label>
          </div>
          {mode === "replace" ? <div className="alert warn">En mode « Remplacer », les enregistrements absents du fichier seront supprimés.</div> : null}
          <h3>Aperçu de l’import</h3>
          <ImportCounts report={step.report} preview />
          {step.report.errors.length > 0 ? (
            <div className="alert error" role="alert">
              <strong>L’import n’est pas possible :</strong>
              <ProblemList problems={step.report.errors} />
            </div>
          ) : null}
          {step.report.conflicts.length > 0 ? (
            <ConflictList conflicts={step.report.conflicts} choices={choices} onChange={setChoices} />
          ) : null}
          <div className="row" style={{ marginTop: "1rem" }}>
            <button
              type="button"
              className="button"
              disabled={step.report.errors.length > 0 || step.report.conflicts.some((conflict) => !choices[conflict.id])}
              onClick={() => void start(step.file, choices)}
            >
              Importer
            </button>
            <button type="button" className="button secondary" onClick={reset}>
              Annuler
            </button>
          </div>
          {step.report.conflicts.some((conflict) => !choices[conflict.id]) ? (
            <p className="small muted">Choisissez une version pour chaque conflit pour lancer l’import.</p>
          ) : null}
        </div>
      ) : null}

      {step.kind === "importing" ? (
        <div data-testid="import-progress">
          <p>
            <strong>Import en cours…</strong> Ne fermez pas cette page.
          </p>
          <ProgressBar value={step.progress?.done ?? 0} total={step.progress?.total || undefined} label="Progression de l’import" />
          <p className="small muted">
            {step.progress ? PHASE_LABELS[step.progress.phase] ?? step.progress.phase : "Envoi du fichier…"}
            {step.progress?.model ? ` — ${modelLabel(step.progress.model)}` : ""}
            {step.progress && step.progress.total > 0 ? ` : ${step.progress.done.toLocaleString("fr-FR")} / ${step.progress.total.toLocaleString("fr-FR")}` : ""}
          </p>
        </div>
      ) : null}

      {step.kind === "done" ? (
        <div data-testid="import-report">
          <p className="alert ok" role="status">
            <strong>Import terminé.</strong> {step.report.totals.created.toLocaleString("fr-FR")} créé(s), {step.report.totals.updated.toLocaleString("fr-FR")} mis à jour,{" "}
            {step.report.totals.skipped.toLocaleString("fr-FR")} inchangé(s)
            {step.report.totals.deleted > 0 ? `, ${step.report.totals.deleted.toLocaleString("fr-FR")} supprimé(s)` : ""}
            {step.report.resolved > 0 ? `, ${step.report.resolved} conflit(s) tranché(s)` : ""} en {(step.report.durationMs / 1000).toLocaleString("fr-FR", { maximumFractionDigits: 1 })} s.
          </p>
          <ImportCounts report={step.report} />
          {step.report.backupPath ? (
            <p className="small muted">Une sauvegarde de sécurité de vos données d’avant l’import a été enregistrée sur le serveur (voir l’historique).</p>
          ) : null}
          {step.report.warnings.length > 0 ? (
            <div className="alert warn">
              <strong>Remarques :</strong>
              <ProblemList problems={step.report.warnings} />
            </div>
          ) : null}
          <button type="button" className="button secondary" onClick={reset}>
            Importer un autre fichier
          </button>
        </div>
      ) : null}

      {step.kind === "failed" ? (
        <div className="alert error" role="alert" data-testid="import-error">
          <strong>L’opération a échoué : {step.message}</strong>
          {step.problems.length > 0 ? <ProblemList problems={step.problems} /> : null}
          <p className="small" style={{ margin: "0.4rem 0" }}>
            Rien n’a été modifié dans vos données.
          </p>
          <div className="row">
            <button type="button" className="button secondary" onClick={step.retry} disabled={busy}>
              Réessayer
            </button>
            <button type="button" className="button secondary" onClick={reset}>
              Choisir un autre fichier
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}

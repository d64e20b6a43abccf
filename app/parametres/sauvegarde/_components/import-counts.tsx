/** Per-model counts of an import report: what the preview announces, or what the import did. */
import type { ImportReport } from "../../../../runtime/options.ts";
import { MODEL_LABELS, modelLabel } from "../../../_lib/models.ts";

/** Models in the order the app shows them (settings first, then catalogue, then sales). */
const ORDER = Object.keys(MODEL_LABELS);
const rank = (model: string) => (ORDER.includes(model) ? ORDER.indexOf(model) : ORDER.length);

export function ImportCounts({ report, preview = false }: { report: ImportReport; preview?: boolean }) {
  const rows = Object.entries(report.models)
    .filter(([, counts]) => counts.inFile > 0 || counts.deleted > 0)
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
  const showDeleted = report.mode === "replace" || rows.some(([, counts]) => counts.deleted > 0);
  return (
    <div className="table-wrap">
      <table data-testid={preview ? "preview-counts" : "report-counts"}>
        <thead>
          <tr>
            <th>Données</th>
            <th className="num"><span className="wide">Dans le fichier</span><span className="narrow" aria-hidden="true">Fichier</span></th>
            <th className="num"><span className="wide">{preview ? "À créer" : "Créés"}</span><span className="narrow" aria-hidden="true">{preview ? "Créer" : "Créés"}</span></th>
            <th className="num"><span className="wide">{preview ? "À mettre à jour" : "Mis à jour"}</span><span className="narrow" aria-hidden="true">MàJ</span></th>
            <th className="num"><span className="wide">Inchangés</span><span className="narrow" aria-hidden="true">Inch.</span></th>
            {showDeleted ? <th className="num"><span className="wide">{preview ? "À supprimer" : "Supprimés"}</span><span className="narrow" aria-hidden="true">Suppr.</span></th> : null}
            <th className="num"><span className="wide">Conflits</span><span className="narrow" aria-hidden="true">Confl.</span></th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([model, counts]) => (
            <tr key={model} data-model={model}>
              <td>{modelLabel(model)}</td>
              <td className="num">{counts.inFile.toLocaleString("fr-FR")}</td>
              <td className="num">{counts.created.toLocaleString("fr-FR")}</td>
              <td className="num">{counts.updated.toLocaleString("fr-FR")}</td>
              <td className="num">{counts.skipped.toLocaleString("fr-FR")}</td>
              {showDeleted ? <td className="num">{counts.deleted.toLocaleString("fr-FR")}</td> : null}
              <td className="num">{counts.conflicts.toLocaleString("fr-FR")}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th>Total</th>
            <th className="num">{report.totals.inFile.toLocaleString("fr-FR")}</th>
            <th className="num">{report.totals.created.toLocaleString("fr-FR")}</th>
            <th className="num">{report.totals.updated.toLocaleString("fr-FR")}</th>
            <th className="num">{report.totals.skipped.toLocaleString("fr-FR")}</th>
            {showDeleted ? <th className="num">{report.totals.deleted.toLocaleString("fr-FR")}</th> : null}
            <th className="num">{report.totals.conflicts.toLocaleString("fr-FR")}</th>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** Per-model counts of an import report: what the preview announces, or what the import did. */
import type { ImportReport } from "../../../../runtime/options.ts";
import { modelLabel } from "../../../_lib/models.ts";

export function ImportCounts({ report, preview = false }: { report: ImportReport; preview?: boolean }) {
  const rows = Object.entries(report.models).filter(([, counts]) => counts.inFile > 0 || counts.deleted > 0);
  const showDeleted = report.mode === "replace" || rows.some(([, counts]) => counts.deleted > 0);
  return (
    <div className="table-wrap">
      <table data-testid={preview ? "preview-counts" : "report-counts"}>
        <thead>
          <tr>
            <th>Données</th>
            <th className="num">Dans le fichier</th>
            <th className="num">{preview ? "À créer" : "Créés"}</th>
            <th className="num">{preview ? "À mettre à jour" : "Mis à jour"}</th>
            <th className="num">{preview ? "Inchangés" : "Inchangés"}</th>
            {showDeleted ? <th className="num">{preview ? "À supprimer" : "Supprimés"}</th> : null}
            <th className="num">Conflits</th>
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

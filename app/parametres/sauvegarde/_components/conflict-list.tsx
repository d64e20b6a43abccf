"use client";
/**
 * Conflicts of an import: a field that differs between the database and the file with no rule
 * to decide it. Each one is decided "keep mine" (existing) or "take the file's" (incoming), or
 * all at once.
 */
import type { Conflict, Resolution } from "../../../../runtime/options.ts";
import { ENUM_LABELS, modelLabel } from "../../../_lib/models.ts";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function show(value: unknown): string {
  if (value === null || value === undefined) return "(vide)";
  if (typeof value === "string") {
    if (value === "") return "(vide)";
    if (ENUM_LABELS[value]) return `${ENUM_LABELS[value]} (${value})`;
    if (ISO_DATE.test(value)) return new Date(value).toLocaleString("fr-FR", { dateStyle: "medium", timeStyle: "short" });
    return value;
  }
  return JSON.stringify(value);
}

export function ConflictList({
  conflicts,
  choices,
  onChange,
}: {
  conflicts: readonly Conflict[];
  choices: Readonly<Record<string, Resolution>>;
  onChange: (choices: Record<string, Resolution>) => void;
}) {
  const all = (resolution: Resolution) => onChange(Object.fromEntries(conflicts.map((conflict) => [conflict.id, resolution])));
  const decided = conflicts.filter((conflict) => choices[conflict.id]).length;
  return (
    <div data-testid="conflicts">
      <h3>
        {conflicts.length} conflit{conflicts.length > 1 ? "s" : ""} à trancher <span className="small muted">({decided} tranché{decided > 1 ? "s" : ""})</span>
      </h3>
      <p className="small muted">
        Ces informations diffèrent entre vos données actuelles et le fichier. Pour chacune, gardez votre version ou prenez celle du fichier.
      </p>
      <div className="row" style={{ marginBottom: "0.5rem" }}>
        <button type="button" className="button secondary" onClick={() => all("existing")}>
          Tout garder (mes données)
        </button>
        <button type="button" className="button secondary" onClick={() => all("incoming")}>
          Tout prendre du fichier
        </button>
      </div>
      {conflicts.map((conflict) => {
        const choice = choices[conflict.id];
        const name = `conflict-${conflict.id}`;
        const pick = (resolution: Resolution) => onChange({ ...choices, [conflict.id]: resolution });
        return (
          <fieldset className="conflict" key={conflict.id} data-conflict={conflict.id} style={{ margin: "0.6rem 0" }}>
            <legend className="small">
              <strong>{modelLabel(conflict.model)}</strong> n° {conflict.recordId} — champ « {conflict.field} »
            </legend>
            <div className="values">
              <label className={choice === "existing" ? "chosen" : undefined}>
                <input type="radio" name={name} checked={choice === "existing"} onChange={() => pick("existing")} /> Garder la mienne
                <br />
                <code>{show(conflict.existing)}</code>
              </label>
              <label className={choice === "incoming" ? "chosen" : undefined}>
                <input type="radio" name={name} checked={choice === "incoming"} onChange={() => pick("incoming")} /> Prendre celle du fichier
                <br />
                <code>{show(conflict.incoming)}</code>
              </label>
            </div>
          </fieldset>
        );
      })}
    </div>
  );
}

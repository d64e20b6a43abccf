import type { Problem } from "../../../../runtime/options.ts";
import { describeProblem } from "../../../_lib/problems-fr.ts";

/** Problems in French, the first few listed, each with where it applies and the technical detail. */
export function ProblemList({ problems, limit = 8 }: { problems: readonly Problem[]; limit?: number }) {
  const shown = problems.slice(0, limit);
  return (
    <ul>
      {shown.map((problem, index) => {
        const text = describeProblem(problem);
        return (
          <li key={index} data-code={problem.code}>
            {text.message}
            {text.where ? <span className="small"> — {text.where}</span> : null}
            {text.detail !== text.message ? (
              <details className="small">
                <summary>Détail technique</summary>
                {text.detail}
              </details>
            ) : null}
          </li>
        );
      })}
      {problems.length > shown.length ? <li>… et {problems.length - shown.length} autre(s) problème(s).</li> : null}
    </ul>
  );
}

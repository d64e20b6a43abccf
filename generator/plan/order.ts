/**
 * The import plan: an order in which every model comes after the models its foreign keys point
 * at. A relation of a model to itself does not constrain the order (the runtime writes those
 * records parents first). Cycles between models are broken through optional foreign keys: such
 * a relation is *deferred* (records are created with it unset, and it is set once every model
 * exists). A cycle made of required foreign keys only cannot be imported and is an error.
 *
 * Deterministic: cycles are searched in name order, the relation deferred in a cycle is the
 * first by model and relation name (relations that nest a model in its parent last), deferred
 * relations that turn out unnecessary are restored, and ties in the order are broken by name.
 */
import type { ImportPlan } from "../../runtime/schema.ts";
import type { ModelGraph } from "../model/graph.ts";
import { compare } from "../model/relations.ts";
import type { Reporter } from "../model/report.ts";

/** A dependency: `model` (through `relation`) must be written after `target`. */
interface Edge {
  readonly model: string;
  readonly relation: string;
  readonly target: string;
  readonly required: boolean;
  readonly nests: boolean;
}

export interface PlannedImport {
  readonly plan: ImportPlan;
  /** `Model.relation` of every deferred relation. */
  readonly deferred: ReadonlySet<string>;
}

export const edgeKey = (model: string, relation: string): string => `${model}.${relation}`;

export function planImport(graph: ModelGraph, reporter: Reporter): PlannedImport {
  const names = graph.models.map((model) => model.name);
  const edges: Edge[] = graph.models
    .flatMap((model) =>
      model.relations
        .filter((relation) => relation.target !== model.name)
        .map((relation) => ({ model: model.name, relation: relation.name, target: relation.target, required: relation.required, nests: model.nest?.relation === relation.name })),
    )
    .sort((a, b) => compare(a.model, b.model) || compare(a.relation, b.relation));

  const removed = new Set<Edge>();
  const deferred = new Set<Edge>();
  for (let cycle = findCycle(names, edges, removed); cycle; cycle = findCycle(names, edges, removed)) {
    const optional = cycle.filter((edge) => !edge.required).sort((a, b) => Number(a.nests) - Number(b.nests) || compare(a.model, b.model) || compare(a.relation, b.relation));
    if (optional.length > 0) {
      deferred.add(optional[0]!);
      removed.add(optional[0]!);
      continue;
    }
    reportRequiredCycle(cycle, reporter);
    for (const edge of cycle) removed.add(edge); // keep searching, so that every such cycle is reported
  }
  // A relation deferred early may not be needed once later cycles are broken: restore it if it can be.
  for (const edge of [...deferred]) {
    removed.delete(edge);
    if (findCycle(names, edges, removed)) removed.add(edge);
    else deferred.delete(edge);
  }

  const order = topologicalOrder(names, edges.filter((edge) => !removed.has(edge)));
  const rank = new Map(order.map((name, index) => [name, index]));
  const deferredByModel = new Map<string, string[]>();
  for (const edge of deferred) deferredByModel.set(edge.model, [...(deferredByModel.get(edge.model) ?? []), edge.relation].sort(compare));

  return {
    plan: {
      order,
      selfReferencing: graph.models.filter((model) => model.relations.some((r) => r.target === model.name)).map((model) => model.name),
      deferred: [...deferredByModel].sort(([a], [b]) => rank.get(a)! - rank.get(b)!).map(([model, relations]) => ({ model, relations })),
      links: graph.links.map((link) => link.name),
    },
    deferred: new Set([...deferred].map((edge) => edgeKey(edge.model, edge.relation))),
  };
}

/** The first cycle found by a depth-first search in name order, as its edges; undefined when there is none. */
function findCycle(names: readonly string[], edges: readonly Edge[], removed: ReadonlySet<Edge>): Edge[] | undefined {
  // Follow each model to the models it depends on.
  const outgoing = new Map<string, Edge[]>(names.map((name) => [name, []]));
  for (const edge of edges) if (!removed.has(edge)) outgoing.get(edge.model)?.push(edge);
  const state = new Map<string, "active" | "done">();
  const path: Edge[] = [];

  const visit = (name: string): Edge[] | undefined => {
    state.set(name, "active");
    for (const edge of outgoing.get(name) ?? []) {
      const next = state.get(edge.target);
      if (next === "active") {
        const start = path.findIndex((step) => step.model === edge.target);
        return [...path.slice(start === -1 ? path.length : start), edge];
      }
      if (next === undefined) {
        path.push(edge);
        const cycle = visit(edge.target);
        if (cycle) return cycle;
        path.pop();
      }
    }
    state.set(name, "done");
    return undefined;
  };
  for (const name of names) {
    if (state.has(name)) continue;
    const cycle = visit(name);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Kahn's algorithm; among the models ready to go, the first by name goes first. */
function topologicalOrder(names: readonly string[], edges: readonly Edge[]): string[] {
  const waiting = new Map(names.map((name) => [name, new Set<string>()]));
  for (const edge of edges) waiting.get(edge.model)?.add(edge.target);
  const order: string[] = [];
  while (waiting.size > 0) {
    const ready = [...waiting].filter(([, targets]) => targets.size === 0).map(([name]) => name).sort(compare)[0];
    if (ready === undefined) break; // only after an unbreakable cycle, which is reported
    order.push(ready);
    waiting.delete(ready);
    for (const targets of waiting.values()) targets.delete(ready);
  }
  return order;
}

function reportRequiredCycle(cycle: readonly Edge[], reporter: Reporter): void {
  const first = [...cycle].sort((a, b) => compare(a.model, b.model))[0]!;
  const start = cycle.indexOf(first);
  const steps = [...cycle.slice(start), ...cycle.slice(0, start)].map((edge) => `${edge.model}.${edge.relation} → ${edge.target}`);
  reporter.field(
    "required_cycle",
    `these models refer to each other through required foreign keys only, so none of them can be imported first: ${steps.join(", ")}; make one of these relations optional`,
    first.model,
    first.relation,
  );
}

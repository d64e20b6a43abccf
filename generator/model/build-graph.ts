/**
 * DMMF + annotations → the annotated model graph. Resolves every option to a value (defaults
 * included), checks it against the data model, and collects every problem as a diagnostic; the
 * graph is only meaningful when there are none.
 */
import type { DMMF } from "@prisma/generator-helper";
import type { Section } from "../../runtime/schema.ts";
import { DEFAULT_MODULE, type ModelOptions } from "../annotations/catalog.ts";
import type { Annotations } from "../annotations/read.ts";
import { diagnostic, type Diagnostic } from "../diagnostics.ts";
import { buildFields, idOf } from "./fields.ts";
import type { GraphModel, ModelGraph } from "./graph.ts";
import { resolveMatch } from "./match.ts";
import { defaultKey, lowerFirst } from "./naming.ts";
import { resolveNests, type NestInput, type ResolvedNest } from "./nest.ts";
import { buildRelations, compare, findLinks } from "./relations.ts";
import { Reporter } from "./report.ts";

export interface GraphResult {
  readonly graph: ModelGraph;
  readonly diagnostics: readonly Diagnostic[];
}

const UNSUPPORTED_PROVIDERS = new Set(["mongodb"]);

export function buildModelGraph(datamodel: DMMF.Datamodel, annotations: Annotations, provider: string): GraphResult {
  if (UNSUPPORTED_PROVIDERS.has(provider)) {
    const message = `the "${provider}" provider is not supported: prisma-backup reads and writes relational databases`;
    return { graph: { provider, models: [], skipped: [], enums: {}, links: [] }, diagnostics: [diagnostic("unsupported_provider", message)] };
  }
  const reporter = new Reporter(annotations);
  const optionsOf = (model: DMMF.Model): ModelOptions => annotations.models.get(model.name)?.options ?? {};
  const models = datamodel.models.filter((model) => !annotations.views.has(model.name)).sort((a, b) => compare(a.name, b.name));
  const skipped = new Set(models.filter((model) => optionsOf(model).skip).map((model) => model.name));
  for (const model of models.filter((m) => skipped.has(m.name))) reportFieldAnnotationsOfSkipped(model, annotations, reporter);

  const enums = new Map(datamodel.enums.map((e) => [e.name, e.values.map((value) => value.name)]));
  const inputs = new Map<string, NestInput>();
  for (const model of models.filter((m) => !skipped.has(m.name))) {
    const fields = buildFields(model, { annotations, reporter, enums });
    inputs.set(model.name, { model, options: optionsOf(model), fields, relations: buildRelations(model, fields, { skipped, views: annotations.views }, reporter) });
  }
  const nests = resolveNests(inputs, skipped, reporter);
  const links = findLinks(datamodel, new Set([...skipped, ...annotations.views]));

  const graphModels: GraphModel[] = [];
  for (const [name, input] of inputs) {
    const { model, options, fields } = input;
    const nest = nests.get(name);
    const module = moduleOf(name, inputs, nests, reporter);
    const updatedAt = fields.find((field) => field.updatedAt && !field.omit)?.name;
    const merge = options.merge?.value ?? "auto";
    if (merge === "newest" && !updatedAt) {
      reporter.model("invalid_merge", `merge: newest needs an @updatedAt field, and ${name} has none that is backed up`, name, options.merge!.at);
    }
    const match = resolveMatch(model, options, fields, reporter);
    graphModels.push({
      name,
      delegate: lowerFirst(name),
      table: model.dbName ?? name,
      module,
      section: sectionOf(name, inputs, nests),
      key: nest ? nest.key : (options.key?.value ?? defaultKey(name)),
      single: options.single !== undefined,
      ...(nest ? { nest: { parent: nest.parent, relation: nest.relation, ...(nest.orphans !== undefined ? { orphans: nest.orphans } : {}) } } : {}),
      id: idOf(model),
      ...(match !== undefined ? { match } : {}),
      merge,
      ...(updatedAt ? { updatedAt } : {}),
      fields,
      relations: input.relations,
      links: links.filter((link) => link.owner === name).map((link) => link.name),
    });
  }
  reportDuplicateKeys(graphModels, inputs, reporter);

  const usedEnums = new Set(graphModels.flatMap((model) => model.fields.filter((f) => !f.omit && f.enum).map((f) => f.enum!)));
  const graph: ModelGraph = {
    provider,
    models: graphModels,
    skipped: [...skipped],
    enums: Object.fromEntries([...enums].filter(([name]) => usedEnums.has(name)).sort(([a], [b]) => compare(a, b))),
    links,
  };
  return { graph, diagnostics: reporter.diagnostics };
}

/** A nested model stands in its parent's section unless it names one (which then only places its orphans). */
function sectionOf(name: string, inputs: ReadonlyMap<string, NestInput>, nests: ReadonlyMap<string, ResolvedNest>): Section {
  const own = inputs.get(name)?.options.section?.value;
  if (own) return own;
  const parent = nests.get(name)?.parent;
  return parent ? sectionOf(parent, inputs, nests) : "data";
}

/** A nested model belongs to its parent's module: it cannot be exported without it. */
function moduleOf(name: string, inputs: ReadonlyMap<string, NestInput>, nests: ReadonlyMap<string, ResolvedNest>, reporter?: Reporter): string {
  const own = inputs.get(name)?.options.module;
  const parent = nests.get(name)?.parent;
  if (!parent) return own?.value ?? DEFAULT_MODULE;
  const inherited = moduleOf(parent, inputs, nests);
  if (own && own.value !== inherited && reporter) {
    reporter.model("invalid_module", `a nested model belongs to its parent's module: ${parent} is in "${inherited}", not "${own.value}"`, name, own.at);
  }
  return inherited;
}

/** Two models (or orphans) under the same key of a section. */
function reportDuplicateKeys(models: readonly GraphModel[], inputs: ReadonlyMap<string, NestInput>, reporter: Reporter): void {
  const taken = new Map<string, string>();
  const claim = (model: GraphModel, key: string, at: ModelOptions["key"] | ModelOptions["orphans"]) => {
    const place = `${model.section}.${key}`;
    const owner = taken.get(place);
    if (owner === undefined) taken.set(place, model.name);
    else reporter.model("invalid_key", `the key "${key}" in section "${model.section}" is already taken by ${owner} (choose another with @backup(key: "..."))`, model.name, at?.at);
  };
  for (const model of models) {
    const options = inputs.get(model.name)!.options;
    if (!model.nest) claim(model, model.key, options.key);
    else if (model.nest.orphans !== undefined) claim(model, model.nest.orphans, options.orphans);
  }
}

/** Field annotations on a skipped model would do nothing: say so rather than ignore them. */
function reportFieldAnnotationsOfSkipped(model: DMMF.Model, annotations: Annotations, reporter: Reporter): void {
  for (const field of model.fields) {
    const options = annotations.fields.get(`${model.name}.${field.name}`)?.options ?? {};
    const first = Object.values(options)[0] as { at: Parameters<Reporter["field"]>[4] } | undefined;
    if (first) reporter.field("conflicting_options", `${model.name} is skipped, so annotations on its fields have no effect`, model.name, field.name, first.at);
  }
}

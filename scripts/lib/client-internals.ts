/**
 * What a generated Prisma 7 client says about itself at run time: its provider and its data
 * model (models, tables, fields, columns and scalar types). Both live on the client instance
 * (`_activeProvider`, `_runtimeDataModel`, from the generated `config`); they are internal but
 * stable across Prisma 5–7, and spare the seed and the test helpers a copy of the schema.
 */

export type ClientProvider = "sqlite" | "postgresql";

export interface RuntimeField {
  name: string;
  kind: "scalar" | "enum" | "object" | "unsupported";
  /** Prisma type (`String`, `Decimal`, …), an enum's or a model's name. */
  type: string;
  /** Column name when `@map` sets one. */
  dbName?: string | null;
}

export interface RuntimeDataModel {
  models: Record<string, { dbName?: string | null; fields: RuntimeField[] }>;
}

interface ClientInternals {
  _activeProvider?: string;
  _runtimeDataModel?: RuntimeDataModel;
}

export function clientProvider(prisma: object): ClientProvider {
  const provider = (prisma as ClientInternals)._activeProvider;
  if (provider === "sqlite") return "sqlite";
  if (provider === "postgresql" || provider === "postgres") return "postgresql";
  throw new Error(`Only SQLite and PostgreSQL clients are supported, not "${provider ?? "unknown"}"`);
}

export function clientDataModel(prisma: object): RuntimeDataModel {
  const model = (prisma as ClientInternals)._runtimeDataModel;
  if (!model?.models) throw new Error("This Prisma client exposes no runtime data model (_runtimeDataModel)");
  return model;
}

/** Per table: column name → Prisma scalar type (`Enum` for enums). */
export function columnTypes(dataModel: RuntimeDataModel): Map<string, Map<string, string>> {
  return new Map(
    Object.entries(dataModel.models).map(([name, model]) => [
      model.dbName ?? name,
      new Map(
        model.fields
          .filter((f) => f.kind === "scalar" || f.kind === "enum")
          .map((f) => [f.dbName ?? f.name, f.kind === "enum" ? "Enum" : f.type]),
      ),
    ]),
  );
}

/**
 * Implicit many-to-many links, read from and written to Prisma's join tables with raw SQL:
 * Prisma's API only reaches them through nested reads, which fail on SQLite past ~1000 parents.
 */
import type { Dialect, Queries } from "../database.ts";
import { paddedChunk } from "../rows.ts";
import type { FieldSpec, LinkSpec, ModelSpec } from "../schema.ts";

const IDS_PER_QUERY = 512;

export function otherColumn(link: LinkSpec): "A" | "B" {
  return link.ownerColumn === "A" ? "B" : "A";
}

/** For each owner id, the linked target ids in ascending order. */
export async function readLinks(queries: Queries, dialect: Dialect, link: LinkSpec, ownerIds: readonly unknown[]): Promise<Map<string, unknown[]>> {
  const byOwner = new Map<string, unknown[]>();
  const owner = dialect.quote(link.ownerColumn);
  const other = dialect.quote(otherColumn(link));
  for (let start = 0; start < ownerIds.length; start += IDS_PER_QUERY) {
    const chunk = paddedChunk(ownerIds.slice(start, start + IDS_PER_QUERY));
    const params = chunk.map((_, i) => dialect.param(i + 1)).join(",");
    const rows = await queries.$queryRawUnsafe<{ owner: unknown; other: unknown }[]>(
      `SELECT ${owner} AS owner, ${other} AS other FROM ${dialect.quote(link.table)} WHERE ${owner} IN (${params}) ORDER BY ${owner}, ${other}`,
      ...chunk,
    );
    for (const row of rows) {
      const key = String(row.owner);
      const list = byOwner.get(key) ?? [];
      list.push(row.other);
      byOwner.set(key, list);
    }
  }
  return byOwner;
}

/** The single id field of a model on either side of a link (Prisma requires one for implicit m2m). */
export function idFieldOf(model: ModelSpec): FieldSpec {
  const field = model.fields.find((f) => f.name === model.id[0]);
  if (!field || model.id.length !== 1) throw new Error(`Backup schema: ${model.name} needs a single id field for its many-to-many links`);
  return field;
}

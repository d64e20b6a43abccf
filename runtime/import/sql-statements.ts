/**
 * The bulk statements of an import, each reading its rows from one JSON batch (sql-batch.ts):
 * an INSERT of many rows, an UPDATE or a DELETE of many rows by primary key, each a single
 * statement.
 * Where no bulk dialect is known, a plain multi-row INSERT … VALUES with bound parameters.
 */
import type { Dialect } from "../database.ts";
import type { BatchColumn, JsonBatch } from "./sql-batch.ts";

/** `INSERT INTO table (columns) SELECT … FROM batch`. */
export function insertSql(dialect: Dialect, table: string, columns: readonly BatchColumn[], batch: JsonBatch): string {
  const names = columns.map((column) => dialect.quote(column.column)).join(", ");
  const values = columns.map((_, i) => batch.value(i)).join(", ");
  return `INSERT INTO ${dialect.quote(table)} (${names}) SELECT ${values} FROM ${batch.from}`;
}

/**
 * `UPDATE table SET … FROM batch WHERE key = …`: the batch's first `keys.length` columns are
 * the primary key, the others the values to set. The affected row count tells whether each
 * row was found.
 */
export function updateSql(dialect: Dialect, table: string, keys: readonly BatchColumn[], sets: readonly BatchColumn[], batch: JsonBatch): string {
  const { quote } = dialect;
  const target = quote(table);
  const assignments = sets.map((column, i) => `${quote(column.column)} = ${batch.value(keys.length + i)}`).join(", ");
  const matches = keys.map((column, i) => `${target}.${quote(column.column)} = ${batch.value(i)}`).join(" AND ");
  return `UPDATE ${target} SET ${assignments} FROM ${batch.from} WHERE ${matches}`;
}

/** `DELETE FROM table WHERE (key) IN (SELECT … FROM batch)`: the batch's columns are the primary key. */
export function deleteSql(dialect: Dialect, table: string, keys: readonly BatchColumn[], batch: JsonBatch): string {
  const names = keys.map((column) => dialect.quote(column.column)).join(", ");
  const values = keys.map((_, i) => batch.value(i)).join(", ");
  return `DELETE FROM ${dialect.quote(table)} WHERE (${names}) IN (SELECT ${values} FROM ${batch.from})`;
}

/** `INSERT INTO table (columns) VALUES (?, ?), …` for `rows` rows: the portable spelling. */
export function valuesInsertSql(dialect: Dialect, table: string, columns: readonly BatchColumn[], rows: number): string {
  const names = columns.map((column) => dialect.quote(column.column)).join(", ");
  let n = 0;
  const tuples = Array.from({ length: rows }, () => `(${columns.map(() => dialect.param(++n)).join(", ")})`).join(", ");
  return `INSERT INTO ${dialect.quote(table)} (${names}) VALUES ${tuples}`;
}

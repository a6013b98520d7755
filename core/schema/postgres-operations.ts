import type { Knex } from 'knex';
import { conversionOf } from './column-change.js';
import { postgresType, sqlLiteral } from './column-definition.js';
import { quoteIdentifier } from '../query/quote-identifier.js';
import type { ColumnSpec } from './snapshot.js';

/**
 * The primary key's index and the id sequence keep the old table's name; give
 * them the new one, so a new type that takes the old name later gets the
 * usual names too. Names in use, or not found, are left alone.
 */
export async function renameCompanions(trx: Knex.Transaction, from: string, to: string): Promise<void> {
  for (const [kind, suffix] of [['INDEX', '_pkey'], ['SEQUENCE', '_id_seq']] as const) {
    const found = await trx.raw('SELECT to_regclass(?) AS source, to_regclass(?) AS target',
      [quoteIdentifier(`${from}${suffix}`), quoteIdentifier(`${to}${suffix}`)]) as { rows: Array<{ source: string | null; target: string | null }> };
    const row = found.rows[0];
    if (row?.source && !row.target) {
      await trx.raw(`ALTER ${kind} ${quoteIdentifier(`${from}${suffix}`)} RENAME TO ${quoteIdentifier(`${to}${suffix}`)}`);
    }
  }
}

export async function alterColumn(trx: Knex.Transaction, tableName: string, from: ColumnSpec, to: ColumnSpec): Promise<void> {
  const table = quoteIdentifier(tableName);
  const column = quoteIdentifier(to.name);
  const alter = (clause: string) => trx.raw(`ALTER TABLE ${table} ALTER COLUMN ${column} ${clause}`);
  const retyped = conversionOf(from, to) !== 'same';
  // An old default may not cast to the new type: drop it first, set the new one after.
  if (from.default !== undefined && (retyped || to.default !== from.default)) await alter('DROP DEFAULT');
  if (retyped) await alter(`TYPE ${postgresType(to)} USING ${column}::${postgresType(to)}`);
  if (to.default !== undefined && to.default !== null && (retyped || to.default !== from.default)) await alter(`SET DEFAULT ${sqlLiteral(to.default)}`);
  if (from.nullable !== to.nullable) await alter(to.nullable ? 'DROP NOT NULL' : 'SET NOT NULL');
  if (JSON.stringify(from.references ?? null) !== JSON.stringify(to.references ?? null)) {
    if (from.references) {
      const constraints = await trx.raw(
        `SELECT c.conname FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
         WHERE c.contype = 'f' AND c.conrelid = ?::regclass AND a.attname = ?`, [table, to.name],
      ) as { rows: Array<{ conname: string }> };
      for (const { conname } of constraints.rows) await trx.raw(`ALTER TABLE ${table} DROP CONSTRAINT ${quoteIdentifier(conname)}`);
    }
    if (to.references) {
      const { references } = to;
      await trx.raw(`ALTER TABLE ${table} ADD CONSTRAINT ${quoteIdentifier(`${tableName}_${to.name}_foreign`)} FOREIGN KEY (${column}) ` +
        `REFERENCES ${quoteIdentifier(references.table)} (${quoteIdentifier(references.column)}) ON DELETE ${references.onDelete}`);
    }
  }
}

import type { Knex } from 'knex';
import { fitIdentifier } from '../content-types/naming.js';
import { createTableFromSpec, defineIndex } from './column-definition.js';
import { quoteIdentifier } from '../query/quote-identifier.js';
import type { TableSpec } from './snapshot.js';

/**
 * Rebuilds a SQLite table into a new shape, for the changes ALTER TABLE cannot
 * make (a column's type, NOT NULL, default or foreign key; dropping a
 * referencing column), following "Making Other Kinds Of Table Schema Changes"
 * (sqlite.org/lang_altertable.html): create the new table, copy the rows,
 * drop the old one, rename the new one into place, recreate indexes and
 * triggers, and check foreign keys before commit.
 *
 * Foreign-key enforcement must be OFF, which the migrator arranges before the
 * transaction starts (the pragma is a no-op inside one). `defer_foreign_keys`
 * is not enough: with enforcement on, DROP TABLE runs an implicit DELETE that
 * fires ON DELETE CASCADE and empties every link table pointing at the table.
 *
 * Columns of `after` that `before` also has are copied (SQLite converts each
 * value to the new column's affinity); new ones take their default.
 */
export async function rebuildSqliteTable(trx: Knex.Transaction, before: TableSpec, after: TableSpec): Promise<void> {
  const name = before.name;
  const enforced = await trx.raw('PRAGMA foreign_keys') as Array<{ foreign_keys: number }>;
  if (enforced[0]?.foreign_keys !== 0) {
    throw new Error(`refusing to rebuild ${name} while foreign keys are enforced: dropping it would cascade into the tables that reference it`);
  }
  await assertLiveColumns(trx, before);

  const triggers = await trx.raw(`SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ?`, [name]) as Array<{ sql: string }>;
  const sequence = await autoincrementSequence(trx, name);
  const temporary = fitIdentifier(`_larder_rebuild_${name}`);
  await createTableFromSpec(trx, 'sqlite', after, { name: temporary, indexes: false });
  const kept = after.columns.filter((column) => before.columns.some((old) => old.name === column.name)).map((column) => quoteIdentifier(column.name)).join(', ');
  await trx.raw(`INSERT INTO ${quoteIdentifier(temporary)} (${kept}) SELECT ${kept} FROM ${quoteIdentifier(name)}`);
  await trx.raw(`DROP TABLE ${quoteIdentifier(name)}`);
  await trx.raw(`ALTER TABLE ${quoteIdentifier(temporary)} RENAME TO ${quoteIdentifier(name)}`);
  if (after.indexes.length > 0) {
    await trx.schema.alterTable(name, (table) => {
      for (const index of after.indexes) defineIndex(table, index);
    });
  }
  for (const trigger of triggers) await trx.raw(trigger.sql);
  // Keep AUTOINCREMENT's high-water mark, so ids of deleted entries are never handed out again.
  if (sequence !== undefined) {
    await trx.raw('UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = ?', [sequence, name]);
  }
}

/** The rebuild writes the table from the migration history's idea of it: refuse if the database disagrees. */
async function assertLiveColumns(trx: Knex.Transaction, spec: TableSpec): Promise<void> {
  const live = await trx.raw(`PRAGMA table_info(${quoteIdentifier(spec.name)})`) as Array<{ name: string }>;
  const actual = live.map((column) => column.name).sort();
  const expected = spec.columns.map((column) => column.name).sort();
  if (actual.join(',') !== expected.join(',')) {
    throw new Error(`table ${spec.name} has columns (${actual.join(', ')}) but the migration history expects (${expected.join(', ')}); ` +
      'the database was changed outside Larder\'s migrations');
  }
}

async function autoincrementSequence(trx: Knex.Transaction, table: string): Promise<number | undefined> {
  const exists = await trx.raw(`SELECT 1 AS found FROM sqlite_schema WHERE type = 'table' AND name = 'sqlite_sequence'`) as unknown[];
  if (exists.length === 0) return undefined;
  const rows = await trx.raw('SELECT seq FROM sqlite_sequence WHERE name = ?', [table]) as Array<{ seq: number }>;
  return rows[0]?.seq;
}

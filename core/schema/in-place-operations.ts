import type { Knex } from 'knex';
import type { Dialect } from '../db/connect.js';
import { quoteIdentifier } from '../query/quote-identifier.js';
import { createTableFromSpec, defineColumn, defineIndex } from './column-definition.js';
import type { Operation } from './operations.js';
import { alterColumn, renameCompanions } from './postgres-operations.js';

/**
 * Applies an operation in place, with ALTER TABLE and friends. On SQLite the
 * caller has already routed the changes ALTER cannot make to a table rebuild
 * (sqlite-operations.ts, sqlite-rebuild.ts); what reaches here works on both.
 */
export async function applyInPlace(trx: Knex.Transaction, dialect: Dialect, operation: Operation): Promise<void> {
  switch (operation.op) {
    case 'createTable':
      await createTableFromSpec(trx, dialect, operation.table);
      return;
    case 'renameTable':
      await trx.raw(`ALTER TABLE ${quoteIdentifier(operation.from)} RENAME TO ${quoteIdentifier(operation.to)}`);
      // Foreign keys, indexes and the id sequence follow the table on PostgreSQL; their names do not.
      if (dialect === 'postgres') await renameCompanions(trx, operation.from, operation.to);
      return;
    case 'renameColumn':
      await trx.raw(`ALTER TABLE ${quoteIdentifier(operation.table)} RENAME COLUMN ${quoteIdentifier(operation.from)} TO ${quoteIdentifier(operation.to)}`);
      return;
    case 'addColumn':
      await trx.schema.alterTable(operation.table, (table) => defineColumn(table, dialect, operation.column));
      return;
    case 'alterColumn':
      // On SQLite only content rules (required, enum values) reach here: checked, nothing to change.
      if (dialect === 'postgres') await alterColumn(trx, operation.table, operation.from, operation.to);
      return;
    case 'dropColumn':
      await trx.raw(`ALTER TABLE ${quoteIdentifier(operation.table)} DROP COLUMN ${quoteIdentifier(operation.column.name)}`);
      return;
    case 'dropTable':
      await trx.raw(`DROP TABLE ${quoteIdentifier(operation.table.name)}`);
      return;
    case 'addIndex':
      await trx.schema.alterTable(operation.table, (table) => defineIndex(table, operation.index));
      return;
    case 'dropIndex':
      // knex makes a unique index a table constraint on PostgreSQL.
      if (dialect === 'postgres' && operation.index.unique) {
        await trx.raw(`ALTER TABLE ${quoteIdentifier(operation.table)} DROP CONSTRAINT ${quoteIdentifier(operation.index.name)}`);
      } else {
        await trx.raw(`DROP INDEX ${quoteIdentifier(operation.index.name)}`);
      }
      return;
    case 'renameType':
    case 'changeKind':
      // Content rules only (which type a table serves, single or collection): nothing to change in the tables.
      return;
  }
}

import type { Knex } from 'knex';
import type { Dialect } from '../db/connect.js';
import { checkOperation } from './data-checks.js';
import { evolveSnapshot } from './evolve-snapshot.js';
import type { Operation } from './operations.js';
import { applyInPlace } from './in-place-operations.js';
import { emptySnapshot, type SchemaSnapshot, type TableSpec } from './snapshot.js';
import { SYSTEM_TABLE } from './system-tables.js';
import { rebuildSqliteTable } from './sqlite-rebuild.js';
import { needsSqliteRebuild } from './sqlite-operations.js';

/**
 * Runs operations inside the given transaction, starting from the schema
 * `base` (the snapshot of the last applied migration). Before each step its
 * data checks run (data-checks.ts), so a step the data does not allow fails
 * before anything changes. Returns the schema the operations led to.
 *
 * On SQLite, consecutive steps on one table that need a rebuild share one
 * rebuild: three column changes copy the table once, not three times.
 */
export async function applyOperations(
  trx: Knex.Transaction, dialect: Dialect, operations: readonly Operation[], base: SchemaSnapshot = emptySnapshot(),
): Promise<SchemaSnapshot> {
  let working = base;
  for (let i = 0; i < operations.length;) {
    const operation = operations[i]!;
    const name = tableName(operation);
    if (dialect === 'sqlite' && needsSqliteRebuild(operation, tableIn(working, name))) {
      const before = tableIn(working, name);
      if (!before) throw new Error(`table ${name} is not in the schema the migration starts from, so it cannot be rebuilt`);
      let next = working;
      for (; i < operations.length && tableName(operations[i]!) === name && rebuildable(operations[i]!); i++) {
        await checkOperation(trx, dialect, operations[i]!, next);
        next = evolveSnapshot(next, operations[i]!);
      }
      await rebuildSqliteTable(trx, before, tableIn(next, name)!);
      working = next;
      continue;
    }
    await checkOperation(trx, dialect, operation, working);
    if (operation.op === 'renameType') await renameTypeInHistory(trx, working, operation.from, operation.to);
    else await applyInPlace(trx, dialect, operation);
    working = evolveSnapshot(working, operation);
    i++;
  }
  return working;
}

/** Column steps a rebuild can carry out together: whatever ALTER TABLE would do, the new table has it. */
function rebuildable(operation: Operation): boolean {
  return operation.op === 'alterColumn' || operation.op === 'addColumn' || operation.op === 'dropColumn';
}

function tableName(operation: Operation): string {
  switch (operation.op) {
    case 'createTable':
    case 'dropTable':
      return operation.table.name;
    case 'renameTable':
      return operation.from;
    case 'renameType':
      return HISTORY_TABLE;
    default:
      return operation.table;
  }
}

const HISTORY_TABLE: string = SYSTEM_TABLE.history;

/** Document history is keyed by the type's singular name (core/content/history.ts): a renamed type keeps its versions. */
async function renameTypeInHistory(trx: Knex.Transaction, working: SchemaSnapshot, from: string, to: string): Promise<void> {
  const history = tableIn(working, HISTORY_TABLE);
  if (!history?.columns.some((column) => column.name === 'content_type')) return;
  await trx(HISTORY_TABLE).where({ content_type: from }).update({ content_type: to });
}

function tableIn(snapshot: SchemaSnapshot, name: string): TableSpec | undefined {
  return snapshot.tables.find((table) => table.name === name);
}

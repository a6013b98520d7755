import { compileFilter, relatedCondition } from './compile-filters.js';
import { compileSort, orderByClause } from './compile-sort.js';
import type { QueryContext } from './find.js';
import { quoteIdentifier as q } from './quote-identifier.js';
import { runSelect } from './run-select.js';
import { formatRow, selectColumns } from './select-columns.js';
import { createSqlScope } from './sql-scope.js';
import type { PopulateNode, PopulateTree, Status } from './types.js';

type EntryObject = Record<string, unknown>;

/**
 * Loads the relations of `tree` into `entries` (all of one type), in place.
 * Batched: one query per relation per level, whatever the number of entries
 * (select from the link table JOIN the target WHERE source IN (...ids)), so
 * a page costs the same number of queries whatever its size (DESIGN §4).
 */
export async function populate(ctx: QueryContext, status: Status, entries: readonly EntryObject[], tree: PopulateTree): Promise<void> {
  if (tree.length === 0 || entries.length === 0) return;
  // One id may stand for several entry objects: the same tag under two articles.
  const byId = new Map<number, EntryObject[]>();
  for (const entry of entries) {
    const id = entry.id as number;
    const list = byId.get(id);
    if (list) list.push(entry);
    else byId.set(id, [entry]);
  }
  await Promise.all(tree.map((node) => populateNode(ctx, status, byId, node)));
}

async function populateNode(ctx: QueryContext, status: Status, parents: Map<number, EntryObject[]>, node: PopulateNode): Promise<void> {
  const { attribute, target } = node;
  const name = attribute.name;
  for (const list of parents.values()) for (const parent of list) parent[name] = attribute.toOne ? null : [];

  const scope = createSqlScope(ctx.dialect, status, ctx.registry, ctx.policy);
  const { sourceColumn, targetColumn } = attribute.link;
  const table = scope.tables.link(attribute);
  const projection = selectColumns(target, ctx.dialect, ctx.policy, node.fields);
  const keys = node.sort.length > 0 ? compileSort(scope, node.sort, 't0') : undefined;
  // Ids are integers read back from the database, so they are written inline:
  // no bound-parameter limit however many parents a level has.
  const ids = [...parents.keys()].filter((id) => Number.isSafeInteger(id)).join(', ');
  const conditions = [`l0.${q(sourceColumn)} IN (${ids})`];
  const visible = relatedCondition(scope, target, 't0');
  if (visible) conditions.push(visible);
  if (node.filters) conditions.push(compileFilter(scope, node.filters, 't0'));
  // Without a requested sort, related entries keep the order they were linked in.
  const order = keys ? orderByClause(scope, keys) : 'l0."id" ASC';
  const sql = `SELECT l0.${q(sourceColumn)} AS "__source", ${projection.columns('t0')} FROM ${q(table)} l0 `
    + `JOIN ${q(scope.tables.content(target))} t0 ON t0."id" = l0.${q(targetColumn)} WHERE ${conditions.join(' AND ')} ORDER BY ${order}`;
  const rows = await runSelect(ctx.knex, sql, scope.bindings, ctx.timer);

  const children: EntryObject[] = [];
  for (const row of rows) {
    const owners = parents.get(Number(row.__source));
    if (!owners) continue;
    for (const owner of owners) {
      if (attribute.toOne) {
        if (owner[name] !== null) continue;
        const child = formatRow(projection, row);
        owner[name] = child;
        children.push(child);
      } else {
        const child = formatRow(projection, row);
        (owner[name] as EntryObject[]).push(child);
        children.push(child);
      }
    }
  }
  await populate(ctx, status, children, node.populate);
}

import type { TableSpec } from './snapshot.js';

/**
 * Tables in an order where every table comes after the tables it references
 * (users after roles, sessions after users, link tables after both content
 * tables), so they can be created and filled in that order; reverse it to
 * drop or empty them. Ties keep the input order. A reference cycle (none
 * exists in Larder's schema) falls back to the input order for its members.
 */
export function orderByReferences<T>(items: readonly T[], tableOf: (item: T) => TableSpec): T[] {
  const byName = new Map(items.map((item) => [tableOf(item).name, item]));
  const ordered: T[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (item: T): void => {
    const table = tableOf(item);
    if (state.get(table.name)) return;
    state.set(table.name, 'visiting');
    for (const column of table.columns) {
      const target = column.references?.table;
      if (target === undefined || target === table.name) continue;
      const dependency = byName.get(target);
      if (dependency !== undefined && state.get(target) === undefined) visit(dependency);
    }
    state.set(table.name, 'done');
    ordered.push(item);
  };
  for (const item of items) visit(item);
  return ordered;
}

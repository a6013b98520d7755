import type { ComponentChildren } from 'preact';

export interface Column<Row> {
  key: string;
  label: string;
  /** The API sort field; absent when the column cannot be sorted. */
  sortField?: string;
  render(row: Row): ComponentChildren;
  numeric?: boolean;
  /** Long text (a title) may wrap; other cells stay on one line. */
  wrap?: boolean;
}

interface Selection<Row> {
  selected: ReadonlySet<string>;
  onChange(next: Set<string>): void;
  /** Names a row for its checkbox's label. */
  label(row: Row): string;
}

interface DataTableProps<Row> {
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  rowKey(row: Row): string;
  /** `field:asc` or `field:desc`, or '' for the server's order. */
  sort?: string;
  onSort?(sort: string): void;
  selection?: Selection<Row>;
  busy?: boolean;
}

/** A table whose headers sort (announced through aria-sort) and whose rows can be selected. */
export function DataTable<Row>({ caption, columns, rows, rowKey, sort = '', onSort, selection, busy }: DataTableProps<Row>) {
  const [sortField, sortOrder] = sort.split(':');
  const allSelected = selection !== undefined && rows.length > 0 && rows.every((row) => selection.selected.has(rowKey(row)));

  const toggleAll = () => {
    if (!selection) return;
    const next = new Set(selection.selected);
    for (const row of rows) {
      if (allSelected) next.delete(rowKey(row));
      else next.add(rowKey(row));
    }
    selection.onChange(next);
  };
  const toggle = (key: string) => {
    if (!selection) return;
    const next = new Set(selection.selected);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    selection.onChange(next);
  };

  return (
    <div class="table-wrap">
      <table class="table" aria-busy={busy}>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {selection ? (
              <th class="cell-check" scope="col">
                <input type="checkbox" aria-label="Select all rows on this page" checked={allSelected} onChange={toggleAll} disabled={rows.length === 0} />
              </th>
            ) : null}
            {columns.map((column) => {
              const sorted = column.sortField !== undefined && column.sortField === sortField;
              const ariaSort = sorted ? (sortOrder === 'desc' ? 'descending' : 'ascending') : undefined;
              return (
                <th key={column.key} scope="col" aria-sort={ariaSort} class={column.numeric ? 'cell-numeric' : undefined}>
                  {column.sortField !== undefined && onSort ? (
                    <button type="button" class="sort-button" onClick={() => onSort(`${column.sortField}:${sorted && sortOrder !== 'desc' ? 'desc' : 'asc'}`)}>
                      {column.label}
                      <span class="sort-icon" aria-hidden="true">{sorted ? (sortOrder === 'desc' ? '▼' : '▲') : '↕'}</span>
                    </button>
                  ) : column.label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const key = rowKey(row);
            return (
              <tr key={key} class={selection?.selected.has(key) ? 'row-selected' : undefined}>
                {selection ? (
                  <td class="cell-check">
                    <input type="checkbox" aria-label={`Select ${selection.label(row)}`} checked={selection.selected.has(key)} onChange={() => toggle(key)} />
                  </td>
                ) : null}
                {columns.map((column) => <td key={column.key} class={cellClass(column)}>{column.render(row)}</td>)}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function cellClass(column: Column<unknown>): string | undefined {
  return [column.numeric ? 'cell-numeric' : '', column.wrap ? 'cell-wrap' : ''].filter(Boolean).join(' ') || undefined;
}

import type { PagePagination } from '../api/types';
import { PAGE_SIZES } from '../content/list-params';

interface PaginationProps {
  pagination: PagePagination;
  onPage(page: number): void;
  onPageSize(pageSize: number): void;
}

/** Rows per page, the range shown, and previous/next. */
export function Pagination({ pagination, onPage, onPageSize }: PaginationProps) {
  const { page, pageSize, pageCount, total } = pagination;
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <nav class="pagination" aria-label="Pagination">
      <label class="pagination-size">
        Rows per page
        <select class="input input-small" value={String(pageSize)} onChange={(event) => onPageSize(Number((event.currentTarget as HTMLSelectElement).value))}>
          {PAGE_SIZES.map((size) => <option key={size} value={String(size)}>{size}</option>)}
        </select>
      </label>
      <span class="pagination-range" aria-live="polite">{first}–{last} of {total}</span>
      <div class="pagination-buttons">
        <button type="button" class="btn btn-small" onClick={() => onPage(page - 1)} disabled={page <= 1}>Previous</button>
        <span class="pagination-page">Page {Math.min(page, Math.max(pageCount, 1))} of {Math.max(pageCount, 1)}</span>
        <button type="button" class="btn btn-small" onClick={() => onPage(page + 1)} disabled={page >= pageCount}>Next</button>
      </div>
    </nav>
  );
}
